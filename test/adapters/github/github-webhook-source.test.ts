/** GitHub's `issues` webhook (issue 20): the X-Hub-Signature-256 HMAC verified in constant time, and closed/reopened as state changes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createGitHubWebhookSource } from '../../../src/adapters/github/github-webhook-source.js';
import { githubSignature } from '../../fakes/github-api-fake.js';

const source = createGitHubWebhookSource('hook-secret');
const event = (action: string) => JSON.stringify({ action, issue: { number: 12 }, repository: { full_name: 'acme/ops' }, sender: { login: 'octocat' } });

test('a body signed with the secret authenticates; another secret, another body or a malformed header does not', () => {
  const body = event('closed');
  const headers = { 'x-hub-signature-256': githubSignature(body, 'hook-secret'), 'x-github-event': 'issues' };
  assert.ok(source.authenticateHeaders(headers));
  assert.ok(source.authenticate(headers, Buffer.from(body)));
  assert.ok(!source.authenticate({ 'x-hub-signature-256': githubSignature(body, 'other') }, Buffer.from(body)));
  assert.ok(!source.authenticate(headers, Buffer.from(event('reopened'))));
  assert.ok(!source.authenticateHeaders({ 'x-hub-signature-256': 'sha1=abc' }));
  assert.ok(!source.authenticateHeaders({}));
});

test('closed → done by the sender, reopened → open; other actions, ping and other events change nothing; a bad body is a reason', () => {
  const parse = (body: string, kind = 'issues') => source.parse(Buffer.from(body), { 'x-github-event': kind });
  assert.deepEqual(parse(event('closed')), { ok: true, changes: [{ ref: 'acme/ops#12', done: true, by: 'octocat' }] });
  assert.deepEqual(parse(event('reopened')), { ok: true, changes: [{ ref: 'acme/ops#12', done: false, by: 'octocat' }] });
  assert.deepEqual(parse(event('labeled')), { ok: true, changes: [] });
  assert.deepEqual(parse('{"zen":"Keep it logically awesome."}', 'ping'), { ok: true, changes: [] });
  assert.deepEqual(parse('{}', 'push'), { ok: true, changes: [] });
  assert.equal(parse('{"action":"closed"}').ok, false);
  assert.equal(parse('not json').ok, false);
  assert.equal(source.parse(Buffer.from(event('closed')), {}).ok, false);
});
