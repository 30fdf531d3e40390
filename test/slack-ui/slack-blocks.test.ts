import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { AlertSummary, IncidentAlerts } from '../../src/core/alert.js';
import type { Incident } from '../../src/core/incident.js';
import { ACTIONS, INPUTS, VIEWS } from '../../src/slack-ui/ids.js';
import { SEVERITIES } from '../../src/core/severity.js';
import { STATUSES, TRANSITIONS, type Status } from '../../src/core/status.js';
import type { TimelineEvent, TimelineKind } from '../../src/core/timeline.js';
import { announcementMessage } from '../../src/slack-ui/messages/announcement-message.js';
import { appHome } from '../../src/slack-ui/views/app-home.js';
import { declareModal } from '../../src/slack-ui/views/declare-modal.js';
import { escapeWithin } from '../../src/slack-ui/blocks/escape-within.js';
import { helpMessage } from '../../src/slack-ui/messages/help-message.js';
import { newAlertsMessage } from '../../src/slack-ui/messages/new-alerts-message.js';
import { noteModal } from '../../src/slack-ui/views/note-modal.js';
import { roleModal } from '../../src/slack-ui/views/role-modal.js';
import { safeLink } from '../../src/slack-ui/blocks/safe-link.js';
import { summaryMessage } from '../../src/slack-ui/messages/summary-message.js';
import { timelineMessage } from '../../src/slack-ui/messages/timeline-message.js';

const CREATED = new Date('2026-11-23T10:00:00.000Z');
const EVIL = 'Checkout <!channel> <@U123> & co <https://evil.example|click>';
const EVIL_TITLE = 'Checkout <!channel> <@U123> & co';

function incident(o: Partial<Incident> = {}): Incident {
  return {
    id: 12,
    ref: 'INC-12',
    title: 'Checkout 5xx in eu-west-1',
    description: null,
    status: 'investigating',
    severity: 'SEV2',
    services: ['checkout'],
    drill: false,
    channelId: 'C012AB3CD',
    channelName: 'inc-12-checkout-5xx-in-eu-west-1',
    roles: { commander: 'U0LEAD', comms: null, scribe: null, ops: null },
    scope: null,
    declaredBy: 'U0LEAD',
    createdAt: CREATED,
    updatedAt: CREATED,
    resolvedAt: null,
    version: 1,
    ...o,
  };
}

function alerts(recent: AlertSummary[] = [], counts = { firing: recent.length, acknowledged: 0, resolved: 0 }): IncidentAlerts {
  return { recent, counts, lastAlertAt: recent.length > 0 ? '2026-11-23T10:02:30Z' : null };
}

const alert = (title: string, status: AlertSummary['status'] = 'firing'): AlertSummary => ({ provider: 'pagerduty', key: 'PFQZPSY', status, title });

type SummaryInput = Parameters<typeof summaryMessage>[0];
function summary(o: Partial<SummaryInput> = {}) {
  return summaryMessage({
    incident: incident(),
    alerts: alerts([alert('Checkout 5xx')]),
    runbook: null,
    dashboards: [],
    scopeHeadline: null,
    paging: [],
    allAlertsResolved: false,
    ...o,
  });
}

function event(i: number, o: Partial<TimelineEvent> = {}): TimelineEvent {
  return { at: new Date(CREATED.getTime() + i * 1000), kind: 'note_added', actor: 'U0LEAD', text: `event ${i}`, data: {}, ...o };
}

/** Every Block Kit text object (plain_text / mrkdwn) anywhere in a payload. */
function textObjects(node: unknown, out: { type: string; text: string; path: string }[] = [], path = ''): { type: string; text: string; path: string }[] {
  if (Array.isArray(node)) node.forEach((n, i) => textObjects(n, out, `${path}[${i}]`));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if ((o.type === 'plain_text' || o.type === 'mrkdwn') && typeof o.text === 'string') out.push({ type: o.type, text: o.text, path });
    for (const [k, v] of Object.entries(o)) textObjects(v, out, `${path}.${k}`);
  }
  return out;
}

