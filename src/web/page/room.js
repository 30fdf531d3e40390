/*
 * The fallback room (issue 23): draws the incident as its Slack room shows it, from the state the
 * server pushes (server-sent events at <room>/events, one `state` message now and after every
 * change; the scope chart's PNG from <room>/chart.png), and sends what a responder does to <room>/notes, /status, /severity, /roles and
 * /updates (a stakeholder update, drafted by <room>/update-draft as the Slack update modal drafts it). The room link came
 * as ?t= and is now an HttpOnly cookie: it is dropped from the address bar at once, so it stays out
 * of history and of anything copied from there. Plain JavaScript, nothing loaded from elsewhere;
 * every text from the server goes into the page as text, never as HTML.
 */
/* global document, window, fetch, EventSource */
(function () {
  'use strict';

  const room = window.location.pathname.replace(/\/+$/, '');
  if (window.location.search) window.history.replaceState(null, '', room);

  const el = (id) => document.getElementById(id);
  const item = (text, className) => {
    const li = document.createElement('li');
    li.textContent = text;
    if (className) li.className = className;
    return li;
  };
  // The choices the server accepts (core/status.ts, core/severity.ts); anything else would be refused with a 400.
  const CHOICES = { status: ['investigating', 'identified', 'monitoring', 'resolved'], severity: ['SEV1', 'SEV2', 'SEV3', 'SEV4'] };
  for (const [id, values] of Object.entries(CHOICES)) {
    el(id).replaceChildren(
      ...values.map((value) => {
        const option = document.createElement('option');
        option.value = value;
        option.textContent = value;
        return option;
      }),
    );
  }
  const when = (iso) => new Date(iso).toLocaleString([], { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

  function draw(state) {
    if (!state) return;
    document.title = `${state.ref} · ${state.title}`;
    el('title').textContent = `${state.ref}: ${state.title}`;
    const facts = el('facts');
    facts.replaceChildren();
    for (const [text, cls] of [[state.severity, `severity ${state.severity}`], [state.status, 'status']]) {
      const span = document.createElement('span');
      span.className = cls;
      span.textContent = text;
      facts.append(span);
    }
    facts.append(state.services.length > 0 ? `Services: ${state.services.join(', ')}` : 'No services named');
    el('description').textContent = state.description || '';
    el('you').textContent = `You are ${state.you.name}; your link works until ${when(state.linkExpiresAt)}.`;
    el('roles').replaceChildren(...state.roles.map((r) => item(`${r.role}: ${r.name === null ? 'nobody yet' : r.name}`)));
    el('scope').textContent = state.scope ? `${state.scope.headline}${state.scope.measured ? ` (${state.scope.measured})` : ''}` : 'Not measured yet.';
    drawChart(state.chart);
    el('checks').replaceChildren(...(state.checks.length > 0 ? state.checks.map((c) => item(c.text, `check-${c.outcome}`)) : [item('No check has run yet.', 'muted')]));
    const role = el('role');
    const chosen = role.value;
    role.replaceChildren(
      ...state.roles.map((r) => {
        const option = document.createElement('option');
        option.value = r.role;
        option.textContent = r.role;
        return option;
      }),
    );
    if (chosen) role.value = chosen;
    el('status').value = state.status;
    el('severity').value = state.severity;
    el('timeline').replaceChildren(
      ...state.timeline
        .slice()
        .reverse()
        .map((e) => {
          const li = document.createElement('li');
          const at = document.createElement('span');
          at.className = 'when';
          at.textContent = when(e.at);
          const who = document.createElement('span');
          who.className = 'who';
          who.textContent = e.who;
          li.append(at, who, e.text);
          return li;
        }),
    );
  }

  // The scope chart (<room>/chart.png): loaded again only when the state names a newer render, so a note or a status change does not fetch it anew.
  function drawChart(chart) {
    el('chart-figure').hidden = !chart;
    if (!chart) return;
    const img = el('chart');
    const src = `${room}/chart.png?v=${encodeURIComponent(chart.version)}`;
    if (img.getAttribute('src') !== src) img.setAttribute('src', src);
    img.alt = chart.title;
    el('chart-caption').textContent = `${chart.title}, drawn ${when(chart.at)}`;
  }

  function closed(text) {
    const p = el('closed');
    p.textContent = text;
    p.hidden = false;
    for (const b of document.querySelectorAll('button')) b.disabled = true;
  }

  async function send(action, body) {
    el('problem').textContent = '';
    const answer = await fetch(`${room}/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' });
    const json = await answer.json().catch(() => ({}));
    if (answer.ok) return draw(json);
    el('problem').textContent = json.error || `Warroom answered HTTP ${answer.status}`;
    if (answer.status === 401 || answer.status === 403) closed(json.error || 'This link no longer opens the room.');
  }

  function on(formId, action, body) {
    el(formId).addEventListener('submit', (event) => {
      event.preventDefault();
      send(action, body()).catch((err) => {
        el('problem').textContent = `Could not reach Warroom (${err.message}); try again.`;
      });
    });
  }
  on('note-form', 'notes', () => {
    const text = el('note').value;
    el('note').value = '';
    return { text };
  });
  on('status-form', 'status', () => ({ status: el('status').value }));
  on('severity-form', 'severity', () => ({ severity: el('severity').value }));
  on('role-form', 'roles', () => ({ role: el('role').value }));
  on('update-form', 'updates', () => {
    const text = el('update').value;
    el('update').value = '';
    return { text };
  });
  el('update-draft').addEventListener('click', () => {
    el('problem').textContent = '';
    fetch(`${room}/update-draft`, { credentials: 'same-origin' })
      .then(async (answer) => {
        const json = await answer.json().catch(() => ({}));
        if (answer.ok) el('update').value = json.text;
        else el('problem').textContent = json.error || `Warroom answered HTTP ${answer.status}`;
      })
      .catch((err) => {
        el('problem').textContent = `Could not reach Warroom (${err.message}); try again.`;
      });
  });

  const events = new EventSource(`${room}/events`);
  events.addEventListener('state', (event) => draw(JSON.parse(event.data)));
  events.addEventListener('expired', () => {
    events.close();
    closed('Your link has expired: ask the incident commander or an operator for a new one.');
  });
  events.addEventListener('gone', () => {
    events.close();
    closed('This incident is no longer kept by Warroom.');
  });
  // EventSource reconnects by itself after a network error; a refusal (401/403) closes it for good.
  events.addEventListener('error', () => {
    if (events.readyState === EventSource.CLOSED) closed('This link no longer opens the room.');
  });
})();
