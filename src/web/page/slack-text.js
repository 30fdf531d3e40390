/*
 * Slack's text, drawn as the Slack client draws it: mrkdwn (mentions, channel links, links,
 * emphasis, code), standard Markdown (the markdown block), plain_text, and emoji codes. Every
 * text from the server is escaped before it becomes HTML. Shared by the sandbox page's scripts
 * through window.WarroomPage.
 */
/* global window */
(function () {
  'use strict';

  const page = (window.WarroomPage = window.WarroomPage || {});
  /** What the workspace knows about people's and channels' names; the page sets it on every draw. */
  const directory = { names: {}, channels: {} };
  const EMOJI = {
    label: '🏷️', jigsaw: '🧩', file_cabinet: '🗄️', white_check_mark: '✅', warning: '⚠️', rotating_light: '🚨', mag: '🔍', eyes: '👀', chart_with_upwards_trend: '📈',
    red_circle: '🔴', memo: '📝', mega: '📣', bell: '🔔', bar_chart: '📊', x: '❌', wave: '👋', tada: '🎉', sunny: '☀️',
    small_blue_diamond: '🔹', pushpin: '📌', pencil2: '✏️', pager: '📟', page_facing_up: '📄', ok_hand: '👌',
    leftwards_arrow_with_hook: '↩️', large_yellow_circle: '🟡', large_orange_circle: '🟠', large_blue_circle: '🔵',
    hash: '#️⃣', grey_question: '❔', fire_engine: '🚒', fire: '🔥', checkered_flag: '🏁', bust_in_silhouette: '👤',
    bulb: '💡', book: '📖', arrows_counterclockwise: '🔄', alarm_clock: '⏰', large_green_circle: '🟢', green_circle: '🟢',
    stopwatch: '⏱️', envelope: '✉️', '+1': '👍', thumbsup: '👍', raised_hands: '🙌', heart: '❤️', pray: '🙏',
    telephone_receiver: '📞', rewind: '⏪', dart: '🎯', ballot_box_with_check: '☑️', lock: '🔒', link: '🔗', globe_with_meridians: '🌐', satellite_antenna: '📡', hourglass: '⌛',
  };

  // ---- text ---------------------------------------------------------------------------------

  function escapeHtml(text) {
    return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }
  /** Slack escapes &, < and > in message text; undo that before escaping for HTML. */
  const unSlack = (text) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  const safeHref = (url) => (/^https?:\/\//i.test(url) || url.startsWith('/sandbox/') ? url : null);
  const emoji = (html) => html.replace(/:([a-z0-9_+-]+):/g, (all, name) => EMOJI[name] || all);

  function link(url, label) {
    const href = safeHref(url);
    return href ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(label)}</a>` : escapeHtml(label);
  }

  /** Slack's mrkdwn: <@U…>, <#C…|name>, <!here>, <url|label>, *bold*, _italic_, ~strike~, `code`, ```pre```. */
  function mrkdwn(text) {
    const names = directory.names || {};
    const parts = String(text || '').split(/(<[^<>]+>)/g);
    let html = parts
      .map((part) => {
        const m = /^<([^<>|]+)(?:\|([^<>]*))?>$/.exec(part);
        if (!m) return escapeHtml(unSlack(part));
        const [, target, label] = m;
        if (target.startsWith('!date^')) return escapeHtml(window.slackDate(target, unSlack(label || '')));
        if (target.startsWith('@')) return `<span class="mention">@${escapeHtml(names[target.slice(1)] || target.slice(1))}</span>`;
        if (target.startsWith('#')) {
          // Slack shows the channel's current name; the label is only a fallback (and often empty).
          const id = target.slice(1);
          return `<a href="#" class="mention" data-channel="${escapeHtml(id)}">#${escapeHtml((directory.channels || {})[id] || label || id)}</a>`;
        }
        if (target.startsWith('!')) return `<span class="mention">@${escapeHtml((label || target.slice(1)).replace(/^subteam\^/, ''))}</span>`;
        return link(unSlack(target), unSlack(label || target));
      })
      .join('');
    html = html
      .replace(/```([\s\S]+?)```/g, (all, code) => `<pre>${code}</pre>`)
      .replace(/`([^`\n]+)`/g, '<code>$1</code>')
      .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/g, '$1<b>$2</b>')
      .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,:;!?])/g, '$1<i>$2</i>')
      .replace(/(^|[\s(])~([^~\n]+)~(?=$|[\s).,:;!?])/g, '$1<s>$2</s>')
      .replace(/\n/g, '<br>');
    return emoji(html);
  }

  /** Standard Markdown, the little the markdown block needs: headings, lists, tables, emphasis, code, links. */
  function markdown(text) {
    const inline = (line) =>
      emoji(
        escapeHtml(line)
          .replace(/`([^`]+)`/g, '<code>$1</code>')
          .replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>')
          .replace(/(^|\s)_([^_]+)_(?=$|\s|[.,;:])/g, '$1<i>$2</i>')
          .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (all, label, url) => (safeHref(url.replace(/&amp;/g, '&')) ? `<a href="${url}" target="_blank" rel="noopener noreferrer">${label}</a>` : label)),
      );
    const out = [];
    let list = null;
    let table = null;
    const flush = () => {
      if (list) out.push(`<${list.tag}>${list.items.map((i) => `<li>${i}</li>`).join('')}</${list.tag}>`);
      if (table) out.push(`<table>${table.map((r, i) => `<tr>${r.map((c) => (i === 0 ? `<th>${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`).join('')}</table>`);
      list = null;
      table = null;
    };
    for (const raw of String(text || '').split('\n')) {
      const line = raw.trimEnd();
      let m;
      if ((m = /^(#{1,6})\s+(.*)$/.exec(line))) {
        flush();
        const level = Math.min(3, m[1].length);
        out.push(`<h${level}>${inline(m[2])}</h${level}>`);
      } else if ((m = /^\s*[-*]\s+(.*)$/.exec(line)) || (m = /^\s*\d+\.\s+(.*)$/.exec(line))) {
        const tag = /^\s*\d+\./.test(line) ? 'ol' : 'ul';
        if (!list || list.tag !== tag) {
          flush();
          list = { tag, items: [] };
        }
        list.items.push(inline(m[1]));
      } else if (/^\|.*\|$/.test(line)) {
        if (list) flush();
        if (/^\|[\s:|-]+\|$/.test(line)) continue;
        table = table || [];
        table.push(line.slice(1, -1).split('|').map((c) => inline(c.trim())));
      } else if (line === '') {
        flush();
      } else {
        flush();
        out.push(`<p>${inline(line)}</p>`);
      }
    }
    flush();
    return out.join('');
  }

  /**
   * plain_text as Slack shows it: no formatting, but `&amp;`, `&lt;` and `&gt;` are decoded (Slack
   * decodes those three entities in every text object, and only those) and emoji codes are drawn.
   */
  const plainText = (text) => emoji(escapeHtml(unSlack(String(text || ''))));

  const textObject = (t) => (!t ? '' : t.type === 'mrkdwn' ? mrkdwn(t.text) : plainText(t.text));

  page.text = { directory, escapeHtml, unSlack, safeHref, emoji, link, mrkdwn, markdown, plainText, textObject };
})();
