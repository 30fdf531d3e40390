import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FollowUp } from '../../src/core/followup.js';
import type { Incident } from '../../src/core/incident.js';
import { renderPostmortem, type PostmortemAlert, type PostmortemInput } from '../../src/core/postmortem.js';
import { formatDuration } from '../../src/core/postmortem-text.js';
import type { Scope } from '../../src/core/scope.js';
import { TIMELINE_KINDS, type TimelineEvent, type TimelineKind } from '../../src/core/timeline.js';

const GOLDEN = fileURLToPath(new URL('../fixtures/postmortem/golden.md', import.meta.url));

const at = (hms: string): Date => new Date(`2026-11-23T${hms}.000Z`);
const ev = (time: string, kind: TimelineKind, actor: string, text: string, data: Record<string, unknown> = {}): TimelineEvent => ({ at: at(time), kind, actor, text, data });

const CMDR = 'U0CMDR001';
const COMMS = 'U0COMMS02';
const OPS = 'U0OPS0003';

function incident(over: Partial<Incident> = {}): Incident {
  return {
    id: 42,
    ref: 'INC-42',
    title: 'Checkout 5xx in eu-west-1',
    description: 'Customers saw HTTP 500 when paying.',
    status: 'resolved',
    severity: 'SEV1',
    services: ['checkout', 'payments'],
    drill: false,
    channelId: 'C0INC42',
    channelName: 'inc-42-checkout-5xx-in-eu-west-1',
    roles: { commander: CMDR, comms: COMMS, scribe: null, ops: OPS },
    scope: null,
    declaredBy: 'warroom',
    createdAt: at('09:58:13'),
    updatedAt: at('11:10:00'),
    resolvedAt: at('11:05:30'),
    version: 31,
    ...over,
  };
}

const alertData = (count: number, actions: string[]) => ({ provider: 'pagerduty', deliveryId: 'dlv-1', count, fingerprints: ['PFQZPSY'], actions });