/** Objects anywhere in a payload that have an action_id. */
function interactive(node: unknown, out: Record<string, any>[] = []): Record<string, any>[] {
  if (Array.isArray(node)) node.forEach((n) => interactive(n, out));
  else if (node && typeof node === 'object') {
    if ('action_id' in node) out.push(node as Record<string, any>);
    for (const v of Object.values(node)) interactive(v, out);
  }
  return out;
}

// Failing asserts always carry a message: without one, node:assert re-reads the transpiled source to describe the call, which can take minutes.
function has(text: string, part: string): void {
  assert.ok(text.includes(part), `expected ${JSON.stringify(part)} in:\n${text.slice(0, 3000)}`);
}
function lacks(text: string, part: string): void {
  assert.ok(!text.includes(part), `did not expect ${JSON.stringify(part)} in:\n${text.slice(0, 3000)}`);
}

const allText = (m: { text?: string; blocks: unknown }): string => [m.text ?? '', ...textObjects(m.blocks).map((t) => t.text)].join('\n');

/** Slack's documented limits (and the undocumented cumulative one for messages), checked over a whole payload. */
function assertLimits(payload: { text?: string; blocks: any[] }, surface: 'message' | 'view'): void {
  const { blocks } = payload;
  assert.ok(blocks.length <= (surface === 'message' ? 50 : 100), `${blocks.length} blocks`);
  let total = 0;
  for (const [i, b] of blocks.entries()) {
    const at = `block ${i} (${b.type})`;
    if (b.type === 'header') assert.ok(b.text.text.length <= 150, `${at}: header ${b.text.text.length}`);
    if (b.type === 'section') {
      if (b.text) assert.ok(b.text.text.length >= 1 && b.text.text.length <= 3000, `${at}: section text ${b.text.text.length}`);
      if (b.fields) {
        assert.ok(b.fields.length <= 10, `${at}: ${b.fields.length} fields`);
        for (const f of b.fields) assert.ok(f.text.length <= 2000, `${at}: field ${f.text.length}`);
      }
    }
    if (b.type === 'context') {
      assert.ok(b.elements.length <= 10, `${at}: ${b.elements.length} context elements`);
      for (const e of b.elements) assert.ok(e.text.length <= 2000, `${at}: context ${e.text.length}`);
    }
    if (b.type === 'actions') assert.ok(b.elements.length <= 25, `${at}: ${b.elements.length} elements`);
    total += textObjects(b).reduce((n, t) => n + t.text.length, 0);
  }
  for (const el of interactive(blocks)) {
    if (el.type === 'button') assert.ok(el.text.text.length <= 75 && (el.value ?? '').length <= 2000, 'button');
    for (const o of el.options ?? []) assert.ok(o.text.text.length <= 75 && o.value.length <= 150, 'option');
    assert.ok((el.options ?? []).length <= 100, 'options');
  }
  if (surface === 'message') {
    assert.ok(total <= 10_000, `cumulative block text ${total}`);
    assert.ok((payload.text ?? '').length <= 3000, `fallback text ${(payload.text ?? '').length}`);
  }
}

const HELP = [
  { name: 'declare', usage: '/incident declare [title]', where: 'anywhere', description: 'opens the declare modal' },
  { name: 'status', usage: '/incident status <investigating|identified|monitoring|resolved>', where: 'incident channel', description: 'changes status' },
  { name: 'note', usage: '/incident note <text>', where: 'incident channel', description: 'adds a timeline entry & more' },
] as const;

