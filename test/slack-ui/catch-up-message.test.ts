/**
 * The catch-up's text with extreme inputs: thousands of events, 200-character titles full of
 * characters that grow when escaped, follow-ups by the thousand. Eight lines at most, and inside
 * Block Kit's limits as the Slack fake checks them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catchUp, type CatchUp, type CatchUpInput } from '../../src/core/catch-up.js';
import type { FollowUp } from '../../src/core/followup.js';
import type { Incident } from '../../src/core/incident.js';
import { NO_ROLES } from '../../src/core/roles.js';
import type { Scope } from '../../src/core/scope.js';
import { SEVERITIES } from '../../src/core/severity.js';
import { STATUSES } from '../../src/core/status.js';
import type { TimelineEvent } from '../../src/core/timeline.js';
import { checkMessageBlocks } from '../../src/sandbox/slack-workspace/block-kit-rules.js';
import { CATCH_UP_MAX_LINES, catchUpLines, catchUpMessage } from '../../src/slack-ui/messages/catch-up-message.js';
import { SLACK_LIMITS } from '../../src/slack-ui/blocks/slack-limits.js';

const T0 = Date.UTC(2026, 11, 7, 10, 0, 0);
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const ALICE = 'U0ALICE01';
const BOB = 'U0BOB0002';

function incident(over: Partial<Incident> = {}): Incident {
  return {
    id: 7, ref: 'INC-7', title: 'Checkout 502', description: null, status: 'identified', severity: 'SEV1', services: ['checkout'], drill: false,
    channelId: 'C0ROOM', channelName: 'inc-7-checkout', roles: { ...NO_ROLES, commander: ALICE }, scope: null, declaredBy: ALICE,
    createdAt: at(0), updatedAt: at(0), resolvedAt: null, version: 1, ...over,
  };
}
const ev = (s: number, kind: TimelineEvent['kind'], data: Record<string, unknown> = {}, text = '', actor = ALICE): TimelineEvent => ({ at: at(s), kind, actor, text, data });
const scope = (s: number, ratio: number, classification: Scope['classification'] = 'global'): Scope => ({ classification, failingRatio: ratio, regions: [], services: [], source: 'prometheus', at: at(s).toISOString() });
const input = (over: Partial<CatchUpInput> = {}): CatchUpInput => ({ incident: incident(), events: [ev(0, 'incident_declared')], scopeSnapshots: [], person: BOB, cadenceMinutes: 30, followUps: [], ...over });
const followUp = (id: number, title: string, status: FollowUp['status'] = 'open'): FollowUp => ({
  id, incidentId: 7, title, owner: null, ownerName: null, dueDate: null, status, createdBy: ALICE, createdAt: at(id), doneBy: null, doneAt: null, tracker: null, trackerRef: null, trackerUrl: null,
});

/** The catch-up's lines, checked: eight at most, one line each, within a section, accepted by the fake's Block Kit rules. */
function linesWithinSlack(c: CatchUp, what: string): string[] {
  const lines = catchUpLines(c);
  assert.equal(checkMessageBlocks(catchUpMessage(c).blocks), null, `${what}: the fake accepts it`);
  assert.ok(lines.length <= CATCH_UP_MAX_LINES, `${what}: ${lines.length} lines`);
  assert.ok(lines.every((l) => !l.includes('\n')), `${what}: no line breaks inside a line`);
  assert.ok(lines.join('\n').length <= SLACK_LIMITS.sectionText, `${what}: ${lines.join('\n').length} characters`);
  return lines;
}

test('the lines say when it started, the changes, scope now and at peak, roles, updates and follow-ups', () => {
  const events = [
    ev(0, 'incident_declared'),
    ev(60, 'severity_changed', { from: 'SEV3', to: 'SEV1' }),
    ev(120, 'status_changed', { from: 'investigating', to: 'identified' }),
    ev(180, 'stakeholder_update', {}, 'All card payments fail', BOB),
  ];
  const followUps = [followUp(1, 'alert on 502s'), followUp(2, 'already done', 'done')];
  const lines = catchUpLines(catchUp(input({ events, followUps, scopeSnapshots: [scope(100, 0.4), scope(200, 0.1, 'regional')], incident: incident({ scope: scope(200, 0.1, 'regional') }) })));
  const all = lines.join('\n');
  assert.equal(lines.length, 7, 'no "since you joined" for someone Warroom never saw join');
  for (const part of ['INC-7', 'Checkout 502', `<!date^${T0 / 1000}^`, 'SEV3 → SEV1', 'investigating → identified', 'Scope* now: Regional', 'peak 40.0% failing', `commander <@${ALICE}>`, 'comms _nobody_', `by <@${BOB}>`, `next due <!date^${(T0 + 180_000 + 30 * 60_000) / 1000}^`, '(1): alert on 502s']) {
    assert.ok(all.includes(part), `"${part}" in:\n${all}`);
  }
  assert.ok(!all.includes('already done'), 'only the open follow-ups');
});

