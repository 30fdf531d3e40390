// The rate-limited Chat the room worker's slots share: a 429 one slot is given holds the method for
// a slot whose check of the shared limit was already under way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChatRateLimitedError, type Chat } from '../../src/app/ports/chat.js';
import type { RoomMessage } from '../../src/core/room-message.js';
import { rateLimitedChat } from '../../src/app/room/rate-limited-chat.js';
import { createInMemorySlackOutbox } from '../fakes/in-memory-slack-outbox.js';

const clock = { now: () => new Date() };

test("a slot whose check of the shared limit was in flight when another slot got a 429 does not call Slack", async () => {
  const outbox = createInMemorySlackOutbox();
  let releaseCheck!: () => void;
  const checkHeld = new Promise<void>((resolve) => (releaseCheck = resolve));
  let checks = 0;
  const calls: string[] = [];
  // setTopic, not conversations.create: create is called one at a time anyway; other methods run side by side.
  const slack = {
    setTopic: (channel: string) => {
      calls.push(channel);
      return channel === 'first' ? Promise.reject(new ChatRateLimitedError('setTopic', 30)) : Promise.resolve(undefined);
    },
  } as unknown as Chat;
  const chat = rateLimitedChat(
    slack,
    {
      ...outbox,
      // The second slot's read of the shared limit answers only after the first slot's 429 was taken in.
      rateLimitedUntil: async () => {
        checks += 1;
        if (checks === 2) await checkHeld;
        return null;
      },
    },
    clock,
  );
  const first = chat.setTopic('first', 'topic');
  const second = chat.setTopic('second', 'topic');
  await assert.rejects(first, ChatRateLimitedError);
  releaseCheck();
  await assert.rejects(second, (err: unknown) => err instanceof ChatRateLimitedError && err.until !== undefined && err.until.getTime() > Date.now() + 25_000);
  assert.deepEqual(calls, ['first'], 'the second call never reached Slack');
});

/** A Chat whose calls stay unanswered until the test answers them; `called` resolves as each call arrives. */
function heldSlack() {
  const calls: { op: string; channel: string; answer: (err?: Error) => void }[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  const arrive = (op: string, channel: string) =>
    new Promise<undefined>((resolve, reject) => {
      calls.push({ op, channel, answer: (err) => (err ? reject(err) : resolve(undefined)) });
      for (const w of waiting.filter((w) => calls.length >= w.count)) w.resolve();
    });
  const slack = {
    setTopic: (channel: string) => arrive('setTopic', channel),
    post: (channel: string) => arrive('post', channel),
  } as unknown as Chat;
  const called = (count: number) => new Promise<void>((resolve) => (calls.length >= count ? resolve() : waiting.push({ count, resolve })));
  return { slack, calls, called };
}

test('a second call under the same Slack limit waits until the first was answered: a 429 to the first keeps it from Slack', async () => {
  const { slack, calls, called } = heldSlack();
  const chat = rateLimitedChat(slack, createInMemorySlackOutbox(), clock);
  const first = chat.setTopic('C1', 'topic');
  const second = chat.setTopic('C2', 'topic');
  await called(1);
  calls[0]?.answer(new ChatRateLimitedError('setTopic', 30));
  await assert.rejects(first, ChatRateLimitedError);
  for (const sent of calls.slice(1)) sent.answer(); // a second setTopic sent beside the first (it must not be) gets through
  // Both rejected: had the second been sent beside the first, it would have reached Slack inside the Retry-After.
  await assert.rejects(second, ChatRateLimitedError);
  assert.deepEqual(calls.map((c) => c.channel), ['C1'], 'the second setTopic never reached Slack');
});

test('posts to two channels go side by side (chat.postMessage is limited per channel); posts to one channel one at a time', async () => {
  const { slack, calls, called } = heldSlack();
  const chat = rateLimitedChat(slack, createInMemorySlackOutbox(), clock);
  const message = {} as RoomMessage; // the wrapped Slack never reads it
  const posts = [chat.post('C1', message), chat.post('C1', message), chat.post('C2', message)];
  // C1's first and C2's post are in flight together, C1's second is not sent until C1's first was answered.
  await called(2);
  assert.deepEqual(calls.map((c) => c.channel), ['C1', 'C2']);
  calls[0]?.answer();
  await called(3);
  assert.deepEqual(calls.map((c) => c.channel), ['C1', 'C2', 'C1']);
  calls[1]?.answer();
  calls[2]?.answer();
  await Promise.all(posts);
});