describe('summaryMessage', () => {
  test('header, fields for severity, status, every role, services and alerts', () => {
    const m = summary({ alerts: { recent: [alert('Checkout 5xx')], counts: { firing: 3, acknowledged: 1, resolved: 2 }, lastAlertAt: '2026-11-23T10:02:30Z' } });
    const header = m.blocks[0] as any;
    assert.equal(header.type, 'header');
    assert.equal(header.text.text, 'INC-12: Checkout 5xx in eu-west-1');
    const fields = (m.blocks[1] as any).fields.map((f: any) => f.text);
    assert.deepEqual(fields, [
      '*Severity*\n:large_orange_circle: SEV2',
      '*Status*\n:mag: Investigating',
      '*Commander*\n<@U0LEAD>',
      '*Comms*\nunassigned',
      '*Scribe*\nunassigned',
      '*Ops*\nunassigned',
      '*Services*\ncheckout',
      '*Alerts*\n:fire: 3 firing · 1 acknowledged · 2 resolved\nlast at <!date^1795428150^{time}|10:02 UTC>',
    ]);
    assert.match(allText(m), /\*Latest alerts\*\n:fire: Checkout 5xx _pagerduty_\n…and 5 more/);
    assert.match(m.text, /^INC-12 SEV2 investigating: Checkout 5xx in eu-west-1$/);
  });

  test('the fallback room on: the actions end with "Web view" (its value the ref); off: no such button', () => {
    const on = interactive(summary({ webView: true }).blocks).map((e) => e.action_id);
    assert.equal(on.at(-1), ACTIONS.webView);
    assert.equal(interactive(summary({ webView: true }).blocks).at(-1)?.value, 'INC-12');
    assert.ok(!interactive(summary().blocks).some((e) => e.action_id === ACTIONS.webView));
  });

  test('only valid user ids become mentions; anything else reads "unassigned"', () => {
    const m = summary({ incident: incident({ roles: { commander: 'W0GRID', comms: '<!channel>', scribe: 'u123', ops: 'U' } }) });
    const fields = (m.blocks[1] as any).fields.map((f: any) => f.text);
    assert.deepEqual(fields.slice(2, 6), ['*Commander*\n<@W0GRID>', '*Comms*\nunassigned', '*Scribe*\nunassigned', '*Ops*\nunassigned']);
  });

  for (const status of STATUSES.filter((s) => s !== 'resolved')) {
    test(`status select offers the moves allowed from ${status}; severity select offers SEV1–SEV4`, () => {
      const m = summary({ incident: incident({ status }) });
      const els = interactive(m.blocks);
      const statusSelect = els.find((e) => e.action_id === ACTIONS.changeStatus);
      assert.equal(statusSelect?.type, 'static_select');
      assert.deepEqual(
        statusSelect?.options.map((o: any) => o.value),
        TRANSITIONS[status].map((next: Status) => `INC-12:${next}`),
      );
      const severitySelect = els.find((e) => e.action_id === ACTIONS.changeSeverity);
      assert.deepEqual(
        severitySelect?.options.map((o: any) => o.value),
        SEVERITIES.map((s) => `INC-12:${s}`),
      );
      assert.equal(severitySelect?.initial_option.value, 'INC-12:SEV2');
      assert.deepEqual(
        els.map((e) => e.action_id),
        [ACTIONS.changeStatus, ACTIONS.changeSeverity, ACTIONS.assignRole, ACTIONS.addNote, ACTIONS.addFollowUp, ACTIONS.catchUp],
      );
      for (const e of els) {
        const values: string[] = e.type === 'static_select' ? e.options.map((o: any) => o.value) : [e.value];
        for (const v of values) assert.match(v, /^INC-12(:|$)/, `${e.action_id} carries the ref`);
      }
    });
  }

  test('a resolved incident offers only "Draft postmortem" and says when it was resolved', () => {
    const m = summary({ incident: incident({ status: 'resolved', resolvedAt: new Date('2026-11-23T11:30:42Z') }), allAlertsResolved: true });
    assert.deepEqual(
      interactive(m.blocks).map((e) => [e.action_id, e.value]),
      [[ACTIONS.draftPostmortem, 'INC-12']],
      'the only control left is the postmortem draft',
    );
    assert.equal(m.blocks.filter((b) => b.type === 'actions').length, 0);
    has(allText(m), 'Resolved <!date^1795433442^{date_short_pretty} {time}|2026-11-23 11:30 UTC>');
  });

  test('the "Resolve incident?" button appears only when every alert has resolved and the incident is open', () => {
    const without: string[] = interactive(summary({ allAlertsResolved: false }).blocks).map((e) => e.action_id);
    assert.ok(!without.includes(ACTIONS.resolve), without.join(', '));
    const withIt = interactive(summary({ allAlertsResolved: true }).blocks);
    const resolve = withIt.find((e) => e.action_id === ACTIONS.resolve);
    assert.equal(resolve?.type, 'button');
    assert.equal(resolve?.style, 'primary');
    assert.equal(resolve?.text.text, 'Resolve incident?');
    assert.equal(resolve?.value, 'INC-12');
  });

  test('placeholder for scope, then its value escaped; the paging status in words', () => {
    const before = allText(summary());
    assert.match(before, /\*Scope:\* measuring…/);
    has(before, '*Paging:* Not paged');
    const after = allText(summary({ scopeHeadline: 'Regional: 18% of requests failing in eu-west-1 <b>' }));
    assert.match(after, /\*Scope:\* Regional: 18% of requests failing in eu-west-1 &lt;b&gt;/);
    const sent = new Date('2026-11-23T10:02:30Z');
    const acked = new Date('2026-11-23T10:04:30Z');
    const paged = allText(summary({ paging: [{ provider: 'PagerDuty', sentAt: sent, acknowledgedAt: acked }, { provider: 'Opsgenie', sentAt: sent, acknowledgedAt: null }] }));
    has(paged, '*Paging:* Paged via Opsgenie <!date^1795428150^{ago}|at 2026-11-23 10:02 UTC>, waiting for an ack; Acknowledged via PagerDuty <!date^1795428270^{ago}|at 2026-11-23 10:04 UTC>');
    // Named people: a mention when their Slack account is known, else their (escaped) name; a crowd is counted.
    const alice = { name: 'Alice <b>', slackUserId: null };
    const bob = { name: 'Bob', slackUserId: 'U0BOB0001' };
    const named = allText(
      summary({
        paging: [
          { provider: 'PagerDuty', sentAt: sent, acknowledgedAt: acked, paged: [alice], acknowledgedBy: bob },
          { provider: 'Opsgenie', sentAt: sent, acknowledgedAt: null, paged: [alice, bob, alice, bob] },
        ],
      }),
    );
    has(
      named,
      '*Paging:* Paged Alice &lt;b&gt;, <@U0BOB0001> and 2 others via Opsgenie <!date^1795428150^{ago}|at 2026-11-23 10:02 UTC>, waiting for an ack; Acknowledged by <@U0BOB0001> via PagerDuty <!date^1795428270^{ago}|at 2026-11-23 10:04 UTC>',
    );
  });

  test('links: http(s) URLs become <url|label> with & escaped; anything else stays text', () => {
    const text = allText(
      summary({
        runbook: 'https://runbooks.example.com/checkout?a=1&b=2',
        dashboards: ['https://grafana.example.com/d/abc|evil>x', 'javascript:alert(1)', 'https://dd.example.com/'],
      }),
    );
    has(text, '<https://runbooks.example.com/checkout?a=1&amp;b=2|Runbook>');
    has(text, '<https://grafana.example.com/d/abc%7Cevil%3Ex|grafana.example.com/d/abc|evil%3Ex>');
    has(text, ':chart_with_upwards_trend: javascript:alert(1)');
    lacks(text, '<javascript');
    has(text, '<https://dd.example.com/|dd.example.com>');
    const twelve = allText(summary({ dashboards: Array.from({ length: 12 }, (_, i) => `https://grafana.example.com/d/${i}`) }));
    has(twelve, '<https://grafana.example.com/d/9|grafana.example.com/d/9>\n…and 2 more links');
    lacks(twelve, 'd/10');
  });
});