/** A realistic incident: alert, declare, page, commander, checks, rollback, monitoring, resolve, reopen, resolve again. */
const STORY: readonly TimelineEvent[] = [
  ev('09:58:12', 'alert_received', 'pagerduty', 'PagerDuty: Checkout 5xx above 5% (triggered)', alertData(1, ['triggered'])),
  ev('09:58:13', 'incident_declared', 'warroom', 'Incident declared: Checkout 5xx in eu-west-1 (SEV2)', { severity: 'SEV2', services: ['checkout', 'payments'], drill: false }),
  ev('09:58:15', 'channel_created', 'warroom', 'Channel #inc-42-checkout-5xx-in-eu-west-1 created', { channelId: 'C0INC42', channelName: 'inc-42-checkout-5xx-in-eu-west-1' }),
  ev('09:58:20', 'page_sent', 'warroom', `Paged the on-call of checkout (${CMDR}) through PagerDuty`, { service: 'checkout' }),
  ev('09:59:02', 'alert_updated', 'pagerduty', 'PagerDuty: Checkout 5xx above 5% (escalated)', alertData(1, ['escalated'])),
  ev('09:59:30', 'page_acknowledged', 'pagerduty', `${CMDR} acknowledged the page`, { user: CMDR }),
  ev('09:59:40', 'alert_acknowledged', 'pagerduty', 'PagerDuty: Checkout 5xx above 5% (acknowledged)', alertData(1, ['acknowledged'])),
  ev('10:00:05', 'member_joined', CMDR, `<@${CMDR}> joined the channel`, { user: CMDR }),
  // Names captured when they were assigned (the ops engineer's lookup failed: the mention form); text from before names were captured wrote bare ids.
  { ...ev('10:00:40', 'role_assigned', CMDR, `Commander assigned to <@${CMDR}>`, { role: 'commander', user: CMDR, previous: null }), names: { [CMDR]: 'Chloé Martin' } },
  { ...ev('10:01:10', 'role_assigned', CMDR, `Comms assigned to ${COMMS}`, { role: 'comms', user: COMMS, previous: null }), names: { [CMDR]: 'Chloé Martin', [COMMS]: 'Sam Okafor' } },
  ev('10:01:15', 'role_assigned', `<@${CMDR}>`, `Ops assigned to ${OPS}`, { role: 'ops', user: OPS, previous: null }),
  ev('10:02:00', 'scope_snapshot', 'warroom', 'Scope: regional, 18.3% of requests failing (eu-west-1 41.0%)', { classification: 'regional', failingRatio: 0.183 }),
  ev('10:03:30', 'check_result', 'warroom', 'checkout v2.14.0 deployed at 09:51 UTC, 7 min before the first alert', { name: 'recent deploy', outcome: 'found' }),
  ev('10:03:31', 'check_result', 'warroom', 'Replica lag 0.2 s (threshold 5 s)', { name: 'replication lag' }),
  ev('10:05:00', 'severity_changed', CMDR, 'Severity changed from SEV2 to SEV1', { from: 'SEV2', to: 'SEV1' }),
  ev('10:06:00', 'note_added', OPS, 'action: add a replica-lag alert'),
  ev('10:07:00', 'message_pinned', COMMS, 'Rolling back checkout to v2.13.2', { author: OPS, ts: '1795428420.000100', permalink: 'https://example.slack.com/archives/C0INC42/p1795428420000100', channel: 'C0INC42' }),
  ev('10:10:00', 'status_changed', CMDR, 'Status changed from investigating to identified', { from: 'investigating', to: 'identified' }),
  ev('10:15:00', 'stakeholder_update', COMMS, 'Checkout errors in eu-west-1 since 09:58 UTC; rollback in progress. Next update 10:45 UTC.'),
  ev('10:20:00', 'note_added', OPS, 'Rollback | done\n# not a heading <!channel>', { permalink: 'javascript:alert(1)' }),
  ev('10:31:05', 'status_changed', CMDR, 'Status changed from identified to monitoring', { from: 'identified', to: 'monitoring' }),
  ev('10:32:00', 'scope_snapshot', 'warroom', 'Scope: none, 0.4% of requests failing', { classification: 'none', failingRatio: 0.004 }),
  ev('10:40:00', 'alert_resolved', 'pagerduty', 'PagerDuty: Checkout 5xx above 5% (resolved)', alertData(1, ['resolved'])),
  ev('10:40:00', 'alerts_all_resolved', 'warroom', 'All alerts resolved', { autoResolve: false }),
  ev('10:50:00', 'incident_resolved', CMDR, 'Incident resolved: rolled back to v2.13.2', { from: 'monitoring', summary: 'rolled back to v2.13.2' }),
  ev('10:55:00', 'incident_reopened', CMDR, 'Incident reopened', { from: 'resolved', to: 'investigating' }),
  ev('10:56:00', 'note_added', CMDR, 'ACTION: Canary checkout deploys in eu-west-1 first'),
  ev('11:05:30', 'incident_resolved', CMDR, 'Incident resolved: error rate at baseline for 30 min', { from: 'investigating', summary: 'error rate at baseline for 30 min' }),
  ev('11:10:00', 'postmortem_drafted', CMDR, 'Postmortem draft posted in the channel', { characters: 4200 }),
];

/** The story, plus one plain event of every kind the story does not have yet: a new kind changes the golden file. */
function everyKindTimeline(): TimelineEvent[] {
  const events = [...STORY];
  const present = new Set(events.map((e) => e.kind));
  for (const kind of TIMELINE_KINDS) {
    if (!present.has(kind)) events.push(ev('11:20:00', kind, 'warroom', `An event of kind ${kind}`));
  }
  return events;
}

