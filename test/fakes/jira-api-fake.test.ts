// The Jira Cloud fake refuses what Jira refuses (auth, the create shapes) and plays its search lag and webhooks.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { startJiraFake, type JiraFake } from './jira-api-fake.js';

let fake: JiraFake;
let receiver: Server;
const received: { body: string; signature: string | undefined }[] = [];
before(async () => {
  fake = await startJiraFake();
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: req.headers['x-hub-signature'] as string | undefined });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
});
after(async () => {
  await fake.close();
  await new Promise((resolve) => receiver.close(resolve));
});

const basic = () => `Basic ${Buffer.from(`${fake.apiEmail}:${fake.apiToken}`).toString('base64')}`;
async function call(method: string, path: string, body?: unknown, authorization = basic()) {
  const res = await fetch(`${fake.url}${path}`, { method, headers: { authorization, accept: 'application/json', 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, json: (await res.json()) as any };
}
const doc = (text: string) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
const fields = (extra: Record<string, unknown> = {}) => ({ project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'Add a replica', description: doc('from INC-1'), labels: ['warroom'], ...extra });

test('every call needs Basic auth with the account email and API token', async () => {
  const wrong = `Basic ${Buffer.from(`${fake.apiEmail}:nope`).toString('base64')}`;
  assert.equal((await call('GET', '/rest/api/3/issue/OPS-1', undefined, wrong)).status, 401);
  assert.equal((await call('POST', '/rest/api/3/issue', { fields: fields() }, `Bearer ${fake.apiToken}`)).status, 401);
});

test('create refuses what Jira refuses, with 400 and the field errors', async () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ project: undefined }, 'project'],
    [{ project: { key: 'NOPE' } }, 'project'],
    [{ issuetype: undefined }, 'issuetype'],
    [{ issuetype: { name: 'Epic' } }, 'issuetype'],
    [{ summary: undefined }, 'summary'],
    [{ summary: 'x'.repeat(256) }, 'summary'],
    [{ summary: 'two\nlines' }, 'summary'],
    [{ description: 'plain text' }, 'description'],
    [{ description: doc('') }, 'description'],
    [{ labels: ['has space'] }, 'labels'],
    [{ priority: { name: 'High' } }, 'priority'],
  ];
  for (const [extra, field] of cases) {
    const answer = await call('POST', '/rest/api/3/issue', { fields: fields(extra) });
    assert.equal(answer.status, 400, field);
    assert.equal(typeof answer.json.errors[field], 'string', `${field}: ${JSON.stringify(answer.json)}`);
  }
  assert.equal(fake.issues().length, 0);
});

test('create answers 201 { id, key, self }; search lags until indexed; bulkfetch and GET read the store', async () => {
  fake.indexLag(true);
  const created = await call('POST', '/rest/api/3/issue', { fields: fields({ labels: ['marker-1'] }) });
  assert.equal(created.status, 201);
  assert.deepEqual(Object.keys(created.json).sort(), ['id', 'key', 'self']);
  const jql = { jql: 'project = "OPS" AND labels = "marker-1" ORDER BY created ASC', fields: ['status'], maxResults: 1 };
  assert.deepEqual((await call('POST', '/rest/api/3/search/jql', jql)).json.issues, []);
  const bulk = await call('POST', '/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: [created.json.key, 'OPS-99'], fields: ['labels'] });
  assert.deepEqual(bulk.json.issues.map((i: any) => i.fields.labels), [['marker-1']]);
  fake.index();
  fake.indexLag(false);
  assert.equal((await call('POST', '/rest/api/3/search/jql', jql)).json.issues[0].key, created.json.key);
  const got = await call('GET', `/rest/api/3/issue/${created.json.key}?fields=status`);
  assert.equal(got.json.fields.status.statusCategory.key, 'new');
  assert.deepEqual(Object.keys(got.json.fields), ['status']);
  assert.equal((await call('GET', '/rest/api/3/issue/OPS-404')).status, 404);
});

test('moveToDone sends jira:issue_updated signed with the secret; failNext answers before any check', async () => {
  const created = await call('POST', '/rest/api/3/issue', { fields: fields() });
  fake.webhooks({ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/jira`, secret: 's3cret' });
  await fake.moveToDone(created.json.key, 'Bob Jira');
  const delivery = received.at(-1);
  assert.ok(delivery);
  assert.equal(delivery.signature, `sha256=${createHmac('sha256', 's3cret').update(delivery.body).digest('hex')}`);
  const body = JSON.parse(delivery.body);
  assert.equal(body.webhookEvent, 'jira:issue_updated');
  assert.equal(body.issue.fields.status.statusCategory.key, 'done');
  assert.equal(body.user.displayName, 'Bob Jira');
  assert.deepEqual(fake.sent(), [{ event: 'jira:issue_updated', status: 204 }]);
  fake.failNext(1, 503, 7);
  const res = await fetch(`${fake.url}/rest/api/3/issue/${created.json.key}`);
  assert.equal(res.status, 503);
  assert.equal(res.headers.get('retry-after'), '7');
  assert.equal((await call('GET', `/rest/api/3/issue/${created.json.key}`)).status, 200);
});
