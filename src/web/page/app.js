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
  const { directory, escapeHtml, emoji, link, mrkdwn, plainText } = window.WarroomPage.text;
  const { blockHtml } = window.WarroomPage.blockKit;

  const el = (id) => document.getElementById(id);
  // `home`: the person looks at Warroom's App Home tab instead of a channel.
  const view = { channel: 'C0GENERAL', home: false, user: '', lastText: '', modalId: null, state: null, declaredAt: 0, knownChannels: null };

  // ---- drawing ------------------------------------------------------------------------------

  function timeOf(ts) {
    const d = new Date(Number(ts) * 1000);
    return Number.isFinite(d.getTime()) ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
  }

  /** What a person can do to a message in Slack's hover menu: react (the timeline emoji first) and pin. */
  function toolsHtml(item) {
    if (item.kind !== 'message') return '';
    const mine = (name) => (item.reactions || []).some((r) => r.name === name && r.users.includes(view.user));
    const reacts = (view.state.reactionChoices || [])
      .filter((name) => !mine(name))
      .map((name) => `<button type="button" class="tool" data-react="${escapeHtml(name)}" title="React with :${escapeHtml(name)}:">${emoji(`:${escapeHtml(name)}:`)}</button>`);
    const pin = item.pinned ? '' : '<button type="button" class="tool" data-pin title="Pin to this channel">Pin</button>';
    return `<span class="tools">${reacts.join('')}${pin}</span>`;
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
        <div>${toolsHtml(item)}<span class="who">${escapeHtml(who)}${item.isBot ? '<span class="app">APP</span>' : ''}</span><span class="when">${timeOf(item.ts)}</span>${item.pinned ? '<span class="pin">📌 pinned</span>' : ''}${item.edited ? '<span class="when">(edited)</span>' : ''}${item.kind === 'ephemeral' ? '<span class="only-you"> · Only visible to you</span>' : ''}</div>
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
    directory.names = state.names || {};
    directory.channels = state.channelNames || {};
    const person = el('person');
    if (person.options.length !== state.people.length) {
      person.innerHTML = state.people.map((p) => `<option value="${escapeHtml(p.id)}">${escapeHtml(p.name)}</option>`).join('');
    }
    person.value = view.user;
    setHtml(
      el('channels'),
      state.channels.map((c) => `<li data-channel="${escapeHtml(c.id)}" class="${c.id === view.channel && !view.home ? 'active' : ''}"># ${escapeHtml(c.name)}</li>`).join(''),
    );
    el('apps').querySelector('[data-home]').className = view.home ? 'active' : '';
    el('composer').hidden = view.home;
    if (view.home) drawHome(state.home);
    else drawChannel(state);
    drawModal(state.modal);
  }

  function drawChannel(state) {
    const channel = state.channel;
    el('channel-name').textContent = channel ? `# ${channel.name}` : '';
    el('channel-topic').innerHTML = channel ? mrkdwn(channel.topic || channel.purpose || '') : '';
    el('bookmarks').innerHTML = channel ? channel.bookmarks.map((b) => link(b.link, `🔖 ${b.title}`)).join('') : '';
    const list = el('messages');
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 60;
    if (setHtml(list, state.items.map(itemHtml).join('')) && atBottom) list.scrollTop = list.scrollHeight;
  }

  /** The App Home tab as Warroom last published it for this person (views.publish). */
  function drawHome(home) {
    el('channel-name').textContent = 'Warroom';
    el('channel-topic').textContent = 'Home';
    el('bookmarks').innerHTML = '';
    const blocks = home ? home.view.blocks.map((b) => blockHtml(b, { ts: '', viewId: home.id })).join('') : '<div class="hint-text">Opening Warroom’s Home tab…</div>';
    setHtml(el('messages'), `<li class="home-tab" data-kind="home">${blocks}</li>`);
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
        const options = (e.options || []).map((o) => `<option value="${escapeHtml(o.value)}"${initial.includes(o.value) ? ' selected' : ''}>${plainText(o.text.text)}</option>`).join('');
        const multiple = e.type === 'multi_static_select' ? ' multiple' : '';
        const empty = multiple ? '' : `<option value=""${initial.length ? '' : ' selected'}>Choose…</option>`;
        control = `<select id="${escapeHtml(id)}" ${name}${multiple}>${empty}${options}</select>`;
        break;
      }
      case 'checkboxes': {
        // One box per option (the declare form's Private box); modalValues gathers the checked ones.
        const initial = (e.initial_options || []).map((o) => o.value);
        control = (e.options || [])
          .map((o) => `<label class="checkbox"><input type="checkbox" id="${escapeHtml(id)}" ${name} data-option="${escapeHtml(o.value)}"${initial.includes(o.value) ? ' checked' : ''}> ${plainText(o.text.text)}</label>`)
          .join('');
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
    const hint = block.hint ? `<div class="hint-text">${plainText(block.hint.text)}</div>` : '';
    return `<label for="${escapeHtml(id)}">${plainText(block.label.text)}${block.optional ? ' <span class="optional">(optional)</span>' : ''}</label>${control}${hint}<div class="error" data-error-for="${escapeHtml(block.block_id || '')}"></div>`;
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
    el('modal').innerHTML = `<h2>${plainText((v.title && v.title.text) || '')}</h2>${blocks}
      <div class="modal-actions"><button type="button" class="btn" id="modal-cancel">${plainText((v.close && v.close.text) || 'Cancel')}</button>
      ${v.submit ? `<button type="submit" class="btn primary" id="modal-submit">${plainText(v.submit.text)}</button>` : ''}</div>`;
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
      else if (type === 'checkboxes') {
        const before = (values[block] && values[block][action] && values[block][action].selected_options) || [];
        value = { type, selected_options: control.checked ? [...before, { value: control.dataset.option }] : before };
      } else continue;
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
          view.home = false;
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

  function showChannel(id) {
    view.channel = id;
    view.home = false;
    view.lastText = '';
    return refresh();
  }

  /** Opening the App Home tab: Slack sends app_home_opened, and Warroom publishes the view. */
  async function openHome() {
    view.home = true;
    view.lastText = '';
    await post('/sandbox/home', { user: view.user });
    await refresh();
  }

  /** A reaction or a pin from the message's hover menu, done as the person (Slack then sends the event). */
  async function messageTool(button) {
    const ts = button.closest('li.msg').dataset.ts;
    if (button.dataset.react) await post('/sandbox/reaction', { user: view.user, channel: view.channel, ts, name: button.dataset.react });
    else await post('/sandbox/pin', { user: view.user, channel: view.channel, ts });
    await refresh();
  }

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
      if (li) void showChannel(li.dataset.channel);
    });
    el('apps').addEventListener('click', (event) => {
      if (event.target.closest('[data-home]')) void openHome();
    });
    el('person').addEventListener('change', () => {
      view.user = el('person').value;
      view.lastText = '';
      void (view.home ? openHome() : refresh());
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
        return showChannel(channelLink.dataset.channel);
      }
      const tool = event.target.closest('button[data-react], button[data-pin]');
      if (tool) return messageTool(tool);
      const button = event.target.closest('button[data-action]');
      if (!button) return;
      // Slack asks first when the button carries a confirm dialog.
      if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
      // Busy while Warroom answers, then usable again, as in Slack: a redraw may not replace the
      // button (same HTML), so it must not stay disabled after a modal it opened is cancelled.
      button.disabled = true;
      try {
        await post('/sandbox/action', { user: view.user, channel: view.channel, ts: button.dataset.ts, viewId: button.dataset.view, actionId: button.dataset.action });
      } finally {
        button.disabled = false;
      }
      await refresh();
    });
    el('messages').addEventListener('change', async (event) => {
      const select = event.target.closest('select[data-action]');
      if (!select || !select.value) return;
      await post('/sandbox/action', { user: view.user, channel: view.channel, ts: select.dataset.ts, viewId: select.dataset.view, actionId: select.dataset.action, selected: select.value });
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
