/**
 * DESIGN §5: secrets never reach the logs. The real pino logger of src/logger.ts writes into a
 * captured stream; every line must be valid JSON with level/msg/time and carry no secret.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger, type AppLogger } from '../../src/logger.js';

const SECRET = 'xoxb-very-secret';
const FORBIDDEN = [SECRET, 'Bearer abc', 'tok-1'];

/** One parsed log line: pino's fields plus whatever the call logged. */
interface LogLine {
  level: string;
  msg: string;
  time: string;
  service: string;
  [field: string]: unknown;
}

function capture(level = 'info', secrets: readonly string[] = [SECRET]): { log: AppLogger; lines: () => LogLine[]; raw: () => string } {
  let raw = '';
  const log = createLogger({ level, secrets, destination: { write: (s: string) => void (raw += s) } });
  const lines = (): LogLine[] =>
    raw
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => {
        const parsed: unknown = JSON.parse(l);
        assert.ok(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed), l);
        return parsed as LogLine;
      });
  return { log, lines, raw: () => raw };
}

function assertClean(raw: string): void {
  for (const value of FORBIDDEN) assert.ok(!raw.includes(value), `"${value}" reached the log:\n${raw}`);
}

void describe('logger (pino, secret scrubbing)', () => {
  void test('every line is JSON with level, msg and time, and no secret survives', () => {
    const { log, lines, raw } = capture();
    const err = new Error(`Slack rejected token ${SECRET}`);
    log.info({ headers: { authorization: 'Bearer abc' } }, 'inbound request');
    log.warn({}, `retrying with ${SECRET} after a 429`);
    log.error({ call: { request: { params: { auth: `Bearer ${SECRET}` }, attempts: 2 } } }, 'Slack call failed');
    log.error({ err: err.message }, 'Slack call failed');
    log.info({ token: 'tok-1' }, 'token set');

    const got = lines();
    assert.equal(got.length, 5, raw());
    for (const line of got) {
      assert.equal(typeof line.level, 'string');
      assert.equal(typeof line.msg, 'string');
      assert.ok(!Number.isNaN(Date.parse(line.time)), `time is a timestamp: ${line.time}`);
      assert.equal(line.service, 'warroom');
    }
    assertClean(raw());

    const [headers, message, nested, error, token] = got as [LogLine, LogLine, LogLine, LogLine, LogLine];
    assert.deepEqual([headers.level, message.level, nested.level, error.level, token.level], ['info', 'warn', 'error', 'error', 'info']);
    // Redacted or scrubbed in place: the line keeps its shape and context, only the value goes.
    assert.deepEqual(headers.headers, { authorization: '[redacted]' });
    assert.equal(headers.msg, 'inbound request');
    assert.equal(message.msg, 'retrying with [redacted] after a 429');
    assert.deepEqual(nested.call, { request: { params: { auth: 'Bearer [redacted]' }, attempts: 2 } });
    assert.equal(error.err, 'Slack rejected token [redacted]');
    assert.equal(token.token, '[redacted]');
  });

  void test('secrets are scrubbed from the message format arguments and child bindings too', () => {
    const { log, lines, raw } = capture();
    log.info('connecting with %s', SECRET);
    log.child({ token: 'tok-1' }).info({ n: 1 }, 'from a child');
    const got = lines();
    assert.equal(got.length, 2, raw());
    assert.equal(got[0]?.msg, 'connecting with [redacted]');
    assert.equal(got[1]?.msg, 'from a child');
    assert.equal(got[1]?.n, 1);
    assertClean(raw());
  });

  void test('below the level nothing is written; text without a secret is left as it is', () => {
    const quiet = capture('warn');
    quiet.log.info({ x: 1 }, `hidden ${SECRET}`);
    assert.equal(quiet.raw(), '');

    // Values under 4 characters are not treated as secrets (they would shred ordinary words).
    const { log, lines } = capture('info', [SECRET, 'abc']);
    log.info({ user: 'U123', note: 'xoxb-very-public' }, 'abc: xoxb- prefix alone is not the secret');
    const [line] = lines();
    assert.equal(line?.msg, 'abc: xoxb- prefix alone is not the secret');
    assert.equal(line?.user, 'U123');
    assert.equal(line?.note, 'xoxb-very-public');
  });
});

test('errors keep their message and stack, scrubbed of secrets', () => {
  const lines: string[] = [];
  const log = createLogger({ level: 'info', secrets: ['xoxb-very-secret'], destination: { write: (s: string) => void lines.push(s) } });
  log.error({ err: new Error('auth failed for xoxb-very-secret') }, 'call failed');
  const entry = JSON.parse(lines[0] ?? '{}');
  assert.equal(entry.err.message, 'auth failed for [redacted]');
  assert.equal(entry.err.type, 'Error');
  assert.match(entry.err.stack, /auth failed for \[redacted\]/);
  assert.ok(!(lines[0] ?? '').includes('xoxb-very-secret'));
});
