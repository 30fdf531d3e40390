/**
 * The fallback room's live stream (issue 23) on a real HTTP server, its PostgreSQL side replaced by a
 * scripted RoomChanges: a state on open and after each change only, a database outage skipped
 * without closing the stream, and the end when the link expires or the replica stops.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createRoomStreams, type RoomStreams } from '../../src/ingress/rooms/room-event-stream.js';
import { silentLogger } from '../helpers/silent-logger.js';

const UNTIL = Date.parse('2026-12-07T22:00:00Z');
let now = UNTIL - 60_000;
let mark: string | null = '3:10';
let failuresToCome = 0;
let renders = 0;
let streams: RoomStreams;
let server: Server;
let base = '';

before(async () => {
  streams = createRoomStreams({
    changes: {
      markOf: () => {
        if (failuresToCome > 0) {
          failuresToCome--;
          return Promise.reject(new Error('database unavailable'));
        }
        return Promise.resolve(mark);
      },
    },
    clock: { now: () => new Date(now) },
    log: silentLogger(),
    pollMs: 5,
  });
  server = createServer((req, res) => streams.open(req, res, { incidentId: 1, until: new Date(UNTIL), render: () => Promise.resolve({ render: ++renders, mark }) }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  streams.closeAll();
  await new Promise((r) => server.close(r));
});

/** The stream's messages, one at a time, as `{event, data}`; null once it ended. */
async function openStream() {
  const res = await fetch(base);
  assert.equal(res.status, 200);
  assert.ok(res.body);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  return async (): Promise<{ event: string; data: any } | null> => {
    for (;;) {
      const end = buffered.indexOf('\n\n');
      if (end >= 0) {
        const message = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (message.startsWith(':')) continue; // a heartbeat
        return { event: /^event: (.*)$/m.exec(message)?.[1] ?? '', data: JSON.parse(/^data: (.*)$/m.exec(message)?.[1] ?? 'null') };
      }
      const chunk = await reader.read();
      if (chunk.done) return null;
      buffered += decoder.decode(chunk.value, { stream: true });
    }
  };
}

void test('a state at once and after each change; an outage skips rounds without closing the stream; the link\'s expiry ends it', async () => {
  const next = await openStream();
  assert.deepEqual(await next(), { event: 'state', data: { render: 1, mark: '3:10' } });
  failuresToCome = 3;
  mark = '3:11';
  assert.deepEqual(await next(), { event: 'state', data: { render: 2, mark: '3:11' } }, 'after the outage, the change arrives: nothing sent in between');
  assert.equal(failuresToCome, 0);
  assert.equal(renders, 2, 'an unchanged mark costs no read');
  now = UNTIL;
  assert.deepEqual(await next(), { event: 'expired', data: {} });
  assert.equal(await next(), null, 'and the stream ends');
  assert.equal(streams.size, 0);
});

void test('an incident gone ends the stream; a stopping replica ends every stream', async () => {
  now = UNTIL - 60_000;
  mark = '4:20';
  const first = await openStream();
  const second = await openStream();
  assert.equal((await first())?.event, 'state');
  assert.equal((await second())?.event, 'state');
  assert.equal(streams.size, 2);
  streams.closeAll();
  assert.equal(await first(), null);
  assert.equal(await second(), null);
  assert.equal(streams.size, 0);

  const third = await openStream();
  assert.equal((await third())?.event, 'state');
  mark = null;
  assert.deepEqual(await third(), { event: 'gone', data: {} });
  assert.equal(await third(), null);
});
