// The rate-limited Chat the room worker's slots share: a 429 one slot is given holds the method for
// a slot whose check of the shared limit was already under way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChatRateLimitedError, type Chat } from '../../src/app/ports/chat.js';
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
