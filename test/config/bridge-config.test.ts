/**
 * `bridge.url` in warroom.yml (issue 21): a static call link or a template with `{ref}` and
 * `{channel}`, checked when the config loads (http(s) only, known placeholders only, within
 * Slack's 3 000 characters once filled in), with a message that names the key; and the link it
 * gives an incident.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bridgeUrlOf } from '../../src/core/bridge.js';
import { formatProblems, loadConfig } from '../../src/config.js';

const load = (yaml: string) => loadConfig({ LOG_LEVEL: 'silent' }, { cwd: '/srv/warroom', readFile: (path) => (path === '/srv/warroom/warroom.yml' ? yaml : null) });

function problemsOf(url: string): string[] {
  const result = load(`bridge:\n  url: ${JSON.stringify(url)}\n`);
  assert.equal(result.ok, false, `${url} must be refused`);
  return result.ok ? [] : result.problems.map((p) => `${p.name}: ${p.message}`);
}

test('no bridge: no call link configured', () => {
  const result = load('channelPrefix: inc\n');
  assert.ok(result.ok, result.ok ? '' : formatProblems(result.problems));
  assert.deepEqual(result.config.settings.bridge, { url: null });
});

test('a static link and a template with {ref} and {channel} load as written', () => {
  for (const url of ['https://zoom.us/j/123456789?pwd=abc', 'https://meet.jit.si/warroom-{ref}', 'http://meet.example.com/{channel}/{ref}']) {
    const result = load(`bridge:\n  url: ${JSON.stringify(url)}\n`);
    assert.ok(result.ok, result.ok ? '' : formatProblems(result.problems));
    assert.equal(result.config.settings.bridge.url, url);
  }
});

test('a link that is not http(s), an unknown placeholder, or one too long for Slack is refused with a clear message', () => {
  const cases: [string, RegExp][] = [
    ['ftp://files.example.com/{ref}', /bridge\.url.*must start with https:\/\/ or http:\/\//],
    ['meet.jit.si/warroom-{ref}', /bridge\.url.*must be a URL such as https:\/\//],
    ['https://meet.jit.si/{incident}', /bridge\.url.*only the placeholders \{ref\} and \{channel\}, not \{incident\}/],
    [`https://meet.example.com/${'a'.repeat(2950)}/{channel}`, /bridge\.url.*at most 3000 characters \(with \{ref\} and \{channel\} filled in\)/],
  ];
  for (const [url, message] of cases) {
    const found = problemsOf(url);
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0] ?? '', message);
  }
});

test('the link of an incident: its own, else the template filled in (URL-encoded); none while {channel} is unknown', () => {
  const incident = { ref: 'INC-12', channelName: 'inc-12-checkout-5xx', bridgeUrl: null };
  assert.equal(bridgeUrlOf(incident, 'https://meet.jit.si/warroom-{ref}'), 'https://meet.jit.si/warroom-INC-12');
  assert.equal(bridgeUrlOf(incident, 'https://meet.example.com/{channel}?ref={ref}'), 'https://meet.example.com/inc-12-checkout-5xx?ref=INC-12');
  assert.equal(bridgeUrlOf({ ...incident, channelName: null }, 'https://meet.example.com/{channel}'), null);
  assert.equal(bridgeUrlOf({ ...incident, bridgeUrl: 'https://zoom.us/j/1' }, 'https://meet.jit.si/{ref}'), 'https://zoom.us/j/1');
  assert.equal(bridgeUrlOf(incident, null), null);
});
