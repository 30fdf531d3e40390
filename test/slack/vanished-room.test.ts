/**
 * A room that vanished (issue 18): an incident channel archived or deleted in Slack is noticed
 * once (one timeline event, one warn line), its room tasks complete without calling Slack, its
 * reminders stop, `/incident list` and the App Home say so and offer a new room, and the new room
 * is set up through the usual set-up task. Everything over HTTP: Slack commands, events and
 * interactions signed as Slack signs them, the Web API answered by the Slack fake.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { RunningWarroom } from '../../src/main.js';
import { ACTIONS } from '../../src/slack-ui/ids.js';
import { createStakeholderUpdates } from '../../src/app/room/stakeholder-updates.js';
import { createPostgresUpdateCadence } from '../../src/adapters/postgres/postgres-update-cadence.js';
import type { FakeChannel, SlackFake } from '../fakes/slack-api-fake.js';
import { request, waitFor } from '../helpers/http.js';
import { silentLogger, type RecordingLogger } from '../helpers/silent-logger.js';
import type { SlackSender } from '../helpers/slack-requests.js';
import type { TestDatabase } from '../helpers/test-database.js';
import { startWarroomWithSlack, type WarroomWithSlack } from '../helpers/warroom-with-slack.js';

const ALICE = 'U0ALICE01';
const WAIT = 15_000;

let room: WarroomWithSlack;
let API: string;
let db: TestDatabase;
let fake: SlackFake;
let warroom: RunningWarroom;
let slack: SlackSender;
let log: RecordingLogger;
let base: string;
// Compressed time: the test moves the clock past a stakeholder update's due time.
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const CADENCE = { SEV1: { updateEveryMinutes: 30 }, SEV2: { updateEveryMinutes: 1 }, SEV3: { updateEveryMinutes: 0 }, SEV4: { updateEveryMinutes: 0 } };

before(async () => {
  log = silentLogger();
  room = await startWarroomWithSlack({ knownUsers: [{ id: ALICE, name: 'alice' }], settings: (s) => ({ ...s, severities: CADENCE }), start: { clock, reminderEveryMs: 100 }, log });
  ({ db, fake, warroom, slack, base, apiToken: API } = room);
});
after(() => room.close());

interface ApiIncident {
  ref: string;
  room: string;
  channelId: string | null;
}
interface ApiEvent {
  kind: string;
  text: string;
  data: Record<string, unknown>;
}
const incident = async (ref: string) => (await request(base, `/api/incidents/${ref}`, { token: API })).json as ApiIncident;
const timeline = async (ref: string) => ((await request(base, `/api/incidents/${ref}/timeline`, { token: API })).json as { events: ApiEvent[] }).events;
const goneWarnings = () => log.lines.filter((l) => l.level === 'warn' && /incident channel is gone/.test(l.msg ?? ''));
const callsIn = (channelId: string, afterSeq: number) => fake.calls().filter((c) => c.seq > afterSeq && (c.args.channel === channelId || c.args.channel_id === channelId));
const lastSeq = () => fake.calls().at(-1)?.seq ?? 0;
/** Every Slack task of the incident has run to its end (completed, whatever its outcome). */
const tasksSettled = (ref: string) =>
  waitFor(`the room tasks of ${ref} completed`, async () => (await db.knex('slack_tasks').where({ incident_id: Number(ref.slice(4)) }).whereNull('done_at').count<{ n: string }[]>({ n: '*' }))[0]?.n, (n) => Number(n) === 0, WAIT);

/** Declares through `/incident declare`, and waits for the room with its summary pinned. */
async function declareWithRoom(title: string): Promise<{ ref: string; channel: FakeChannel }> {
  const declared = await slack.command(`declare ${title} --sev 2`, { user: ALICE });
  const ref = /INC-\d+/.exec(String((declared.json as { text?: string }).text))?.[0] ?? '';
  assert.ok(ref, declared.text);
  const id = await waitFor(`the room of ${ref}`, () => incident(ref), (i) => i.channelId !== null && fake.messages(i.channelId).some((m) => m.pinned), WAIT);
  const channel = fake.channel(id.channelId ?? '');
  assert.ok(channel, 'the fake knows the room');
  await tasksSettled(ref);
  return { ref, channel };
}

