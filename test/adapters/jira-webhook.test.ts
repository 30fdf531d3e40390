// POST /webhooks/jira: X-Hub-Signature (sha256=<hex HMAC of the raw body>) checked in constant time, and the
// status category of the issue read into a TrackerStateChange.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createJiraWebhookSource } from '../../src/adapters/jira/jira-webhook.js';
import type { TrackerWebhookOutcome } from '../../src/app/ports/issue-tracker.js';
import { startJiraFake } from '../fakes/jira-api-fake.js';

const SECRET = 'jira-webhook-secret';
const source = createJiraWebhookSource({ secret: SECRET });
const sign = (body: string, secret = SECRET) => ({ 'x-hub-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}` });

function issueUpdated(category: 'done' | 'new', options: { items?: { field: string; fieldId?: string }[]; by?: string | null } = {}) {
  return JSON.stringify({
    timestamp: 1765123456789,
    webhookEvent: 'jira:issue_updated',
    issue_event_type_name: 'issue_generic',
    ...(options.by === null ? {} : { user: { accountId: '5b10a2844c20165700ede21g', displayName: options.by ?? 'Alice Jira' } }),
    issue: { id: '10001', key: 'OPS-42', fields: { summary: 'Add a replica', status: { id: '10001', name: 'Done', statusCategory: { id: 3, key: category, name: 'Done' } } } },
    changelog: { id: '10100', items: options.items ?? [{ field: 'status', fieldtype: 'jira', fieldId: 'status', from: '10000', fromString: 'To Do', to: '10001', toString: 'Done' }] },
  });
}

test('a delivery signed with the secret is authenticated; a tampered body, another secret or no signature is not', () => {
  const body = issueUpdated('done');
  assert.equal(source.authenticateHeaders(sign(body)), true);
  assert.equal(source.authenticate(sign(body), Buffer.from(body)), true);
  assert.equal(source.authenticate(sign(body), Buffer.from(body.replace('OPS-42', 'OPS-43'))), false, 'tampered body');
  assert.equal(source.authenticate(sign(body, 'another-secret'), Buffer.from(body)), false, 'wrong secret');
  assert.equal(source.authenticateHeaders({}), false, 'missing header');
  assert.equal(source.authenticate({}, Buffer.from(body)), false, 'missing header');
  assert.equal(source.authenticateHeaders({ 'x-hub-signature': 'sha1=abc' }), false, 'another scheme');
  assert.equal(source.authenticateHeaders({ 'x-hub-signature': [sign(body)['x-hub-signature'], sign(body)['x-hub-signature']] }), false, 'repeated header');
});

test('an unset or empty secret refuses every delivery', () => {
  const body = issueUpdated('done');
  for (const secret of [null, '']) {
    const open = createJiraWebhookSource({ secret });
    assert.equal(open.authenticateHeaders(sign(body, '')), false);
    assert.equal(open.authenticate(sign(body, ''), Buffer.from(body)), false);
  }
});

test('a status change to the done category is done, by the user’s display name; back to To Do is not done', () => {
  assert.deepEqual(source.parse(Buffer.from(issueUpdated('done', { by: 'Bob Jira' })), {}), { ok: true, changes: [{ ref: 'OPS-42', done: true, by: 'Bob Jira' }] });
  assert.deepEqual(source.parse(Buffer.from(issueUpdated('new', { by: null })), {}), { ok: true, changes: [{ ref: 'OPS-42', done: false, by: null }] });
});

test('an update that leaves the status alone, a deleted issue and other events change nothing', () => {
  assert.deepEqual(source.parse(Buffer.from(issueUpdated('done', { items: [{ field: 'summary' }] })), {}), { ok: true, changes: [] });
  const deleted = JSON.parse(issueUpdated('new')) as Record<string, unknown>;
  assert.deepEqual(source.parse(Buffer.from(JSON.stringify({ ...deleted, webhookEvent: 'jira:issue_deleted' })), {}), { ok: true, changes: [] });
  assert.deepEqual(source.parse(Buffer.from(JSON.stringify({ webhookEvent: 'comment_created', comment: { body: 'hi' } })), {}), { ok: true, changes: [] });
});

test('malformed JSON or an issue event without the issue’s status is refused with a reason', () => {
  const notJson = source.parse(Buffer.from('{"webhookEvent":'), {});
  assert.equal(notJson.ok, false);
  assert.deepEqual(source.parse(Buffer.from('{"issue":{}}'), {}), { ok: false, reason: 'webhookEvent is missing' });
  const noStatus = source.parse(Buffer.from(JSON.stringify({ webhookEvent: 'jira:issue_updated', issue: { key: 'OPS-1', fields: {} } })), {});
  assert.deepEqual(noStatus, { ok: false, reason: 'issue.fields.status is missing' });
});

test('the webhook the Jira fake sends when an issue is moved to Done authenticates and parses to done', async (t) => {
  const fake = await startJiraFake();
  t.after(() => fake.close());
  const outcomes: TrackerWebhookOutcome[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const ok = source.authenticateHeaders(req.headers) && source.authenticate(req.headers, raw);
      if (ok) outcomes.push(source.parse(raw, req.headers));
      res.writeHead(ok ? 202 : 401).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise((resolve) => receiver.close(resolve)));
  const basic = `Basic ${Buffer.from(`${fake.apiEmail}:${fake.apiToken}`).toString('base64')}`;
  const fields = { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'Add a replica' };
  const created = (await (await fetch(`${fake.url}/rest/api/3/issue`, { method: 'POST', headers: { authorization: basic, 'content-type': 'application/json' }, body: JSON.stringify({ fields }) })).json()) as { key: string };
  fake.webhooks({ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/jira`, secret: SECRET });
  await fake.moveToDone(created.key, 'Carol Jira');
  await fake.reopen(created.key, 'Dan Jira');
  assert.deepEqual(fake.sent().map((s) => s.status), [202, 202]);
  assert.deepEqual(outcomes, [
    { ok: true, changes: [{ ref: created.key, done: true, by: 'Carol Jira' }] },
    { ok: true, changes: [{ ref: created.key, done: false, by: 'Dan Jira' }] },
  ]);
});

const FIXTURES = new URL('../fixtures/jira/', import.meta.url);
for (const name of readdirSync(FIXTURES).filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))) {
  test(`fixture ${name} parses to its expected result`, () => {
    const raw = readFileSync(new URL(name, FIXTURES));
    assert.deepEqual(source.parse(raw, {}), JSON.parse(readFileSync(new URL(name.replace(/\.json$/, '.expected.json'), FIXTURES), 'utf8')));
  });
}
