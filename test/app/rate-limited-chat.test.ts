// The rate-limited Chat the room worker's slots share: a 429 one slot is given holds the method for
// a slot whose check of the shared limit was already under way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChatRateLimitedError, type Chat } from '../../src/app/ports/chat.js';
import { rateLimitedChat } from '../../src/app/room/rate-limited-chat.js';
import { createInMemorySlackOutbox } from '../fakes/in-memory-slack-outbox.js';

const clock = { now: () => new Date() };
const created = (name: string) => ({ ok: true as const, value: { id: `C_${name}`, name } });

test("a slot whose check of the shared limit was in flight when another slot got a 429 does not call Slack", async () => {
  const outbox = createInMemorySlackOutbox();
  let releaseCheck!: () => void;
  const checkHeld = new Promise<void>((resolve) => (releaseCheck = resolve));
  let checks = 0;
  const calls: string[] = [];
  const slack = {
    createChannel: (name: string) => {
      calls.push(name);
      return name === 'first' ? Promise.reject(new ChatRateLimitedError('createChannel', 30)) : Promise.resolve(created(name));
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
  const first = chat.createChannel('first', { private: false });
  const second = chat.createChannel('second', { private: false });
  await assert.rejects(first, ChatRateLimitedError);
  releaseCheck();
  await assert.rejects(second, (err: unknown) => err instanceof ChatRateLimitedError && err.until !== undefined && err.until.getTime() > Date.now() + 25_000);
  assert.deepEqual(calls, ['first'], 'the second call never reached Slack');
});