const ALERTS: readonly PostmortemAlert[] = [
  { provider: 'pagerduty', key: 'PFQZPSY', title: 'Checkout 5xx above 5%', status: 'resolved', firstSeenAt: at('09:58:12'), lastSeenAt: at('10:40:00'), resolvedAt: at('10:40:00'), occurrences: 4 },
  { provider: 'datadog', key: '1234567', title: 'p99 latency | checkout > 2 s', status: 'firing', firstSeenAt: at('10:01:00'), lastSeenAt: at('10:20:00'), resolvedAt: null, occurrences: 2 },
];

const SNAPSHOTS: readonly Scope[] = [
  {
    classification: 'regional',
    failingRatio: 0.183,
    regions: [{ name: 'eu-west-1', failingRatio: 0.41 }, { name: 'eu-central-1', failingRatio: 0 }],
    services: [{ name: 'checkout', failingRatio: 0.35 }, { name: 'payments', failingRatio: 0.02 }],
    source: 'prometheus',
    at: '2026-11-23T10:02:00Z',
  },
  {
    classification: 'none',
    failingRatio: 0.004,
    regions: [{ name: 'eu-west-1', failingRatio: 0.01 }],
    services: [{ name: 'checkout', failingRatio: 0.008 }],
    source: 'prometheus',
    at: '2026-11-23T10:32:00Z',
  },
];

const CHARTS = [{ title: 'Checkout 5xx ratio, eu-west-1', url: 'https://grafana.example.com/d/checkout?orgId=1&from=1795427700000&to=1795431900000' }];

function followUp(over: Partial<FollowUp> & Pick<FollowUp, 'id' | 'title'>): FollowUp {
  return { incidentId: 42, owner: null, ownerName: null, dueDate: null, status: 'open', createdBy: OPS, createdAt: at('10:06:00'), doneBy: null, doneAt: null, tracker: null, trackerRef: null, trackerUrl: null, ...over };
}

/** The follow-ups the story's two `action:` notes made, one of them done since. */
const FOLLOW_UPS: readonly FollowUp[] = [
  followUp({ id: 7, title: 'add a replica-lag alert', owner: OPS, dueDate: '2026-12-04' }),
  followUp({ id: 8, title: 'Canary checkout deploys in eu-west-1 first', owner: CMDR, createdBy: CMDR, createdAt: at('10:56:00'), status: 'done', doneBy: CMDR, doneAt: at('11:20:00') }),
];

const goldenInput = (): PostmortemInput => ({ incident: incident(), events: everyKindTimeline(), alerts: ALERTS, scopeSnapshots: SNAPSHOTS, charts: CHARTS, followUps: FOLLOW_UPS });

const SECTIONS = [
  'Summary',
  'Key times',
  'Impact',
  'Timeline',
  'Responders and roles',
  'Alerts',
  'Hypothesis checks',
  'Stakeholder updates',
  'Contributing factors',
  'What went well',
  'What went badly',
  'Action items',
];

/** The `## ` headings of a draft, in order. */
const headings = (md: string): string[] => md.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3));

/** The body of one `## ` section. */
function section(md: string, name: string): string {
  const start = md.indexOf(`\n## ${name}\n`);
  assert.ok(start >= 0, `section ${name} is present`);
  const end = md.indexOf('\n## ', start + 1);
  return md.slice(start, end < 0 ? undefined : end);
}

/** A line's value after `- <label>: `. */
function bullet(md: string, label: string): string | undefined {
  const line = md.split('\n').find((l) => l.startsWith(`- ${label}`));
  return line?.slice(line.indexOf(': ') + 2);
}

