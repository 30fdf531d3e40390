/**
 * Fault 4: the Slack fake answers 429 to 20 % of all calls, each with a random Retry-After of
 * 1–30 s. No method is called before its Retry-After ends (the fake records every violation),
 * every message is delivered, and the order of messages in each channel is kept.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { INPUTS, VIEWS } from '../../src/slack-ui/ids.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import { request, waitFor } from '../helpers/http.js';
import { slackSender } from '../helpers/slack-requests.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { stopWarroom, type WarroomProcess } from '../helpers/warroom-process.js';
import { report, startReplica } from './fault-kit.js';

const API = 'rl-api-token';
const SIGNING = 'rl-signing-secret';
const INCIDENTS = 3;
const UPDATES = 3;
let db: TestDatabase;
let fake: SlackFake;
let dir: string;
let bot: WarroomProcess;

before(async () => {
  db = await createTestDatabase();
  fake = await startSlackFake({ seed: 4, knownUsers: [{ id: 'U0ALICE01', name: 'alice' }] });
  fake.addChannel({ id: 'C0STAKE', name: 'stakeholders', members: [fake.botUserId] });
  dir = await mkdtemp(join(tmpdir(), 'warroom-rl-'));
  await writeFile(join(dir, 'warroom.yml'), 'stakeholderChannels: ["C0STAKE"]\n');
  bot = await startReplica({ DATABASE_URL: db.url, WARROOM_API_TOKEN: API, WARROOM_CONFIG: join(dir, 'warroom.yml'), SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: SIGNING, SLACK_API_URL: fake.url });
});
after(async () => {
  await stopWarroom(bot);
  await fake.close();
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

const updateText = (ref: string, k: number) => `Update ${k} of ${ref}: still investigating`;

test('20 % of Slack calls get 429 with Retry-After 1–30 s: no early call, every message delivered, order kept per channel', async () => {
  fake.rateLimit('*', { retryAfterSeconds: 1, maxRetryAfterSeconds: 30, probability: 0.2 });
  const slack = slackSender(bot.base, SIGNING);
  const started = Date.now();
  const refs: string[] = [];
  for (let i = 0; i < INCIDENTS; i++) {
    const r = await request(bot.base, '/api/incidents', { method: 'POST', token: API, body: JSON.stringify({ title: `Rate limited ${i}`, severity: 2 }) });
    assert.equal(r.status, 201, r.text);
    refs.push(String(r.json.ref));
  }
  // Stakeholder updates, written in order (queued right away: the channel may not exist yet).
  for (const ref of refs) {
    for (let k = 1; k <= UPDATES; k++) {
      const submitted = await slack.interaction({
        type: 'view_submission',
        team: { id: 'TFAKE', domain: 'acme' },
        user: { id: 'U0ALICE01', name: 'alice', team_id: 'TFAKE' },
        api_app_id: 'AWARROOM',
        trigger_id: `trigger-${ref}-${k}`,
        view: { id: `V${k}`, type: 'modal', callback_id: VIEWS.update, private_metadata: ref, state: { values: { [INPUTS.update]: { [INPUTS.update]: { type: 'plain_text_input', value: updateText(ref, k) } } } } },
      });
      assert.equal(submitted.status, 200, submitted.text);
    }
  }
  const texts = (channel: string) => fake.messages(channel).map((m) => `${m.text} ${JSON.stringify(m.blocks ?? [])}`);
  const updatesIn = (channel: string, ref: string) =>
    texts(channel)
      .map((t) => /Update (\d) of (INC-\d+)/.exec(t))
      .filter((m): m is RegExpExecArray => m !== null && m[2] === ref)
      .map((m) => Number(m[1]));
  const channelOf = (ref: string) => fake.channels().find((c) => c.name.startsWith(`inc-${ref.replace('INC-', '')}-`));
  await waitFor(
    'every update in the stakeholder channel and in its incident channel',
    () => Promise.resolve(refs.flatMap((ref) => [updatesIn('C0STAKE', ref).length, updatesIn(channelOf(ref)?.id ?? '', ref).length])),
    (counts) => counts.every((n) => n === UPDATES),
    600_000,
  );
  const delivered = Date.now();
  fake.clearRateLimit();

  const limited = fake.calls().filter((c) => c.status === 429);
  const retryAfters = fake.violations().length; // counted below, reported with the rest
  let inChannels = 0;
  for (const ref of refs) {
    assert.deepEqual(updatesIn('C0STAKE', ref), [1, 2, 3], `${ref}: updates in the stakeholder channel in the order written`);
    const channel = channelOf(ref);
    assert.ok(channel, `${ref}: its channel exists`);
    const here = updatesIn(channel.id, ref);
    inChannels += here.length;
    assert.deepEqual(here, [1, 2, 3], `${ref}: updates in its channel in the order written, none twice`);
    const isUpdate = (m: { text: string; blocks: unknown }) => /Update \d of/.test(`${m.text} ${JSON.stringify(m.blocks ?? [])}`);
    const own = fake.messages(channel.id).filter((m) => m.user === fake.botUserId && !isUpdate(m));
    assert.equal(own.length, 1, `${ref}: one summary`);
    assert.equal(fake.messages('C0STAKE').filter((m) => m.text.includes(`${ref} `) && !isUpdate(m)).length, 1, `${ref}: one announcement`);
  }
  report('429 with Retry-After 1-30 s', {
    calls: fake.calls().length,
    limited: limited.length,
    retryAfter_s: `${Math.min(...limited.map((c) => c.retryAfterSeconds ?? 0))}-${Math.max(...limited.map((c) => c.retryAfterSeconds ?? 0))}`,
    earlyCalls: retryAfters,
    updatesToStakeholders: refs.length * UPDATES,
    updatesInIncidentChannels: inChannels,
    delivered_s: (delivered - started) / 1000,
  });
  assert.ok(limited.length > 0, 'the fake did rate-limit');
  assert.deepEqual(fake.violations(), [], 'no call before its Retry-After ended');
});