describe('no injection through untrusted text', () => {
  const evilIncident = incident({
    title: EVIL_TITLE,
    description: EVIL,
    services: [EVIL, 'pay&ments'],
    channelName: EVIL,
    roles: { commander: 'U0LEAD', comms: EVIL, scribe: null, ops: null },
  });
  const evilAlerts: IncidentAlerts = { recent: [{ provider: EVIL, key: EVIL, status: 'firing', title: EVIL }], counts: { firing: 1, acknowledged: 0, resolved: 0 }, lastAlertAt: null };
  const outputs: [string, { text?: string; blocks: unknown }][] = [
    ['summary', summary({ incident: evilIncident, alerts: evilAlerts, runbook: EVIL, dashboards: [`https://x.example/${EVIL}`, EVIL], scopeHeadline: EVIL, paging: [{ provider: EVIL, sentAt: CREATED, acknowledgedAt: null }], allAlertsResolved: true })],
    ['summary (resolved)', summary({ incident: { ...evilIncident, status: 'resolved', resolvedAt: CREATED }, alerts: evilAlerts })],
    ['announcement', announcementMessage({ incident: evilIncident, channelId: EVIL, channelName: EVIL })],
    ['new alerts', newAlertsMessage({ ref: 'INC-12', count: 3, titles: [EVIL, EVIL_TITLE] })],
    ['timeline', timelineMessage({ incident: evilIncident, events: [event(1, { text: EVIL, actor: EVIL }), event(2, { text: `line1\n${EVIL}` })] })],
    ['help', helpMessage([{ name: EVIL, usage: EVIL, where: 'anywhere', description: EVIL }])],
    ['note modal', noteModal('INC-12')],
    ['role modal', roleModal('INC-12')],
    ['app home', appHome({ incidents: [{ incident: evilIncident, alerts: evilAlerts }] })],
  ];

  for (const [name, output] of outputs) {
    test(`${name}: the raw title never appears; no text object holds <!channel>, a foreign mention, an injected link or a raw &`, () => {
      const json = JSON.stringify(output);
      assert.ok(!json.includes(EVIL_TITLE), 'the raw title');
      for (const raw of ['<!channel>', '<@U123>', '<https://evil', '& co']) assert.ok(!json.includes(raw), raw);
      for (const t of [...textObjects(output.blocks), { text: output.text ?? '', path: 'text' }]) {
        assert.ok(!/&(?!(amp|lt|gt);)/.test(t.text), `raw & at ${t.path}: ${t.text}`);
        // Only mentions, safe links and the date formatting of slack-date.ts open a `<`.
        assert.ok(!/<(?![@#][UWCG][A-Z0-9]+>|https?:\/\/[^|>\s]+\|[^<>]*>|!date\^\d+\^[a-z_{} ]+\|[^<>|]*>)/.test(t.text), `raw < at ${t.path}: ${t.text}`);
      }
    });
  }

  test('the escaped form is what reaches Slack', () => {
    for (const name of ['summary', 'announcement', 'timeline', 'app home']) {
      const output = outputs.find(([n]) => n === name)?.[1];
      assert.ok(JSON.stringify(output).includes('&lt;!channel&gt; &lt;@U123&gt; &amp; co'), name);
    }
  });

  test('declare modal: option labels escaped; values and the pre-filled input stay as typed (never parsed as mrkdwn)', () => {
    const modal = declareModal({ services: [EVIL_TITLE, 'checkout'], initialTitle: EVIL_TITLE, channelId: 'C012AB3CD' });
    const withoutValues = JSON.stringify(modal, (k, v: unknown) => (k === 'initial_value' || k === 'value' ? undefined : v));
    lacks(withoutValues, '<!channel>');
    has(withoutValues, '&lt;!channel&gt;');
    const title = (modal.blocks[0] as any).element;
    assert.equal(title.initial_value, EVIL_TITLE, 'round-trips exactly on submit');
    const services = (modal.blocks[2] as any).element;
    assert.deepEqual(
      services.options.map((o: any) => o.value),
      [EVIL_TITLE, 'checkout'],
    );
  });
});

describe('limits', () => {
  const huge = 'a&<>'.repeat(2500);
  const many = Array.from({ length: 500 }, (_, i) => alert(`${huge} ${i}`, i % 3 === 0 ? 'resolved' : 'firing'));
  const big = incident({
    title: huge,
    description: huge,
    services: Array.from({ length: 500 }, (_, i) => `service-${i}-${huge.slice(0, 50)}`),
    channelName: huge,
  });

  test('summary with a 10 000-character title, 500 alerts, 500 dashboards and 500 services', () => {
    const m = summary({
      incident: big,
      alerts: { recent: many, counts: { firing: 400, acknowledged: 50, resolved: 50 }, lastAlertAt: '2026-11-23T10:02:30Z' },
      runbook: `https://runbooks.example.com/${huge}`,
      dashboards: Array.from({ length: 500 }, (_, i) => `https://grafana.example.com/d/${i}/${huge.slice(0, 200)}`),
      scopeHeadline: huge,
      paging: Array.from({ length: 500 }, (_, i) => ({
        provider: huge,
        sentAt: CREATED,
        acknowledgedAt: i % 2 === 0 ? CREATED : null,
        paged: Array.from({ length: 10 }, () => ({ name: huge, slackUserId: null })),
        acknowledgedBy: { name: huge, slackUserId: null },
      })),
      allAlertsResolved: true,
    });
    assertLimits(m, 'message');
    const text = allText(m);
    const listed = (text.match(/^(:book:|:chart_with_upwards_trend:) /gm) ?? []).length;
    assert.ok(listed >= 1 && listed <= 11, `${listed} links listed`);
    has(text, `…and ${501 - listed} more links`);
    has(text, '…and 495 more');
  });

  test('every other message and view stays within limits with huge input', () => {
    assertLimits(announcementMessage({ incident: big, channelId: 'C1', channelName: null }), 'message');
    assertLimits(newAlertsMessage({ ref: 'INC-12', count: 5000, titles: many.map((a) => a.title) }), 'message');
    assertLimits(helpMessage(Array.from({ length: 200 }, () => ({ name: huge, usage: huge, where: 'anywhere' as const, description: huge }))), 'message');
    assertLimits(timelineMessage({ incident: big, events: Array.from({ length: 2000 }, (_, i) => event(i, { text: huge, actor: huge })) }), 'message');
    assertLimits(declareModal({ services: Array.from({ length: 500 }, (_, i) => `svc-${i}`), initialTitle: huge }), 'view');
    assertLimits(appHome({ incidents: Array.from({ length: 200 }, () => ({ incident: big, alerts: alerts(many) })) }), 'view');
    const title = (declareModal({ services: [], initialTitle: huge }).blocks[0] as any).element.initial_value as string;
    assert.ok(title.length <= 200, `${title.length}`);
  });

  test('escapeWithin never exceeds its limit and never cuts an entity', () => {
    for (const max of [1, 2, 5, 6, 7, 100, 150]) {
      const out = escapeWithin('&'.repeat(1000), max);
      assert.ok(out.length <= max, `${max}: ${out.length}`);
      assert.match(out, /^(&amp;)*…?$/);
    }
    assert.equal(escapeWithin('a < b', 100), 'a &lt; b');
  });

  test('safeLink accepts http(s) only', () => {
    assert.equal(safeLink('javascript:alert(1)', 'x'), null);
    assert.equal(safeLink('not a url', 'x'), null);
    assert.equal(safeLink('https://a.example/x', '<b>'), '<https://a.example/x|&lt;b&gt;>');
  });
});

describe('announcementMessage', () => {
  test('names the incident and links the channel when the id is valid', () => {
    const m = announcementMessage({ incident: incident(), channelId: 'C012AB3CD', channelName: 'inc-12-checkout' });
    assert.equal(m.text, ':rotating_light: INC-12 SEV2: Checkout 5xx in eu-west-1 — join <#C012AB3CD>');
    assert.equal((m.blocks[0] as any).text.text, m.text);
  });

  test('falls back to the escaped channel name, or nothing', () => {
    assert.equal(
      announcementMessage({ incident: incident(), channelId: 'not-an-id', channelName: 'inc-12-checkout' }).text,
      ':rotating_light: INC-12 SEV2: Checkout 5xx in eu-west-1 — join #inc-12-checkout',
    );
    assert.equal(announcementMessage({ incident: incident(), channelId: null, channelName: null }).text, ':rotating_light: INC-12 SEV2: Checkout 5xx in eu-west-1');
  });
});

describe('newAlertsMessage', () => {
  test('counts and lists the first titles', () => {
    const m = newAlertsMessage({ ref: 'INC-12', count: 12, titles: Array.from({ length: 12 }, (_, i) => `alert ${i}`) });
    assert.equal(m.text, ':bell: 12 new alerts in INC-12');
    const text = (m.blocks[0] as any).text.text as string;
    has(text, '• alert 9');
    lacks(text, '• alert 10');
    assert.match(text, /…and 2 more$/);
    assert.equal(newAlertsMessage({ ref: 'INC-12', count: 1, titles: ['x'] }).text, ':bell: 1 new alert in INC-12');
  });
});

describe('timelineMessage', () => {
  test('time (in each reader’s zone), kind emoji, actor as a mention or escaped text, text escaped, one line per event, a line per day', () => {
    const m = timelineMessage({
      incident: incident(),
      events: [
        event(3, { kind: 'alert_received', actor: 'pagerduty', text: 'PagerDuty: Test Incident 3 (triggered)' }),
        event(5, { text: 'rollback <started>\nfor checkout' }),
        event(86_400, { kind: 'incident_resolved' as TimelineKind, actor: 'warroom', text: 'resolved' }),
      ],
    });
    const text = allText(m);
    has(
      text,
      '*<!date^1795428003^{date_long_pretty}|2026-11-23 (UTC)>*\n<!date^1795428003^{time_secs}|10:00:03 UTC> :rotating_light: *pagerduty*: PagerDuty: Test Incident 3 (triggered)\n<!date^1795428005^{time_secs}|10:00:05 UTC> :memo: <@U0LEAD>: rollback &lt;started&gt; for checkout',
    );
    has(text, '*<!date^1795514400^{date_long_pretty}|2026-11-24 (UTC)>*\n<!date^1795514400^{time_secs}|10:00:00 UTC> :checkered_flag: *warroom*: resolved');
    has(text, 'Times in your time zone.');
    lacks(text, 'left out');
    assert.equal(m.text, 'Timeline of INC-12: 3 events');
  });

  test('a long timeline keeps the newest events and says how many earlier ones were left out', () => {
    const events = Array.from({ length: 1000 }, (_, i) => event(i, { text: `event #${i} ${'x'.repeat(300)}` }));
    const m = timelineMessage({ incident: incident(), events });
    assertLimits(m, 'message');
    const kept = [...allText(m).matchAll(/event #(\d+) /g)].map((x) => Number(x[1]));
    assert.ok(kept.length > 10 && kept.length < 1000, `${kept.length} kept`);
    assert.deepEqual(
      kept,
      Array.from({ length: kept.length }, (_, i) => 1000 - kept.length + i),
      'the newest, oldest first',
    );
    assert.match(allText(m), new RegExp(`${1000 - kept.length} earlier events left out`));
  });

  test('an empty timeline says so', () => {
    assert.match(allText(timelineMessage({ incident: incident(), events: [] })), /No events yet/);
  });
});

describe('helpMessage', () => {
  test('groups subcommands by where they work; usage is escaped', () => {
    const m = helpMessage(HELP);
    const text = allText(m);
    has(text, '*Anywhere*\n`/incident declare [title]` — opens the declare modal');
    has(text, '`/incident status &lt;investigating|identified|monitoring|resolved&gt;` — changes status');
    has(text, 'adds a timeline entry &amp; more');
    assert.equal(m.text, '/incident commands: declare, status, note');
    assert.doesNotMatch(text, /\/incident \/incident/, 'each command once');
  });
});

describe('modals', () => {
  test('declare modal: callback id, input block ids equal action ids, defaults, private_metadata', () => {
    const modal = declareModal({ services: ['checkout', 'payments'], initialTitle: 'Checkout down', channelId: 'C012AB3CD' });
    assert.equal(modal.type, 'modal');
    assert.equal(modal.callback_id, VIEWS.declare);
    assert.deepEqual(
      modal.blocks.map((b) => b.block_id),
      [INPUTS.title, INPUTS.severity, INPUTS.services, INPUTS.description, INPUTS.private],
    );
    for (const b of modal.blocks as any[]) {
      assert.equal(b.type, 'input');
      assert.equal(b.element.action_id, b.block_id);
    }
    const [title, severity, services, description] = modal.blocks as any[];
    assert.equal(title.element.type, 'plain_text_input');
    assert.equal(title.element.max_length, 200);
    assert.equal(title.element.initial_value, 'Checkout down');
    assert.equal(severity.element.type, 'static_select');
    assert.deepEqual(
      severity.element.options.map((o: any) => o.value),
      ['SEV1', 'SEV2', 'SEV3', 'SEV4'],
    );
    assert.equal(severity.element.initial_option.value, 'SEV3');
    assert.equal(services.element.type, 'multi_static_select');
    assert.deepEqual(
      services.element.options.map((o: any) => o.value),
      ['checkout', 'payments'],
    );
    assert.equal(description.optional, true);
    assert.equal(description.element.multiline, true);
    assert.deepEqual(JSON.parse(modal.private_metadata ?? ''), { channelId: 'C012AB3CD' });
    assert.ok(modal.submit, 'a modal with inputs needs submit');
  });

  test('declare modal without services or channel: no services block, no private_metadata, no initial title', () => {
    const modal = declareModal({ services: [] });
    assert.deepEqual(
      modal.blocks.map((b) => b.block_id),
      [INPUTS.title, INPUTS.severity, INPUTS.description, INPUTS.private],
    );
    assert.equal(modal.private_metadata, undefined);
    assert.equal((modal.blocks[0] as any).element.initial_value, undefined);
  });

  test('note and role modals carry the ref in private_metadata', () => {
    const note = noteModal('INC-12');
    assert.equal(note.callback_id, VIEWS.note);
    assert.equal(note.private_metadata, 'INC-12');
    const noteInput = note.blocks[0] as any;
    assert.equal(noteInput.block_id, INPUTS.note);
    assert.equal(noteInput.element.action_id, INPUTS.note);
    assert.equal(noteInput.element.multiline, true);

    const role = roleModal('INC-12');
    assert.equal(role.callback_id, VIEWS.role);
    assert.equal(role.private_metadata, 'INC-12');
    const [roleInput, userInput] = role.blocks as any[];
    assert.equal(roleInput.block_id, INPUTS.role);
    assert.equal(roleInput.element.action_id, INPUTS.role);
    assert.deepEqual(
      roleInput.element.options.map((o: any) => o.value),
      ['commander', 'comms', 'scribe', 'ops'],
    );
    assert.equal(userInput.block_id, INPUTS.user);
    assert.equal(userInput.element.type, 'users_select');
    assert.equal(userInput.element.action_id, INPUTS.user);
  });
});

describe('appHome', () => {
  test('no incidents: the declare button and "No open incidents"', () => {
    const home = appHome({ incidents: [] });
    assert.equal(home.type, 'home');
    assert.deepEqual(
      interactive(home.blocks).map((e) => e.action_id),
      [ACTIONS.declare],
    );
    assert.match(allText(home), /No open incidents/);
  });

  test('three open incidents, worst first, with status, commander and channel; resolved ones are not listed', () => {
    const home = appHome({
      incidents: [
        { incident: incident({ id: 1, ref: 'INC-1', severity: 'SEV3', channelId: 'C0AAA' }), alerts: alerts() },
        { incident: incident({ id: 2, ref: 'INC-2', severity: 'SEV1', status: 'identified', channelId: null, channelName: 'inc-2-db' }), alerts: alerts([alert('db')]) },
        { incident: incident({ id: 3, ref: 'INC-3', status: 'resolved' }), alerts: alerts() },
        { incident: incident({ id: 4, ref: 'INC-4', severity: 'SEV2', roles: { commander: null, comms: null, scribe: null, ops: null }, channelId: null, channelName: null }), alerts: alerts() },
      ],
    });
    const text = allText(home);
    assert.match(text, /Open incidents \(3\)/);
    const order = [...text.matchAll(/\*(INC-\d+)\*/g)].map((m) => m[1]);
    assert.deepEqual(order, ['INC-2', 'INC-4', 'INC-1']);
    assert.match(text, /\*INC-1\* Checkout 5xx in eu-west-1\nSEV3 · :mag: investigating · Commander: <@U0LEAD> · <#C0AAA>/);
    assert.match(text, /\*INC-2\*.*\nSEV1 · :bulb: identified · Commander: <@U0LEAD> · #inc-2-db/);
    assert.match(text, /\*INC-4\*.*\nSEV2 · .* · Commander: unassigned · no channel yet/);
    assert.match(text, /Alerts: 1 firing · 0 acknowledged · 0 resolved/);
    lacks(text, 'No open incidents');
  });

  test('drills are listed, marked, and not counted as incidents', () => {
    const home = appHome({
      incidents: [
        { incident: incident({ id: 1, ref: 'INC-1' }), alerts: alerts() },
        { incident: incident({ id: 2, ref: 'INC-2', drill: true }), alerts: alerts() },
      ],
    });
    const text = allText(home);
    assert.match(text, /Open incidents \(1\)\* · 1 drill running/, 'one incident, one drill');
    assert.match(text, /\*INC-2\* \[DRILL\]/, 'the drill is marked');
  });
});
