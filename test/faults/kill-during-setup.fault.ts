/**
 * Fault 3: `kill -9` of one of two replicas at random points of channel set-up, 24 trials.
 * Every incident ends with exactly one channel, one summary message and one announcement.
 * Slack answers after 120 ms, so a set-up (create, purpose, topic, invite, post, pin, announce)
 * is about a second long and most kills land inside one.
 */
import assert from 'node:assert/strict';
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import { request, waitFor } from '../helpers/http.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { stopWarroom, type WarroomProcess } from '../helpers/warroom-process.js';
import { report, seededRandom, sleep, startReplica } from './fault-kit.js';

const TRIALS = 24;
const API = 'kill-api-token';
let db: TestDatabase;
let fake: SlackFake;
let dir: string;
let env: Record<string, string>;
const replicas: WarroomProcess[] = [];

before(async () => {
  db = await createTestDatabase();
  fake = await startSlackFake({ latencyMs: 120, knownUsers: [{ id: 'U0ALICE01', name: 'alice' }] });
  fake.addChannel({ id: 'C0STAKE', name: 'stakeholders', members: [fake.botUserId] });
  dir = await mkdtemp(join(tmpdir(), 'warroom-kill-'));
  await writeFile(join(dir, 'warroom.yml'), 'stakeholderChannels: ["C0STAKE"]\n');
  env = { DATABASE_URL: db.url, WARROOM_API_TOKEN: API, WARROOM_CONFIG: join(dir, 'warroom.yml'), SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: 'kill-signing', SLACK_API_URL: fake.url };
  replicas.push(...(await Promise.all([startReplica(env), startReplica(env)])));
});
after(async () => {
  await Promise.all(replicas.map((r) => stopWarroom(r)));
  await fake.close();
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

test('kill -9 of one of two replicas at random points of channel set-up: one channel, one summary, one announcement per incident', async () => {
  const random = seededRandom(20261123);
  const refs: { ref: string; id: number }[] = [];
  let killedMidSetup = 0;
  const started = Date.now();
  for (let trial = 0; trial < TRIALS; trial++) {
    const via = replicas[Math.floor(random() * 2)] as WarroomProcess;
    const declared = await request(via.base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title: `Kill trial ${trial}`, severity: 2 }) });
    assert.equal(declared.status, 201, declared.text);
    const ref = String(declared.json.ref);
    const id = Number(ref.replace('INC-', ''));
    refs.push({ ref, id });
    await sleep(random() * 1500);
    const victimIndex = Math.floor(random() * 2);
    const victim = replicas[victimIndex] as WarroomProcess;
    const channel = fake.channels().find((c) => c.name.startsWith(`inc-${id}-`));
    if (!channel || !fake.messages(channel.id).some((m) => m.pinned)) killedMidSetup += 1;
    victim.child.kill('SIGKILL');
    assert.equal(await victim.exited, 'SIGKILL', 'the victim died by SIGKILL');
    replicas[victimIndex] = await startReplica(env);
  }
  const trialsDoneAt = Date.now();

  // Leases of tasks held by killed replicas run out (20 s, no longer renewed); then the survivors finish them.
  await waitFor(
    'every incident to have its room and announcement',
    () => Promise.resolve(refs.filter(({ id, ref }) => {
      const channel = fake.channels().find((c) => c.name.startsWith(`inc-${id}-`));
      return channel !== undefined && fake.messages(channel.id).some((m) => m.pinned) && fake.messages('C0STAKE').some((m) => m.text.includes(ref));
    }).length),
    (n) => n === refs.length,
    240_000,
  );
  await sleep(2000); // anything still in flight lands now, so a late duplicate would be seen

  let duplicates = 0;
  for (const { ref, id } of refs) {
    const channels = fake.channels().filter((c) => c.name.startsWith(`inc-${id}-`));
    assert.equal(channels.length, 1, `${ref}: exactly one channel, got ${channels.map((c) => c.name).join(', ')}`);
    const channel = channels[0];
    assert.ok(channel, `${ref}: a channel`);
    const own = fake.messages(channel.id).filter((m) => m.user === fake.botUserId);
    const announcements = fake.messages('C0STAKE').filter((m) => m.text.includes(`${ref} `));
    duplicates += Math.max(0, own.length - 1) + Math.max(0, announcements.length - 1);
    assert.equal(own.length, 1, `${ref}: exactly one summary message, got ${own.length}`);
    assert.equal(announcements.length, 1, `${ref}: exactly one announcement, got ${announcements.length}`);
    const row = await db.knex('incidents').where({ id }).first('channel_id');
    assert.equal(row?.channel_id, channel.id, `${ref}: the incident records its one channel`);
  }
  report('kill -9 during set-up', {
    trials: TRIALS,
    incidents: refs.length,
    killedWhileSetupUnfinished: killedMidSetup,
    channels: refs.length,
    duplicates,
    trials_s: (trialsDoneAt - started) / 1000,
    settled_after_last_kill_s: (Date.now() - trialsDoneAt) / 1000,
  });
});
