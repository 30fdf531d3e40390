/**
 * A set-up whose summary post reached Slack but whose answer was lost looks for that post before
 * posting again. In a busy channel the post is no longer among the newest messages by then: the
 * look-up must still find it (bounded by the task's time, not by a count of messages).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitFor } from '../helpers/http.js';
import { startWarroomWithSlack, type WarroomWithSlack } from '../helpers/warroom-with-slack.js';

let app: WarroomWithSlack;
before(async () => {
  app = await startWarroomWithSlack();
});
after(() => app.close());

test('the summary post is answered 503 after it was made, then 60 messages arrive: the retried set-up finds its post and does not post again', async () => {
  const { fake } = app;
  fake.failNext('chat.postMessage', { status: 503, afterApplying: true });
  // Holds the retry's look-up back (429) until the channel is busy, so the order is forced, not timed.
  fake.rateLimit('conversations.history', { retryAfterSeconds: 1 });
  const ref = await app.declare('Busy channel', 2);
  const channel = await waitFor(
    'the summary post (its answer lost)',
    () => Promise.resolve(app.channelOf(ref)),
    (c) => c !== undefined && fake.messages(c.id).some((m) => m.user === fake.botUserId),
  );
  assert.ok(channel);
  for (let i = 0; i < 60; i++) fake.addMessage(channel.id, { user: 'U0ALICE01', text: `checking pod ${i}` });
  fake.clearRateLimit('conversations.history');

  await waitFor('the summary pinned', () => Promise.resolve(fake.messages(channel.id)), (ms) => ms.some((m) => m.pinned), 30_000);
  const own = fake.messages(channel.id).filter((m) => m.user === fake.botUserId);
  assert.equal(own.length, 1, `one summary in the channel, got ${own.length}`);
  assert.equal(fake.calls('chat.postMessage').filter((c) => c.args.channel === channel.id).length, 1, 'chat.postMessage was not called again for the channel');
  const lookups = fake.calls('conversations.history').filter((c) => c.args.channel === channel.id);
  assert.ok(lookups.some((c) => c.args.oldest !== undefined), 'the look-up was bounded by the task time');
});