test('an archived room is noticed once from Slack\'s answer; its tasks and reminders stop; list and Home offer a new room, which gets the summary', async () => {
  const { ref, channel } = await declareWithRoom('Orders DB failover');
  fake.archiveChannel(channel.id);
  const since = lastSeq();

  // The next summary refresh meets chat.update's `is_inactive`: the room is marked gone, once.
  await slack.command('status identified', { channel: channel.id });
  const gone = await waitFor('the room marked gone', () => incident(ref), (i) => i.room === 'gone', WAIT);
  assert.equal(gone.channelId, channel.id, 'the old channel is still named, so people can find its history');
  await tasksSettled(ref);

  // More room work, and a stakeholder update that falls due: nothing reaches the archived channel.
  await slack.command('note Failover to the replica started', { channel: channel.id });
  await slack.command('timeline', { channel: channel.id });
  offsetMs += 61_000;
  const updates = createStakeholderUpdates({ store: warroom.database.store, cadence: createPostgresUpdateCadence(warroom.database.knex), settings: { severities: CADENCE }, clock, log: silentLogger() });
  assert.equal(await updates.remindOverdue(), 0, 'no reminder is claimed for a room that is gone');
  await tasksSettled(ref);
  const refused = callsIn(channel.id, since);
  assert.deepEqual(refused.map((c) => `${c.method}: ${c.error ?? 'ok'}`), ['chat.update: is_inactive'], 'one refused call noticed it; no task called Slack for the room after it');
  const reminders = await db.knex('room_reminders').where({ incident_id: Number(ref.slice(4)) }).count<{ n: string }[]>({ n: '*' });
  assert.equal(Number(reminders[0]?.n), 0, 'no reminder recorded');

  const events = (await timeline(ref)).filter((e) => e.kind === 'room_gone');
  assert.equal(events.length, 1, 'one timeline event');
  assert.equal(events[0]?.text, `The incident channel #${channel.name} was archived`);
  assert.equal(goneWarnings().length, 1, 'one warn line');

  // `/incident list` and the App Home say so, and offer the new room.
  // The list is Block Kit (a page of sections): read what the person reads.
  const answer = (await slack.command('list')).json as { blocks?: { text?: { text?: string } }[] };
  const listed = (answer.blocks ?? []).map((b) => b.text?.text ?? '').join('\n');
  assert.match(listed, new RegExp(`${ref}.*#${channel.name} was archived.*/incident newroom ${ref}`), listed);
  await slack.event({ type: 'app_home_opened', user: ALICE, channel: 'D0HOME', tab: 'home', event_ts: '1.0' });
  const home = await waitFor('the App Home', () => Promise.resolve(fake.views().find((v) => v.kind === 'home' && v.userId === ALICE)), (v) => v !== undefined, WAIT);
  const section = (home?.view.blocks as { type: string; text?: { text: string }; accessory?: { action_id: string; value: string } }[]).find((b) => b.text?.text.includes(ref));
  assert.match(section?.text?.text ?? '', /was archived/, 'the Home says the room is gone');
  assert.equal(section?.accessory?.action_id, ACTIONS.openNewRoom, 'with an "Open a new room" button');

  // The button: a fresh channel through the set-up task, the summary pinned there, the mark cleared.
  const clicked = await slack.interaction({
    type: 'block_actions',
    user: { id: ALICE, username: 'alice', name: 'alice', team_id: 'TFAKE' },
    api_app_id: 'AWARROOM',
    token: 'legacy-verification-token',
    container: { type: 'view', view_id: home?.id },
    trigger_id: 'trigger-new-room',
    team: { id: 'TFAKE', domain: 'warroom-fake' },
    view: { id: home?.id, type: 'home' },
    actions: [{ type: 'button', action_id: ACTIONS.openNewRoom, block_id: 'home', value: section?.accessory?.value, action_ts: '1.0' }],
  });
  assert.equal(clicked.status, 200, clicked.text);
  const reopened = await waitFor('the new room', () => incident(ref), (i) => i.room === 'ok' && i.channelId !== null && i.channelId !== channel.id && fake.messages(i.channelId).some((m) => m.pinned), WAIT);
  const fresh = fake.channel(reopened.channelId ?? '');
  assert.ok(fresh && !fresh.isArchived, 'a new, live channel');
  assert.notEqual(fresh.name, channel.name, 'under a new name: the archived channel keeps the old one');
  const summary = fake.messages(fresh.id).find((m) => m.pinned);
  assert.match(JSON.stringify(summary?.blocks), new RegExp(ref), 'the incident\'s summary is posted and pinned there');
  assert.ok(fresh.members.includes(ALICE), 'the commander is invited');
  assert.ok((await timeline(ref)).some((e) => e.kind === 'room_reopened'), 'the timeline says a new room was opened');
});

test('a channel_archive event marks the room gone before any task meets Slack\'s refusal; a retried event changes nothing', async () => {
  const { ref, channel } = await declareWithRoom('Search latency');
  const since = lastSeq();
  const warnings = goneWarnings().length;
  const archive = { type: 'channel_archive', channel: channel.id, user: ALICE, event_ts: '2.0' };
  assert.equal((await slack.event(archive)).status, 200);
  await waitFor('the room marked gone', () => incident(ref), (i) => i.room === 'gone', WAIT);
  await slack.event(archive, { retryNum: 1 });
  // Room work queued after it completes without a call to Slack.
  await slack.command('status identified', { channel: channel.id });
  await tasksSettled(ref);
  assert.deepEqual(callsIn(channel.id, since), [], 'no Slack call for the archived room');
  const events = (await timeline(ref)).filter((e) => e.kind === 'room_gone');
  assert.equal(events.length, 1, 'one timeline event, the retry included');
  assert.equal(goneWarnings().length, warnings + 1, 'one warn line');
});

test('a room deleted in Slack (or gone with a sandbox restart) is noticed from `channel_not_found` and reopened with /incident newroom', async () => {
  const { ref, channel } = await declareWithRoom('Cache eviction storm');
  fake.deleteChannel(channel.id);
  await slack.command('timeline', { channel: channel.id });
  await waitFor('the room marked gone', () => incident(ref), (i) => i.room === 'gone', WAIT);
  const event = (await timeline(ref)).find((e) => e.kind === 'room_gone');
  assert.equal(event?.data.reason, 'deleted');
  const answer = String(((await slack.command(`newroom ${ref}`)).json as { text?: string }).text);
  assert.match(answer, /Opening a new channel/, answer);
  const reopened = await waitFor('the new room', () => incident(ref), (i) => i.room === 'ok' && i.channelId !== null && fake.messages(i.channelId).some((m) => m.pinned), WAIT);
  assert.equal(fake.channel(reopened.channelId ?? '')?.name, channel.name, 'a deleted channel\'s name is free again');
  const again = String(((await slack.command(`newroom ${ref}`)).json as { text?: string }).text);
  assert.match(again, /still has its room/, 'a room that is there is not replaced');
});
