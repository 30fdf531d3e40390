/** People on the timeline: who an event names, and how they read inside and outside Slack. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { namesIn, peopleOf, personName, personRef, readableText, splitPeople } from '../../src/core/people.js';
import { decide } from '../../src/core/decide.js';
import type { Incident } from '../../src/core/incident.js';
import { NO_ROLES } from '../../src/core/roles.js';
import type { TimelineEvent } from '../../src/core/timeline.js';
import { eventMrkdwn } from '../../src/slack-ui/blocks/event-mrkdwn.js';

const AT = new Date('2026-11-23T10:00:00Z');
const ev = (actor: string, text: string, data: Record<string, unknown> = {}, names?: Record<string, string>): TimelineEvent => ({
  at: AT, kind: 'role_assigned', actor, text, data, ...(names ? { names } : {}),
});
const INCIDENT: Incident = {
  id: 3, ref: 'INC-3', title: 't', description: null, status: 'investigating', severity: 'SEV2', services: [], drill: false, channelId: 'C1', channelName: 'inc-3-t',
  roles: NO_ROLES, scope: null, declaredBy: 'U0ALICE01', createdAt: AT, updatedAt: AT, resolvedAt: null, version: 1,
};

test('an event names its actor and the user, previous holder or author of its data — never a mention typed into its text', () => {
  assert.deepEqual(peopleOf(ev('U0ALICE01', 'x', { user: 'U0BOB0002', previous: 'U0CAROL03', author: 'U0ALICE01' })), ['U0ALICE01', 'U0BOB0002', 'U0CAROL03']);
  assert.deepEqual(peopleOf(ev('pagerduty', 'paged <@U0MALLORY>', { user: null, previous: 'api' })), []);
});

test('decide writes the people of a role change as mentions, not bare ids', () => {
  const assigned = decide(INCIDENT, { type: 'assign_role', actor: 'U0ALICE01', role: 'commander', user: 'U0BOB0002' }, AT);
  assert.ok(assigned.ok);
  assert.equal(assigned.events[0]?.text, 'Commander assigned to <@U0BOB0002>');
  const again = decide(assigned.incident, { type: 'assign_role', actor: 'U0ALICE01', role: 'commander', user: 'U0BOB0002' }, AT);
  // Shown escaped in Slack and as JSON by the API: the refusal names nobody rather than print an id.
  assert.ok(!again.ok && again.error.message === 'They are already commander on INC-3.', 'the refusal prints no id');
  assert.equal(personRef('api'), 'api', 'an actor that is no Slack user stays as it is');
});

test('outside Slack a person reads as their captured name, else as <@U…>, never a bare id', () => {
  const event = ev('U0ALICE01', 'Commander assigned to <@U0BOB0002>', { user: 'U0BOB0002', previous: null }, { U0ALICE01: 'Alice Moreau' });
  assert.equal(readableText(event), 'Commander assigned to <@U0BOB0002>', 'no name captured: the mention form');
  assert.equal(readableText(event, { U0BOB0002: 'Bob Lee' }), 'Commander assigned to Bob Lee', "the incident's names fill in");
  assert.equal(readableText({ ...event, names: { U0BOB0002: 'Robert Lee' } }, { U0BOB0002: 'Bob Lee' }), 'Commander assigned to Robert Lee', 'the name captured with the event wins');
  // Rows recorded before names were captured wrote bare ids: they read as names or mentions too.
  assert.equal(readableText(ev('U0ALICE01', 'Comms assigned to U0BOB0002 (was U0CAROL03)', { user: 'U0BOB0002', previous: 'U0CAROL03' }), { U0BOB0002: 'Bob Lee' }), 'Comms assigned to Bob Lee (was <@U0CAROL03>)');
  // A mention or id-like word the event does not name stays as written (UTC is no person).
  assert.equal(readableText(ev('U0ALICE01', 'ask <@U0MALLORY|boss> at 10:00 UTC', {}), { U0MALLORY: 'Mallory' }), 'ask <@U0MALLORY|boss> at 10:00 UTC');
  assert.equal(personName('U0BOB0002', {}), '<@U0BOB0002>');
  assert.equal(personName('pagerduty', {}), 'pagerduty');
});

test('namesIn: every name captured on a timeline, the latest capture winning', () => {
  assert.deepEqual(namesIn([ev('U1', 'a', {}, { U0ALICE01: 'Alice' }), ev('U1', 'b'), ev('U1', 'c', {}, { U0ALICE01: 'Alice Moreau', U0BOB0002: 'Bob' })]), { U0ALICE01: 'Alice Moreau', U0BOB0002: 'Bob' });
});

test('splitPeople keeps every character: plain runs and people alternate', () => {
  const text = 'x <@U0BOB0002|bob> y U0BOB0002z U0BOB0002';
  const pieces = splitPeople(text, ['U0BOB0002']);
  assert.deepEqual(pieces, [{ text: 'x ' }, { person: 'U0BOB0002' }, { text: ' y U0BOB0002z ' }, { person: 'U0BOB0002' }]);
});

test('in Slack the event names its people as mentions and escapes everything else, within the limit', () => {
  const event = ev('U0ALICE01', 'Commander assigned to U0BOB0002 <!channel> & <@U0MALLORY>', { user: 'U0BOB0002' });
  assert.equal(eventMrkdwn(event, 500), 'Commander assigned to <@U0BOB0002> &lt;!channel&gt; &amp; &lt;@U0MALLORY&gt;');
  assert.equal(eventMrkdwn(event, 30), 'Commander assigned to …', 'a mention is never cut in half');
  for (let max = 0; max <= 80; max++) assert.ok(eventMrkdwn(event, max).length <= max, `at most ${max} characters`);
  assert.equal(eventMrkdwn(ev('pagerduty', 'a < b'), 500), 'a &lt; b', 'text without people is escaped as before');
});

test('a stakeholder update reads the mentions the commander sent as the names the incident knows; a note does not', () => {
  const names = { U0ALICE01: 'Alice Moreau' };
  const text = 'Commander: <@U0ALICE01>. Next update by 05:20 UTC. Ask <@U0NOBODY1>.';
  const update = { kind: 'stakeholder_update', actor: 'U0BOB0002', data: {}, text, names: { U0BOB0002: 'Bob Okafor' } };
  assert.equal(readableText(update, names), 'Commander: Alice Moreau. Next update by 05:20 UTC. Ask <@U0NOBODY1>.');
  // A note is free text: a mention typed into it names nobody (the note's author is not the one mentioned here).
  assert.equal(readableText({ ...update, kind: 'note_added' }, names), text);
});