/** Cells of a Markdown table row, split on `|` not escaped by a backslash (GFM rules). */
function cells(row: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < row.length; i++) {
    const c = row[i];
    if (c === '\\' && i + 1 < row.length) {
      current += c + row[i + 1];
      i++;
    } else if (c === '|') {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out.slice(1, -1);
}

void describe('renderPostmortem', () => {
  void test('golden file: an incident with every timeline kind, alerts, two snapshots, a chart, notes, a permalink and a reopen', () => {
    const input = goldenInput();
    assert.deepEqual(new Set(input.events.map((e) => e.kind)), new Set(TIMELINE_KINDS), 'the golden timeline has every timeline kind');
    const md = renderPostmortem(input);
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(GOLDEN, md);
    const golden = readFileSync(GOLDEN, 'utf8');
    assert.equal(md, golden, 'the draft equals test/fixtures/postmortem/golden.md byte for byte (UPDATE_GOLDEN=1 rewrites it)');
    for (const kind of TIMELINE_KINDS) assert.ok(md.includes(`| ${kind} |`), `the timeline shows a ${kind} row`);
  });

  void test('key times and durations of a known timeline', () => {
    const md = renderPostmortem(goldenInput());
    assert.equal(bullet(md, 'Started'), '2026-11-23 09:58:12 UTC', 'started: the first alert');
    assert.equal(bullet(md, 'Detected'), '2026-11-23 09:58:12 UTC', 'detected: the first alert');
    assert.equal(bullet(md, 'Commander assigned'), '2026-11-23 10:00:40 UTC', 'commander: the first commander assignment');
    assert.equal(bullet(md, 'Mitigated'), '2026-11-23 10:31:05 UTC', 'mitigated: the first move to monitoring');
    assert.equal(bullet(md, 'Resolved'), '2026-11-23 11:05:30 UTC', 'resolved: the last resolution after the reopen');
    assert.equal(bullet(md, 'Reopened'), '1 time (last 2026-11-23 10:55:00 UTC)', 'the reopen is shown');
    assert.equal(bullet(md, 'Time to detect'), '0 s', 'time to detect');
    assert.match(md, /^- Time to detect \(started → detected\): 0 s$/m, 'the pair of times is named');
    assert.equal(bullet(md, 'Time to assign a commander'), '2 min 28 s', 'time to assign a commander');
    assert.equal(bullet(md, 'Time to mitigate'), '30 min 25 s', 'time to mitigate');
    assert.equal(bullet(md, 'Time to resolve'), '34 min 25 s', 'time to resolve');
    assert.equal(bullet(md, 'Total'), '1 h 07 min', 'total: 1 h 07 min 18 s');
  });

  void test('durations are formatted as 1 h 05 min, 12 min 30 s, 45 s', () => {
    const cases: [number, string][] = [
      [0, '0 s'],
      [45_000, '45 s'],
      [59_499, '59 s'],
      [60_000, '1 min 00 s'],
      [750_000, '12 min 30 s'],
      [3_900_000, '1 h 05 min'],
      [3_929_000, '1 h 05 min'],
      [93_900_000, '1 d 02 h 05 min'],
    ];
    for (const [ms, expected] of cases) assert.equal(formatDuration(ms), expected, `${ms} ms`);
  });

  void test('missing times are "not recorded" and give no bogus durations', () => {
    const events = [
      ev('10:00:00', 'incident_declared', 'U123', 'Incident declared: x (SEV3)', { severity: 'SEV3', services: [], drill: false }),
      ev('10:12:30', 'status_changed', 'U123', 'Status changed from identified to monitoring', { from: 'identified', to: 'monitoring' }),
    ];
    const md = renderPostmortem({ incident: incident({ status: 'monitoring', resolvedAt: null }), events, alerts: [], scopeSnapshots: [] });
    assert.equal(bullet(md, 'Started'), '2026-11-23 10:00:00 UTC', 'started: the declaration without alerts');
    assert.equal(bullet(md, 'Detected'), '2026-11-23 10:00:00 UTC', 'detected: the declaration without alerts');
    assert.equal(bullet(md, 'Commander assigned'), 'not recorded', 'no commander');
    assert.equal(bullet(md, 'Resolved'), 'not recorded', 'not resolved');
    assert.equal(bullet(md, 'Time to assign a commander'), 'not recorded', 'no duration to a missing commander');
    assert.match(md, /^- Time to mitigate \(detected → mitigated\): 12 min 30 s$/m, 'mitigation is measured from the last known time');
    assert.equal(bullet(md, 'Time to resolve'), 'not recorded', 'no duration to a missing resolution');
    assert.equal(bullet(md, 'Total'), 'not recorded', 'no total without a resolution');
    assert.doesNotMatch(section(md, 'Key times'), /NaN|undefined|: -\d/, 'no bogus figures');

    const reopened = [
      ...events,
      ev('10:20:00', 'incident_resolved', 'U123', 'Incident resolved', { from: 'monitoring', summary: null }),
      ev('10:20:00', 'incident_reopened', 'U123', 'Incident reopened', { from: 'resolved', to: 'investigating' }),
    ];
    const md2 = renderPostmortem({ incident: incident({ status: 'investigating', resolvedAt: null }), events: reopened, alerts: [], scopeSnapshots: [] });
    assert.equal(bullet(md2, 'Resolved'), 'not recorded', 'reopened after its last resolution: not resolved');
    assert.equal(bullet(md2, 'Reopened'), '1 time (last 2026-11-23 10:20:00 UTC, still open)', 'the reopen says it is still open');

    const early = [ev('10:00:00', 'incident_declared', 'U1', 'd'), ev('09:59:00', 'role_assigned', 'U1', 'c', { role: 'commander', user: 'U1', previous: null })];
    const md3 = renderPostmortem({ incident: incident(), events: early, alerts: [], scopeSnapshots: [] });
    assert.match(bullet(md3, 'Time to assign a commander') ?? '', /^not measurable/, 'a commander recorded before detection gives no negative duration');
  });

  void test('action items are the follow-ups: owner by name, due date, status; markup in a title stays inside its line', () => {
    const md = renderPostmortem({ incident: incident(), events: STORY, alerts: [], scopeSnapshots: [], followUps: [
      followUp({ id: 1, title: 'add a replica-lag alert', owner: OPS, ownerName: 'Ana Ops' }),
      followUp({ id: 2, title: '# fix the | runbook', owner: CMDR, dueDate: '2026-12-01', status: 'done', doneBy: COMMS, doneAt: at('11:00:00') }),
      followUp({ id: 3, title: 'nobody yet' }),
    ] });
    assert.deepEqual(section(md, 'Action items').split('\n').filter((l) => l.startsWith('- [')), [
      '- [ ] add a replica-lag alert (owner Ana Ops; open)',
      '- [x] \\# fix the | runbook (owner Chloé Martin, due 2026-12-01; done 2026-11-23 11:00:00 UTC by Sam Okafor)',
      '- [ ] nobody yet (no owner; open)',
    ], 'one line each; names from the timeline, else the one captured with the follow-up');
    const none = renderPostmortem({ incident: incident(), events: STORY, alerts: [], scopeSnapshots: [] });
    assert.match(section(none, 'Action items'), /None yet/, 'an action: note alone (no record) is no item: the store makes the record');
  });

  void test('untrusted text with |, newlines, # heading and <!channel> stays inside its line or cell', () => {
    const evil = 'evil | text\n# heading\n> quote\n- item <!channel> <@U0EVIL01> \\| end';
    const events = [
      ev('10:00:00', 'incident_declared', 'U1', evil, { permalink: 'https://example.slack.com/archives/C1/p1?a=(b)|c' }),
      ev('10:01:00', 'note_added', `x|y\n# actor`, evil),
      ev('10:02:00', 'check_result', 'warroom', evil, { name: evil, outcome: evil }),
      ev('10:03:00', 'stakeholder_update', 'U1', evil),
      ev('10:04:00', 'message_pinned', 'U1', 'pin', { permalink: 'javascript:alert(1)' }),
    ];
    const alerts: PostmortemAlert[] = [{ provider: 'x|y', key: 'k\nk', title: evil, status: 'firing', firstSeenAt: at('10:00:00'), lastSeenAt: at('10:00:00'), resolvedAt: null, occurrences: 1 }];
    const snapshot: Scope = { classification: 'global', failingRatio: 0.5, regions: [{ name: evil, failingRatio: 0.5 }], services: [], source: 'datadog', at: '2026-11-23T10:00:30Z' };
    const md = renderPostmortem({
      incident: incident({ title: `${evil} ##`, services: [evil], description: evil, channelName: 'inc-1-x', declaredBy: evil }),
      events,
      alerts,
      scopeSnapshots: [snapshot],
      charts: [{ title: evil, url: 'https://grafana.example.com/d/x' }, { title: 'bad', url: 'javascript:alert(1)' }],
    });
    const lines = md.split('\n');
    assert.deepEqual(headings(md), [...SECTIONS.slice(0, 8), 'Charts', ...SECTIONS.slice(8)], 'no heading comes from untrusted text');
    assert.equal(lines.filter((l) => l.startsWith('# ')).length, 1, 'one title line');
    assert.ok(lines[0]?.startsWith('# INC-42: evil | text # heading'), 'the title stays on the first line');
    assert.ok(lines[0]?.endsWith('\\##'), 'a trailing ## in the title is not taken for a closing sequence');
    const ownHeadings = new Set([...SECTIONS, 'Charts'].map((h) => `## ${h}`).concat(['### Durations', '### Who acted']));
    for (const [i, line] of lines.entries()) {
      if (i > 0 && line.startsWith('#')) assert.ok(ownHeadings.has(line), `only the draft's own headings start with #: ${line}`);
      assert.doesNotMatch(line, /^\s*>/, `no line is a quote: ${line}`);
      assert.doesNotMatch(line, /^[-*+] (?:[#>*+-]|\d+[.)])/, `no list item opens a nested block: ${line}`);
      // People Warroom names itself (role holders, actors) may be mentions; none typed into the text.
      assert.ok(!line.includes('<!channel>') && !line.includes('<@U0EVIL01'), `no Slack mention from the text survives: ${line}`);
    }
    assert.ok(md.includes('&lt;!channel>'), 'the mention is shown as text');
    assert.ok(md.includes('@U0EVIL01'), 'a user mention is shown as @U…');
    for (const table of ['Timeline', 'Alerts']) {
      const rows = section(md, table).split('\n').filter((l) => l.startsWith('|'));
      const width = cells(rows[0] ?? '').length;
      assert.ok(rows.length >= 3, `${table} has a header, a rule and rows`);
      for (const row of rows) assert.equal(cells(row).length, width, `${table} row keeps ${width} cells: ${row}`);
    }
    const timeline = section(md, 'Timeline');
    assert.ok(timeline.includes('| evil \\| text # heading > quote - item &lt;!channel> @U0EVIL01 \\\\\\| end |'), 'the text is one cell, its backslash and pipes escaped');
    assert.ok(timeline.includes('| x\\|y # actor |'), 'an odd actor stays in its cell');
    assert.ok(timeline.includes('[permalink](https://example.slack.com/archives/C1/p1?a=%28b%29%7Cc)'), 'an http(s) permalink is linked, its ( ) | encoded');
    assert.ok(!md.includes('javascript:'), 'non-http links are left out');
    assert.ok(md.includes('(link left out: not an http(s) URL)'), 'a chart with a bad URL is listed without a link');
  });

  void test('empty inputs still render every section', () => {
    const bare = incident({ status: 'investigating', resolvedAt: null, roles: { commander: null, comms: null, scribe: null, ops: null }, services: [], description: null, channelName: null, channelId: null });
    const md = renderPostmortem({ incident: bare, events: [], alerts: [], scopeSnapshots: [] });
    assert.ok(md.startsWith('# INC-42: Checkout 5xx in eu-west-1\n'), 'the title line comes first');
    assert.deepEqual(headings(md), SECTIONS, 'every section, in order, no Charts without charts');
    for (const label of ['Started', 'Detected', 'Commander assigned', 'Mitigated', 'Resolved']) assert.equal(bullet(md, label), 'not recorded', `${label}: not recorded`);
    for (const label of ['Time to detect', 'Time to assign a commander', 'Time to mitigate', 'Time to resolve', 'Total']) assert.equal(bullet(md, label), 'not recorded', `${label}: not recorded`);
    for (const label of ['Peak failing share', 'Affected regions', 'Affected services', 'Duration of impact']) assert.equal(bullet(md, label), 'not measured', `${label}: not measured`);
    assert.match(section(md, 'Timeline'), /No events recorded\./, 'empty timeline');
    assert.match(section(md, 'Alerts'), /No alerts recorded\./, 'no alerts');
    assert.match(section(md, 'Hypothesis checks'), /None ran\./, 'no checks');
    assert.match(section(md, 'Stakeholder updates'), /None posted\./, 'no updates');
    assert.match(section(md, 'Responders and roles'), /^- Commander: unassigned$/m, 'no commander');
    assert.doesNotMatch(md, /undefined|NaN|null/, 'no undefined, NaN or null leaks into the draft');
    assert.equal(renderPostmortem({ incident: bare, events: [], alerts: [], scopeSnapshots: [], charts: [] }), md, 'an empty chart list adds nothing');
  });

  void test('keeps the summary lines the CLI and API rely on', () => {
    const md = renderPostmortem({ incident: incident({ declaredBy: 'U123' }), events: STORY, alerts: [], scopeSnapshots: [] });
    assert.match(md, /^- Severity: SEV1$/m, 'severity line');
    assert.match(md, /^- Services: checkout, payments$/m, 'services line');
    assert.match(md, /^- Declared: 2026-11-23T09:58:13\.000Z by <@U123>$/m, 'declared line (no name captured: the mention form)');
    assert.match(md, /incident_declared/, 'the timeline names the kinds');
  });

  void test('render time for 10 000 and 100 000 events (printed, not asserted)', () => {
    // A storm-sized timeline: mostly ordinary lines, every 10th with text to escape, every 20th with a permalink.
    for (const n of [10_000, 100_000]) {
      const events: TimelineEvent[] = [];
      const base = at('09:00:00').getTime();
      for (let i = 0; i < n; i++) {
        const kind = TIMELINE_KINDS[i % TIMELINE_KINDS.length] ?? 'note_added';
        const text = i % 10 === 0 ? `Event ${i} | with <!here> text\n# and a second line` : `Event ${i}: status changed from investigating to identified`;
        const data = kind === 'role_assigned' ? { role: 'commander', user: 'U0USER1', previous: null } : i % 20 === 0 ? { permalink: `https://example.slack.com/archives/C1/p${i}` } : {};
        events.push({ at: new Date(base + i * 1000), kind, actor: i % 3 === 0 ? 'pagerduty' : `U0USER${i % 50}`, text, data });
      }
      const input: PostmortemInput = { incident: incident(), events, alerts: ALERTS, scopeSnapshots: SNAPSHOTS, charts: CHARTS };
      let md = renderPostmortem(input); // the first (cold) run is left out: it measures the JIT, not the renderer
      const times: number[] = [];
      for (let run = 0; run < 5; run++) {
        const start = process.hrtime.bigint();
        md = renderPostmortem(input);
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      times.sort((a, b) => a - b);
      console.log(`renderPostmortem: ${n} events in ${(times[2] ?? NaN).toFixed(1)} ms (median of 5; min ${(times[0] ?? NaN).toFixed(1)} ms; ${md.length} characters)`);
      assert.ok(md.includes(`| Event ${n - 10} \\| with &lt;!here> text # and a second line |`), `the escaped text of event ${n - 10} is rendered`);
      assert.ok(md.includes(`| Event ${n - 1}: status changed`), `the last of ${n} events is rendered`);
    }
  });
});
