/*
 * The sandbox's Slack client: reads /sandbox/state about once a second and draws the channel
 * (Block Kit, mrkdwn, markdown, images); what a person does goes to the server, which sends it
 * to Warroom exactly as Slack would (signed slash commands, block_actions, view_submission).
 * Plain JavaScript, no framework, nothing loaded from elsewhere. Every text from the server is
 * escaped before it reaches innerHTML.
 */
/* global document, window, fetch, setTimeout */
(function () {
  'use strict';

  const POLL_MS = 1000;
  const EMOJI = {
    white_check_mark: '✅', warning: '⚠️', rotating_light: '🚨', mag: '🔍', eyes: '👀', chart_with_upwards_trend: '📈',
    red_circle: '🔴', memo: '📝', mega: '📣', bell: '🔔', bar_chart: '📊', x: '❌', wave: '👋', tada: '🎉', sunny: '☀️',
    small_blue_diamond: '🔹', pushpin: '📌', pencil2: '✏️', pager: '📟', page_facing_up: '📄', ok_hand: '👌',
    leftwards_arrow_with_hook: '↩️', large_yellow_circle: '🟡', large_orange_circle: '🟠', large_blue_circle: '🔵',
    hash: '#️⃣', grey_question: '❔', fire_engine: '🚒', fire: '🔥', checkered_flag: '🏁', bust_in_silhouette: '👤',
    bulb: '💡', book: '📖', arrows_counterclockwise: '🔄', alarm_clock: '⏰', large_green_circle: '🟢', green_circle: '🟢',
  };

  const el = (id) => document.getElementById(id);
  const view = { channel: 'C0GENERAL', user: '', lastText: '', modalId: null, state: null, declaredAt: 0, knownChannels: null };

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
    const names = (view.state && view.state.names) || {};
    const parts = String(text || '').split(/(<[^<>]+>)/g);
    let html = parts
      .map((part) => {
        const m = /^<([^<>|]+)(?:\|([^<>]*))?>$/.exec(part);
        if (!m) return escapeHtml(unSlack(part));
        const [, target, label] = m;
        if (target.startsWith('!date^')) return escapeHtml(window.slackDate(target, unSlack(label || '')));
        if (target.startsWith('@')) return `<span class="mention">@${escapeHtml(names[target.slice(1)] || target.slice(1))}</span>`;
        if (target.startsWith('#')) return `<a href="#" class="mention" data-channel="${escapeHtml(target.slice(1))}">#${escapeHtml(label || target.slice(1))}</a>`;
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

  const textObject = (t) => (!t ? '' : t.type === 'mrkdwn' ? mrkdwn(t.text) : emoji(escapeHtml(t.text)));

  // ---- Block Kit ------------------------------------------------------------------------------

  function imageUrl(element) {
    if (element.slack_file && element.slack_file.id) return `/sandbox/files/${encodeURIComponent(element.slack_file.id)}`;
    return safeHref(element.image_url || '');
  }

  function elementHtml(element, ctx) {
    const data = `data-action="${escapeHtml(element.action_id || '')}" data-ts="${escapeHtml(ctx.ts)}"`;
    switch (element.type) {
      case 'button': {
        const style = element.style === 'primary' ? ' primary' : element.style === 'danger' ? ' danger' : '';
        if (element.url && !element.action_id) return link(element.url, element.text.text);
        const confirm = element.confirm ? ` data-confirm="${escapeHtml(`${element.confirm.title.text}\n${element.confirm.text.text}`)}"` : '';
        return `<button type="button" class="btn${style}" ${data}${confirm}>${textObject(element.text)}</button>`;
      }
      case 'static_select':
      case 'overflow': {
        const options = (element.options || []).map((o) => `<option value="${escapeHtml(o.value)}">${escapeHtml(o.text.text)}</option>`).join('');
        const placeholder = element.placeholder ? element.placeholder.text : 'Choose…';
        return `<select class="btn" ${data}><option value="" selected disabled>${escapeHtml(placeholder)}</option>${options}</select>`;
      }
      case 'image': {
        const src = imageUrl(element);
        return src ? `<img src="${escapeHtml(src)}" alt="${escapeHtml(element.alt_text || '')}">` : '';
      }
      case 'mrkdwn':
      case 'plain_text':
        return `<span>${textObject(element)}</span>`;
      default:
        return '';
    }
  }

  function blockHtml(block, ctx) {
    switch (block.type) {
      case 'header':
        return `<div class="block"><h3>${textObject(block.text)}</h3></div>`;
      case 'section': {
        const fields = block.fields ? `<div class="fields">${block.fields.map((f) => `<div>${textObject(f)}</div>`).join('')}</div>` : '';
        const accessory = block.accessory ? `<div class="accessory">${elementHtml(block.accessory, ctx)}</div>` : '';
        return `<div class="block section"><div class="text">${textObject(block.text)}${fields}</div>${accessory}</div>`;
      }
      case 'context':
        return `<div class="block context">${(block.elements || []).map((e) => elementHtml(e, ctx)).join('')}</div>`;
      case 'actions':
        return `<div class="block actions">${(block.elements || []).map((e) => elementHtml(e, ctx)).join('')}</div>`;
      case 'divider':
        return '<hr class="divider">';
      case 'markdown':
        return `<div class="block markdown">${markdown(block.text)}</div>`;
      case 'image': {
        const src = imageUrl(block);
        const title = block.title ? `<div>${textObject(block.title)}</div>` : '';
        return src ? `<div class="block">${title}<img class="block-image" src="${escapeHtml(src)}" alt="${escapeHtml(block.alt_text || '')}"></div>` : '';
      }
      case 'rich_text':
        return `<div class="block">${escapeHtml(JSON.stringify(block.elements || []).replace(/.*"text":"([^"]*)".*/, '$1'))}</div>`;
      default:
        return '';
    }
  }

  // ---- drawing ------------------------------------------------------------------------------

  function timeOf(ts) {
    const d = new Date(Number(ts) * 1000);
    return Number.isFinite(d.getTime()) ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
  }

  function itemHtml(item) {
    const names = view.state.names || {};
    const who = names[item.user] || item.user;
    const initial = escapeHtml((who || '?').slice(0, 1).toUpperCase());
    let body;
    if (item.kind === 'file') {
      body = `<div class="file"><div>${escapeHtml(item.title)}</div><img src="${escapeHtml(item.url)}" alt="${escapeHtml(item.title)}"></div>`;
    } else if (item.blocks && item.blocks.length > 0) {
      body = item.blocks.map((b) => blockHtml(b, item)).join('');
    } else {
      body = `<div>${mrkdwn(item.text)}</div>`;
    }
    const reactions = (item.reactions || []).map((r) => `<span>${emoji(`:${escapeHtml(r.name)}:`)} ${r.users.length}</span>`).join('');
    const classes = ['msg', item.kind === 'ephemeral' ? 'ephemeral' : '', item.threadTs && item.threadTs !== item.ts ? 'reply' : ''].join(' ');
    return `<li class="${classes}" data-ts="${escapeHtml(item.ts)}" data-kind="${escapeHtml(item.kind)}">
      <div class="avatar${item.isBot ? ' bot' : ''}">${initial}</div>
      <div class="body">
        <div><span class="who">${escapeHtml(who)}${item.isBot ? '<span class="app">APP</span>' : ''}</span><span class="when">${timeOf(item.ts)}</span>${item.pinned ? '<span class="pin">📌 pinned</span>' : ''}${item.edited ? '<span class="when">(edited)</span>' : ''}${item.kind === 'ephemeral' ? '<span class="only-you"> · Only visible to you</span>' : ''}</div>
        ${body}
        ${reactions ? `<div class="reactions">${reactions}</div>` : ''}
      </div></li>`;
  }

  /** Replaces an element's content only when it changed, so a click or an open select is not lost to a redraw. */
  const drawn = new WeakMap();
  function setHtml(node, html) {
    if (drawn.get(node) === html) return false;
    drawn.set(node, html);
    node.innerHTML = html;
    return true;
  }

  function draw(state) {
    view.state = state;
    const person = el('person');
    if (person.options.length !== state.people.length) {
      person.innerHTML = state.people.map((p) => `<option value="${escapeHtml(p.id)}">${escapeHtml(p.name)}</option>`).join('');
    }
    person.value = view.user;
    setHtml(
      el('channels'),
      state.channels.map((c) => `<li data-channel="${escapeHtml(c.id)}" class="${c.id === view.channel ? 'active' : ''}"># ${escapeHtml(c.name)}</li>`).join(''),
    );
    const channel = state.channel;
    el('channel-name').textContent = channel ? `# ${channel.name}` : '';
    el('channel-topic').innerHTML = channel ? mrkdwn(channel.topic || channel.purpose || '') : '';
    el('bookmarks').innerHTML = channel ? channel.bookmarks.map((b) => link(b.link, `🔖 ${b.title}`)).join('') : '';
    const list = el('messages');
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 60;
    if (setHtml(list, state.items.map(itemHtml).join('')) && atBottom) list.scrollTop = list.scrollHeight;
    drawModal(state.modal);
  }

  // ---- modals -------------------------------------------------------------------------------

  function inputHtml(block) {
    const e = block.element || {};
    const id = `${block.block_id}`;
    const name = `data-block="${escapeHtml(block.block_id || '')}" data-action="${escapeHtml(e.action_id || '')}" data-type="${escapeHtml(e.type || '')}"`;
    let control;
    switch (e.type) {
      case 'plain_text_input':
        control = e.multiline
          ? `<textarea id="${escapeHtml(id)}" ${name}>${escapeHtml(e.initial_value || '')}</textarea>`
          : `<input id="${escapeHtml(id)}" ${name} value="${escapeHtml(e.initial_value || '')}">`;
        break;
      case 'static_select':
      case 'multi_static_select': {
        const initial = [].concat(e.initial_option || [], e.initial_options || []).map((o) => o.value);
        const options = (e.options || []).map((o) => `<option value="${escapeHtml(o.value)}"${initial.includes(o.value) ? ' selected' : ''}>${escapeHtml(o.text.text)}</option>`).join('');
        const multiple = e.type === 'multi_static_select' ? ' multiple' : '';
        const empty = multiple ? '' : `<option value=""${initial.length ? '' : ' selected'}>Choose…</option>`;
        control = `<select id="${escapeHtml(id)}" ${name}${multiple}>${empty}${options}</select>`;
        break;
      }
      case 'users_select': {
        const options = view.state.people.map((p) => `<option value="${escapeHtml(p.id)}"${p.id === e.initial_user ? ' selected' : ''}>${escapeHtml(p.name)}</option>`).join('');
        control = `<select id="${escapeHtml(id)}" ${name}><option value="">Choose a person…</option>${options}</select>`;
        break;
      }
      default:
        control = `<div class="hint-text">(${escapeHtml(e.type || 'unknown')} is not drawn by the sandbox)</div>`;
    }
    const hint = block.hint ? `<div class="hint-text">${escapeHtml(block.hint.text)}</div>` : '';
    return `<label for="${escapeHtml(id)}">${escapeHtml(block.label.text)}${block.optional ? ' <span class="optional">(optional)</span>' : ''}</label>${control}${hint}<div class="error" data-error-for="${escapeHtml(block.block_id || '')}"></div>`;
  }

  function drawModal(modal) {
    const backdrop = el('modal-backdrop');
    if (!modal) {
      backdrop.hidden = true;
      view.modalId = null;
      return;
    }
    if (view.modalId === modal.id) return; // keep what the person is typing
    view.modalId = modal.id;
    const v = modal.view;
    const blocks = (v.blocks || []).map((b) => (b.type === 'input' ? inputHtml(b) : blockHtml(b, { ts: '' }))).join('');
    el('modal').innerHTML = `<h2>${escapeHtml((v.title && v.title.text) || '')}</h2>${blocks}
      <div class="modal-actions"><button type="button" class="btn" id="modal-cancel">${escapeHtml((v.close && v.close.text) || 'Cancel')}</button>
      ${v.submit ? `<button type="submit" class="btn primary" id="modal-submit">${escapeHtml(v.submit.text)}</button>` : ''}</div>`;
    el('modal').dataset.viewId = modal.id;
    backdrop.hidden = false;
    const first = el('modal').querySelector('input, textarea, select');
    if (first) first.focus();
  }

  /** view.state.values as Slack builds it: block_id → action_id → the element's value. */
  function modalValues() {
    const values = {};
    for (const control of el('modal').querySelectorAll('[data-block]')) {
      const { block, action, type } = control.dataset;
      let value;
      if (type === 'plain_text_input') value = { type, value: control.value === '' ? null : control.value };
      else if (type === 'users_select') value = { type, selected_user: control.value || null };
      else if (type === 'multi_static_select') value = { type, selected_options: [...control.selectedOptions].map((o) => ({ text: { type: 'plain_text', text: o.textContent }, value: o.value })) };
      else if (type === 'static_select') value = { type, selected_option: control.value ? { text: { type: 'plain_text', text: control.selectedOptions[0].textContent }, value: control.value } : null };
      else continue;
      values[block] = Object.assign(values[block] || {}, { [action]: value });
    }
    return values;
  }

  // ---- talking to the server ----------------------------------------------------------------

  async function post(path, body) {
    const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await res.json().catch(() => ({}));
    if (!res.ok || answer.ok === false) notice(answer.error || `HTTP ${res.status}`, false);
    return answer;
  }

  function notice(text, ok) {
    const n = el('notice');
    n.textContent = text;
    n.className = ok ? 'ok' : '';
    n.hidden = false;
    setTimeout(() => (n.hidden = true), 6000);
  }

  async function refresh() {
    try {
      const res = await fetch(`/sandbox/state?channel=${encodeURIComponent(view.channel)}&user=${encodeURIComponent(view.user)}`, { cache: 'no-store' });
      const text = await res.text();
      if (text === view.lastText) return;
      view.lastText = text;
      const state = JSON.parse(text);
      if (!view.user) view.user = state.me;
      // Right after a declare, follow the person into the new incident channel, as Slack's invite does.
      const ids = state.channels.map((c) => c.id);
      if (view.knownChannels && Date.now() - view.declaredAt < 20000) {
        const fresh = ids.find((id) => !view.knownChannels.includes(id));
        if (fresh) {
          view.knownChannels = ids;
          view.declaredAt = 0;
          view.channel = fresh;
          view.lastText = '';
          return refresh();
        }
      }
      view.knownChannels = ids;
      view.channel = state.channel ? state.channel.id : view.channel;
      draw(state);
    } catch (err) {
      notice(`The sandbox server did not answer (${err.message}); retrying…`, false);
    }
  }

  async function poll() {
    await refresh();
    setTimeout(poll, POLL_MS);
  }

  // ---- events -------------------------------------------------------------------------------

  function wire() {
    el('composer').addEventListener('submit', async (event) => {
      event.preventDefault();
      const box = el('message-box');
      const text = box.value.trim();
      if (!text) return;
      box.value = '';
      if (/^\/incident\s+declare\b/.test(text)) view.declaredAt = Date.now();
      await post('/sandbox/command', { user: view.user, channel: view.channel, text });
      await refresh();
    });
    el('channels').addEventListener('click', (event) => {
      const li = event.target.closest('[data-channel]');
      if (!li) return;
      view.channel = li.dataset.channel;
      view.lastText = '';
      void refresh();
    });
    el('person').addEventListener('change', () => {
      view.user = el('person').value;
      view.lastText = '';
      void refresh();
    });
    el('alerts').addEventListener('click', async (event) => {
      const button = event.target.closest('[data-provider]');
      if (!button) return;
      const answer = await post(`/sandbox/alerts/${button.dataset.provider}`, {});
      if (answer.status) notice(`${button.textContent} alert sent: /webhooks/${answer.provider} answered ${answer.status}`, answer.status < 300);
      await refresh();
    });
    el('messages').addEventListener('click', async (event) => {
      const channelLink = event.target.closest('a[data-channel]');
      if (channelLink) {
        event.preventDefault();
        view.channel = channelLink.dataset.channel;
        view.lastText = '';
        return refresh();
      }
      const button = event.target.closest('button[data-action]');
      if (!button) return;
      // Slack asks first when the button carries a confirm dialog.
      if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
      button.disabled = true;
      await post('/sandbox/action', { user: view.user, channel: view.channel, ts: button.dataset.ts, actionId: button.dataset.action });
      await refresh();
    });
    el('messages').addEventListener('change', async (event) => {
      const select = event.target.closest('select[data-action]');
      if (!select || !select.value) return;
      await post('/sandbox/action', { user: view.user, channel: view.channel, ts: select.dataset.ts, actionId: select.dataset.action, selected: select.value });
      await refresh();
    });
    el('modal').addEventListener('submit', async (event) => {
      event.preventDefault();
      const viewId = el('modal').dataset.viewId;
      view.declaredAt = Date.now();
      const answer = await post('/sandbox/view', { user: view.user, viewId, values: modalValues() });
      for (const slot of el('modal').querySelectorAll('[data-error-for]')) slot.textContent = (answer.errors && answer.errors[slot.dataset.errorFor]) || '';
      if (answer.ok) {
        el('modal-backdrop').hidden = true;
        view.modalId = null;
        view.lastText = '';
      }
      await refresh();
    });
    el('modal').addEventListener('click', async (event) => {
      if (!event.target.closest('#modal-cancel')) return;
      await post('/sandbox/view-close', { viewId: el('modal').dataset.viewId });
      el('modal-backdrop').hidden = true;
      view.modalId = null;
      view.lastText = '';
      await refresh();
    });
  }

  wire();
  void poll();
})();
