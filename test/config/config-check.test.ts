import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConfigCheck } from '../../src/cli/config-check.js';

function capture() {
  const logs: string[] = [];
  const errors: string[] = [];
  return { logs, errors, out: { log: (s: string) => logs.push(s), error: (s: string) => errors.push(s) } };
}

void describe('warroom config check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-check-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  void test('a good configuration prints OK and the masked config, exit 0', () => {
    writeFileSync(join(dir, 'warroom.yml'), 'channelPrefix: ops\n');
    const { logs, errors, out } = capture();
    const code = runConfigCheck(
      { SLACK_BOT_TOKEN: 'xoxb-very-secret', SLACK_SIGNING_SECRET: 'sign-very-secret', DATABASE_URL: 'postgres://w:pw-very-secret@db/w' },
      out,
      dir,
    );
    assert.equal(code, 0);
    assert.deepEqual(errors, []);
    assert.equal(logs[0], 'Configuration OK');
    const printed = logs.join('\n');
    assert.ok(!printed.includes('very-secret'));
    const described = JSON.parse(logs[1] ?? '');
    assert.equal(described.configFile, join(dir, 'warroom.yml'));
    assert.equal(described.settings.channelPrefix, 'ops');
    assert.deepEqual(described.slack, { botToken: '****', signingSecret: '****', appToken: null, apiUrl: 'https://slack.com/api/' });
    assert.equal(described.databaseUrl, 'postgres://w:****@db/w');
  });

  void test('Socket Mode without a signing secret is OK and shows no signing secret', () => {
    const { logs, errors, out } = capture();
    const code = runConfigCheck({ SLACK_BOT_TOKEN: 'xoxb-very-secret', SLACK_APP_TOKEN: 'xapp-very-secret' }, out, dir);
    assert.equal(code, 0, errors.join('\n'));
    assert.ok(!logs.join('\n').includes('very-secret'));
    assert.deepEqual(JSON.parse(logs[1] ?? '').slack, { botToken: '****', signingSecret: null, appToken: '****', apiUrl: 'https://slack.com/api/' });
  });

  void test('a bad configuration lists every problem on stderr, exit 1, no stack trace', () => {
    writeFileSync(join(dir, 'warroom.yml'), 'grouping: { byService: maybe }\n');
    const { logs, errors, out } = capture();
    const code = runConfigCheck({ PORT: 'abc', SLACK_BOT_TOKEN: 'xoxb-very-secret' }, out, dir);
    assert.equal(code, 1);
    assert.deepEqual(logs, []);
    assert.equal(errors.length, 1);
    const message = errors[0] ?? '';
    assert.match(message, /^Warroom cannot start: the configuration has 3 problems\./);
    assert.match(message, /PORT \(text, 3 chars\): must be an integer from 1 to 65535/);
    assert.match(message, /SLACK_SIGNING_SECRET \(missing\): required when SLACK_BOT_TOKEN is set \(Socket Mode, with SLACK_APP_TOKEN, does not need it\)/);
    assert.match(message, /warroom\.yml: grouping\.byService \(text, 5 chars\): must be true or false \(line 1\)/);
    assert.ok(!message.includes('very-secret'));
    assert.ok(!/\n\s+at /.test(message), 'no stack trace');
  });
});
