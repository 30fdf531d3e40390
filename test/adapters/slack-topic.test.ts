// Chat.setTopic sends the topic as built (the builder keeps it within Slack's 250 characters);
// the adapter never cuts it silently. Against the Slack Web API fake, over real HTTP.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSlackChat } from '../../src/adapters/slack/slack-chat.js';
import { TOPIC_MAX, topicOf } from '../../src/app/room/room-topic.js';
import type { Incident } from '../../src/core/incident.js';
import { startSlackFake } from '../fakes/slack-api-fake.js';

test('a topic over 250 characters reaches Slack whole and is refused with too_long, never cut by the adapter', async (t) => {
  const fake = await startSlackFake();
  t.after(() => fake.close());
  const chat = createSlackChat({ token: fake.token, apiUrl: fake.url, timeoutMs: 2_000 });
  const created = await chat.createChannel('inc-7-topic');
  assert.ok(created.ok);
  const long = 'x'.repeat(300);
  const outcome = await chat.setTopic(created.value.id, long).then(
    (r) => r,
    (err: unknown) => err,
  );
  const sent = fake.calls('conversations.setTopic');
  assert.equal(sent.length, 1);
  assert.equal(String(sent[0]?.args.topic).length, 300, 'sent as given');
  assert.equal(sent[0]?.error, 'too_long', 'Slack refuses it, so the bug is seen');
  assert.ok(!(typeof outcome === 'object' && outcome !== null && 'ok' in outcome && outcome.ok === true), `not reported as set: ${JSON.stringify(outcome)}`);
});

test('the topic builder stays within the limit', () => {
  const incident = { severity: 'SEV1', status: 'investigating', roles: { commander: 'U0ALICE01' }, ref: 'INC-123456' } as unknown as Incident;
  const topic = topicOf(incident);
  assert.equal(topic, 'SEV1 · investigating · IC: <@U0ALICE01> · INC-123456');
  assert.ok(topic.length <= TOPIC_MAX);
});