test('"since you joined" counts what happened after the person first joined', () => {
  const events = [ev(0, 'incident_declared'), ev(10, 'member_joined', { user: BOB }), ev(20, 'severity_changed', { from: 'SEV3', to: 'SEV2' }), ev(30, 'note_added', {}, 'n'), ev(40, 'member_joined', { user: BOB }), ev(50, 'incident_resolved', { from: 'identified' })];
  const c = catchUp(input({ events }));
  assert.deepEqual(c.since, { at: at(10), entries: 3, changes: 2 }, 'the first join; joins are not entries');
  assert.deepEqual(c.status.changes.map((s) => s.to), ['resolved'], 'a resolution is a status change');
  const lines = catchUpLines(c);
  assert.equal(lines.length, 8);
  assert.match(lines[7] ?? '', /^\*Since you joined\* \(<!date\^.*\): 3 timeline entries, 2 severity or status changes$/);
});

test('thousands of events, a 200-character title of "&", thousands of long follow-ups: eight lines within the limits, the latest change kept', () => {
  const events: TimelineEvent[] = [ev(0, 'incident_declared'), ev(1, 'member_joined', { user: BOB })];
  for (let i = 0; i < 3000; i++) {
    events.push(ev(10 + i, 'severity_changed', { from: SEVERITIES[i % 4], to: SEVERITIES[(i + 1) % 4] }));
    events.push(ev(10 + i, 'status_changed', { from: STATUSES[i % 3], to: STATUSES[(i + 1) % 3] }));
    events.push(ev(10 + i, 'stakeholder_update', {}, 'u', i % 2 === 0 ? BOB : 'warroom<&>'));
  }
  const snapshots = Array.from({ length: 2000 }, (_, i) => ({ ...scope(i, i / 2000), regions: Array.from({ length: 50 }, (_, r) => ({ name: `region-${'&'.repeat(40)}-${r}`, failingRatio: 0.5 })) }));
  const big = incident({ title: '&'.repeat(200), scope: snapshots.at(-1) ?? null, roles: { commander: ALICE, comms: BOB, scribe: 'not-a-user-id<&>', ops: ALICE } });
  const followUps = Array.from({ length: 3000 }, (_, i) => followUp(i + 1, `${'<&>'.repeat(70)} ${i}`));
  const c = catchUp(input({ incident: big, events, scopeSnapshots: snapshots, followUps }));
  const lines = linesWithinSlack(c, 'extreme');
  assert.equal(lines.length, 8);
  const severity = lines[1] ?? '';
  assert.match(severity, /^\*Severity\* \(\d+ earlier\) /, 'the earlier changes are counted');
  assert.ok(severity.includes(`→ ${SEVERITIES[3000 % 4]} (`), `ends with the severity now: ${severity}`);
  assert.match(lines[6] ?? '', /^\*Open follow-ups\* \(3000\): .* \+\d+ more$/, 'follow-ups counted, the rest summed up');
  assert.ok(!/<&>|[^!@]<[^!@]/.test(lines[0] ?? ''), 'untrusted text is escaped');
  assert.ok(lines[4]?.includes('scribe not-a-user-id&lt;&amp;&gt;'), `a non-id role holder is shown escaped: ${lines[4]}`);
});

test('nothing yet: no changes, no scope, no cadence, no follow-ups', () => {
  const lines = linesWithinSlack(catchUp(input({ cadenceMinutes: 0, incident: incident({ roles: NO_ROLES }) })), 'empty');
  assert.deepEqual(lines.slice(1), [
    '*Severity* SEV1, unchanged',
    '*Status* identified, unchanged',
    '*Scope* not measured yet',
    '*Roles* commander _nobody_, comms _nobody_, scribe _nobody_, ops _nobody_',
    '*Stakeholder updates* none sent yet',
    '*Open follow-ups* none (`/incident followup`, or a note starting with "action:")',
  ]);
});
