// The Opsgenie REST API fake, driven with plain fetch: its rules are Opsgenie's documented ones.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { OPSGENIE_FAKE_DEFAULT_KEY, startOpsgenieFake } from './opsgenie-api-fake.js';
import type { OpsgenieFake, OpsgenieFakeOptions } from './opsgenie-api-fake.js';

const KEY = OPSGENIE_FAKE_DEFAULT_KEY;

async function fakeFor(t: TestContext, options: OpsgenieFakeOptions = {}): Promise<OpsgenieFake> {
  const fake = await startOpsgenieFake(options);
  t.after(() => fake.close());
  return fake;
}

interface Reply {
  status: number;
  json: any;
  headers: Headers;
}

async function call(fake: OpsgenieFake, method: string, path: string, body?: unknown, authorization: string | null = `GenieKey ${KEY}`): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (authorization !== null) headers['authorization'] = authorization;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${fake.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    signal: AbortSignal.timeout(5_000),
  });
  const text = await res.text();
  return { status: res.status, json: text === '' ? null : JSON.parse(text), headers: res.headers };
}

const createAlert = (fake: OpsgenieFake, body: Record<string, unknown>) => call(fake, 'POST', '/v2/alerts', body);
const getByAlias = (fake: OpsgenieFake, alias: string) => call(fake, 'GET', `/v2/alerts/${encodeURIComponent(alias)}?identifierType=alias`);
const validAlert = { message: 'Checkout is down', alias: 'INC-1', responders: [{ name: 'primary', type: 'schedule' }], priority: 'P1', source: 'Warroom' };

function assertOpsgenieError(reply: Reply, status: number, what: string): void {
  assert.equal(reply.status, status, `${what}: status`);
  assert.equal(typeof reply.json.message, 'string', `${what}: Opsgenie's error JSON has a message`);
  assert.equal(typeof reply.json.took, 'number', `${what}: Opsgenie's error JSON has took`);
  assert.equal(typeof reply.json.requestId, 'string', `${what}: Opsgenie's error JSON has a requestId`);
}

describe('authentication', () => {
  test('GenieKey <key> is required: none or a wrong key is 401 with Opsgenie error JSON', async (t) => {
    const fake = await fakeFor(t, { schedules: { primary: ['a@example.com'] } });
    const path = '/v2/schedules/primary/on-calls?scheduleIdentifierType=name&flat=true';
    const none = await call(fake, 'GET', path, undefined, null);
    assertOpsgenieError(none, 401, 'no Authorization');
    assert.equal(none.json.message, 'Could not authenticate', 'Opsgenie says it could not authenticate');
    assertOpsgenieError(await call(fake, 'GET', path, undefined, 'GenieKey wrong-key'), 401, 'wrong key');
    assertOpsgenieError(await call(fake, 'GET', path, undefined, `Bearer ${KEY}`), 401, 'wrong scheme');
    assert.equal((await call(fake, 'GET', path)).status, 200, 'the right key is accepted');
  });

  test('a custom key and extra Authorization values (JSM Operations Basic auth) are accepted', async (t) => {
    const basic = `Basic ${Buffer.from('me@example.com:token').toString('base64')}`;
    const fake = await fakeFor(t, { apiKey: 'custom-key', extraAuthorizations: [basic], schedules: { primary: [] } });
    const path = '/v2/schedules/primary/on-calls?scheduleIdentifierType=name&flat=true';
    assert.equal(fake.apiKey, 'custom-key', 'the fake reports its key');
    assert.equal((await call(fake, 'GET', path, undefined, 'GenieKey custom-key')).status, 200, 'the custom key is accepted');
    assert.equal((await call(fake, 'GET', path, undefined, basic)).status, 200, 'the extra Authorization value is accepted');
    assert.equal((await call(fake, 'GET', path)).status, 401, 'the default key is no longer accepted');
  });
});

describe('create alert', () => {
  test('answers 202 and applies the alert asynchronously: 404 until applied, then the alert', async (t) => {
    const fake = await fakeFor(t, { applyDelayMs: 150 });
    fake.holdApplies();
    const reply = await createAlert(fake, { ...validAlert, description: 'details', tags: ['warroom'], note: 'paged by Warroom' });
    assert.equal(reply.status, 202, 'create is accepted');
    assert.equal(reply.json.result, 'Request will be processed', 'Opsgenie accepted-answer result');
    assert.equal(typeof reply.json.requestId, 'string', 'accepted answer carries a requestId');
    assert.equal(reply.headers.get('x-request-id'), reply.json.requestId, 'X-Request-ID header matches the body');

    assert.equal((await getByAlias(fake, 'INC-1')).status, 404, 'not applied yet: 404');
    const pendingStatus = await call(fake, 'GET', `/v2/alerts/requests/${reply.json.requestId}`);
    assert.equal(pendingStatus.status, 404, 'request status is 404 until processed');
    assert.equal(fake.alerts().length, 0, 'no alert before the apply delay');

    fake.releaseApplies();
    await fake.settled();
    const got = await getByAlias(fake, 'INC-1');
    assert.equal(got.status, 200, 'applied: 200');
    assert.equal(got.json.data.alias, 'INC-1', 'alias');
    assert.equal(got.json.data.message, 'Checkout is down', 'message');
    assert.equal(got.json.data.status, 'open', 'status open');
    assert.equal(got.json.data.acknowledged, false, 'not acknowledged');
    assert.equal(got.json.data.priority, 'P1', 'priority');
    assert.equal(got.json.data.count, 1, 'count 1');

    const byId = await call(fake, 'GET', `/v2/alerts/${got.json.data.id}`);
    assert.equal(byId.json.data.alias, 'INC-1', 'identifierType defaults to id');
    const byTiny = await call(fake, 'GET', `/v2/alerts/${got.json.data.tinyId}?identifierType=tiny`);
    assert.equal(byTiny.json.data.alias, 'INC-1', 'identifierType tiny works');

    const status = await call(fake, 'GET', `/v2/alerts/requests/${reply.json.requestId}`);
    assert.equal(status.status, 200, 'request status once processed');
    assert.equal(status.json.data.isSuccess, true, 'request succeeded');
    assert.equal(status.json.data.action, 'Create', 'request action');
    assert.equal(status.json.data.alias, 'INC-1', 'request status names the alias');

    const [alert] = fake.alerts();
    assert.ok(alert, 'one alert');
    assert.deepEqual(alert.responders, [{ type: 'schedule', name: 'primary' }], 'responders kept');
    assert.deepEqual(alert.tags, ['warroom'], 'tags kept');
    assert.equal(alert.description, 'details', 'description kept');
    assert.equal(alert.source, 'Warroom', 'source kept');
    assert.deepEqual(alert.notes.map((n) => [n.note, n.via]), [['paged by Warroom', 'create']], 'create note kept');
  });

  test('validates the body like Opsgenie: 422 with errors per field, 400 for bad JSON', async (t) => {
    const fake = await fakeFor(t);
    const cases: [string, Record<string, unknown>, string][] = [
      ['no message', { ...validAlert, message: undefined }, 'message'],
      ['blank message', { ...validAlert, message: '   ' }, 'message'],
      ['message over 130', { ...validAlert, message: 'x'.repeat(131) }, 'message'],
      ['alias over 512', { ...validAlert, alias: 'a'.repeat(513) }, 'alias'],
      ['description over 15000', { ...validAlert, description: 'd'.repeat(15_001) }, 'description'],
      ['unknown priority', { ...validAlert, priority: 'P0' }, 'priority'],
      ['priority not a string', { ...validAlert, priority: 1 }, 'priority'],
      ['responders not a list', { ...validAlert, responders: { name: 'primary', type: 'schedule' } }, 'responders'],
      ['unknown responder type', { ...validAlert, responders: [{ name: 'primary', type: 'rota' }] }, 'responders'],
      ['schedule without a name or id', { ...validAlert, responders: [{ type: 'schedule' }] }, 'responders'],
      ['user with only a name', { ...validAlert, responders: [{ name: 'alice@example.com', type: 'user' }] }, 'responders'],
    ];
    for (const [what, body, field] of cases) {
      const reply = await createAlert(fake, body);
      assertOpsgenieError(reply, 422, what);
      assert.equal(reply.json.message, 'Request body is not processable. Please check the errors.', `${what}: Opsgenie's 422 message`);
      assert.equal(typeof reply.json.errors?.[field], 'string', `${what}: errors.${field} explains`);
    }
    assert.equal((await createAlert(fake, { ...validAlert, message: 'x'.repeat(130) })).status, 202, 'exactly 130 characters is fine');
    assert.equal((await createAlert(fake, { message: 'no priority, no responders' })).status, 202, 'only message is required');
    assert.equal((await createAlert(fake, { ...validAlert, responders: [{ username: 'alice@example.com', type: 'user' }] })).status, 202, 'user by username');
    assertOpsgenieError(await call(fake, 'POST', '/v2/alerts', '{"message":'), 400, 'invalid JSON');
    await fake.settled();
    assert.equal(fake.alerts().length, 2, 'only the valid creates became alerts (two share alias INC-1)');
    assert.equal(fake.alert('INC-1')?.count, 2, 'the two INC-1 creates de-duplicated');
  });

  test('an alert without an alias gets its id as alias', async (t) => {
    const fake = await fakeFor(t);
    await createAlert(fake, { message: 'anonymous' });
    await fake.settled();
    const [alert] = fake.alerts();
    assert.ok(alert, 'created');
    assert.equal(alert.alias, alert.id, 'alias defaults to the alert id');
  });

  test('a create with the alias of an open alert de-duplicates (count + 1); after close, a new alert is created', async (t) => {
    const fake = await fakeFor(t);
    const first = await createAlert(fake, validAlert);
    const second = await createAlert(fake, { ...validAlert, message: 'Checkout is still down' });
    assert.equal(second.status, 202, 'the duplicate is accepted too');
    await fake.settled();
    assert.equal(fake.alerts().length, 1, 'one alert for one open alias');
    assert.equal(fake.alert('INC-1')?.count, 2, 'count 2');
    assert.equal(fake.alert('INC-1')?.message, 'Checkout is down', 'the first message stays');
    const dedup = await call(fake, 'GET', `/v2/alerts/requests/${second.json.requestId}`);
    assert.equal(dedup.json.data.alertId, (await call(fake, 'GET', `/v2/alerts/requests/${first.json.requestId}`)).json.data.alertId, 'both requests name the same alert');

    await call(fake, 'POST', '/v2/alerts/INC-1/close?identifierType=alias', { source: 'Warroom' });
    await createAlert(fake, validAlert);
    await fake.settled();
    const alerts = fake.alerts();
    assert.deepEqual(alerts.map((a) => [a.alias, a.status, a.count]), [['INC-1', 'closed', 2], ['INC-1', 'open', 1]], 'a closed alias does not de-duplicate');
    assert.equal((await getByAlias(fake, 'INC-1')).json.data.status, 'open', 'GET by alias finds the open alert');
  });
});

describe('alert actions', () => {
  test('close and notes are asynchronous, applied in order after the create', async (t) => {
    const fake = await fakeFor(t);
    await createAlert(fake, validAlert);
    const note = await call(fake, 'POST', '/v2/alerts/INC-1/notes?identifierType=alias', { note: 'Rolled back', source: 'Warroom' });
    const close = await call(fake, 'POST', '/v2/alerts/INC-1/close?identifierType=alias', { note: 'Resolved in Warroom', source: 'Warroom', user: 'Warroom' });
    assert.equal(note.status, 202, 'note accepted');
    assert.equal(close.status, 202, 'close accepted');
    assert.equal(close.json.result, 'Request will be processed', 'close answers the accepted JSON');
    await fake.settled();
    const alert = fake.alert('INC-1');
    assert.equal(alert?.status, 'closed', 'closed after the create was applied');
    assert.deepEqual(
      alert?.notes.map((n) => [n.note, n.via, n.source]),
      [
        ['Rolled back', 'note', 'Warroom'],
        ['Resolved in Warroom', 'close', 'Warroom'],
      ],
      'notes in order, the close note included',
    );
    const closed = await getByAlias(fake, 'INC-1');
    assert.equal(closed.json.data.status, 'closed', 'GET shows it closed');
  });

  test('PUT priority (P1–P5, 202, applied later) and GET notes (newest first with order=desc)', async (t) => {
    const fake = await fakeFor(t);
    await createAlert(fake, { ...validAlert, priority: 'P3' });
    await call(fake, 'POST', '/v2/alerts/INC-1/notes?identifierType=alias', { note: 'one' });
    await call(fake, 'POST', '/v2/alerts/INC-1/notes?identifierType=alias', { note: 'two' });
    const priority = await call(fake, 'PUT', '/v2/alerts/INC-1/priority?identifierType=alias', { priority: 'P1' });
    assert.equal(priority.status, 202);
    assertOpsgenieError(await call(fake, 'PUT', '/v2/alerts/INC-1/priority?identifierType=alias', { priority: 'P9' }), 422, 'an unknown priority');
    await fake.settled();
    assert.equal(fake.alert('INC-1')?.priority, 'P1');
    const notes = await call(fake, 'GET', '/v2/alerts/INC-1/notes?identifierType=alias&order=desc&limit=100');
    assert.equal(notes.status, 200);
    assert.deepEqual(notes.json.data.map((n: { note: string }) => n.note), ['two', 'one']);
    assert.equal((await call(fake, 'GET', '/v2/alerts/NOPE/notes?identifierType=alias')).status, 404);
  });

  test('echo mode sends the alert action webhook of each applied write to its target', async (t) => {
    const fake = await fakeFor(t);
    const received: { action: string; note: unknown; authorization: string | undefined }[] = [];
    const target = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const json = JSON.parse(body) as { action: string; alert: { note?: string } };
        received.push({ action: json.action, note: json.alert.note, authorization: req.headers.authorization });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise<void>((resolve) => target.close(() => resolve())));
    fake.echoWebhooks({ url: `http://127.0.0.1:${(target.address() as AddressInfo).port}/hook`, token: 'hook-token' });
    await createAlert(fake, validAlert);
    await call(fake, 'POST', '/v2/alerts/INC-1/notes?identifierType=alias', { note: 'Rolled back' });
    await call(fake, 'PUT', '/v2/alerts/INC-1/priority?identifierType=alias', { priority: 'P2' });
    await fake.settled();
    await fake.echoesSettled();
    // Each echo is its own HTTP request, so they may reach the target in any order (as Opsgenie's do);
    // the order they were sent in is the fake's record.
    const byAction = (a: [string, unknown], b: [string, unknown]): number => a[0].localeCompare(b[0]);
    assert.deepEqual(received.map((r): [string, unknown] => [r.action, r.note]).sort(byAction), [['AddNote', 'Rolled back'], ['Create', undefined], ['UpdatePriority', undefined]]);
    assert.ok(received.every((r) => r.authorization === 'Bearer hook-token'));
    assert.deepEqual(fake.echoed().map((e) => [e.event, e.status]), [['Create', 202], ['AddNote', 202], ['UpdatePriority', 202]]);
  });

  test('notes need a note (422); actions on an unknown alert fail in the request status', async (t) => {
    const fake = await fakeFor(t);
    const empty = await call(fake, 'POST', '/v2/alerts/INC-9/notes?identifierType=alias', { source: 'Warroom' });
    assertOpsgenieError(empty, 422, 'note without note');
    assert.equal(typeof empty.json.errors.note, 'string', 'errors.note explains');
    const tooLong = await call(fake, 'POST', '/v2/alerts/INC-9/notes?identifierType=alias', { note: 'n'.repeat(25_001) });
    assertOpsgenieError(tooLong, 422, 'note over 25000');
    const badType = await call(fake, 'POST', '/v2/alerts/INC-9/close?identifierType=name', {});
    assertOpsgenieError(badType, 422, 'unknown identifierType');

    const close = await call(fake, 'POST', '/v2/alerts/INC-9/close?identifierType=alias', {});
    assert.equal(close.status, 202, 'an action on an unknown alert is still accepted');
    await fake.settled();
    const status = await call(fake, 'GET', `/v2/alerts/requests/${close.json.requestId}`);
    assert.equal(status.json.data.isSuccess, false, 'the request failed');
    assert.equal(status.json.data.status, 'Alert does not exist', 'and says why');
  });

  test('acknowledge(alias) marks the open alert acknowledged, like a responder', async (t) => {
    const fake = await fakeFor(t);
    assert.equal(fake.acknowledge('INC-1'), false, 'nothing to acknowledge yet');
    await createAlert(fake, validAlert);
    await fake.settled();
    assert.equal(fake.acknowledge('INC-1'), true, 'acknowledged');
    assert.equal((await getByAlias(fake, 'INC-1')).json.data.acknowledged, true, 'GET shows acknowledged');
    const ack = await call(fake, 'POST', '/v2/alerts/INC-1/acknowledge?identifierType=alias', { source: 'Warroom' });
    assert.equal(ack.status, 202, 'the acknowledge endpoint is accepted too');
  });
});

describe('who is on call', () => {
  test('flat=true lists recipients in order; flat=false lists participants; by name or id; unknown is 404', async (t) => {
    const fake = await fakeFor(t, { schedules: { 'SRE / EU': ['alice@example.com', 'bob@example.com'], empty: [] } });
    const flat = await call(fake, 'GET', `/v2/schedules/${encodeURIComponent('SRE / EU')}/on-calls?scheduleIdentifierType=name&flat=true`);
    assert.equal(flat.status, 200, 'found by name');
    assert.deepEqual(flat.json.data.onCallRecipients, ['alice@example.com', 'bob@example.com'], 'recipients in order');
    assert.equal(flat.json.data._parent.name, 'SRE / EU', '_parent names the schedule');
    assert.equal(typeof flat.json.requestId, 'string', 'requestId');

    const nested = await call(fake, 'GET', `/v2/schedules/${flat.json.data._parent.id}/on-calls`);
    assert.equal(nested.status, 200, 'found by id (the default identifier type)');
    assert.deepEqual(
      nested.json.data.onCallParticipants.map((p: { name: string; type: string }) => [p.name, p.type]),
      [
        ['alice@example.com', 'user'],
        ['bob@example.com', 'user'],
      ],
      'participants without flat',
    );

    const none = await call(fake, 'GET', '/v2/schedules/empty/on-calls?scheduleIdentifierType=name&flat=true');
    assert.deepEqual(none.json.data.onCallRecipients, [], 'nobody on call');
    assertOpsgenieError(await call(fake, 'GET', '/v2/schedules/nope/on-calls?scheduleIdentifierType=name&flat=true'), 404, 'unknown schedule');
    assertOpsgenieError(await call(fake, 'GET', '/v2/schedules/empty/on-calls?flat=true'), 404, 'a name used as an id');

    fake.setSchedule('empty', ['carol@example.com']);
    const changed = await call(fake, 'GET', '/v2/schedules/empty/on-calls?scheduleIdentifierType=name&flat=true');
    assert.deepEqual(changed.json.data.onCallRecipients, ['carol@example.com'], 'setSchedule changes who is on call');
  });
});

describe('faults and inspection', () => {
  test('failNext answers the next requests with 5xx (or 429), then recovers', async (t) => {
    const fake = await fakeFor(t, { schedules: { primary: ['a@example.com'] } });
    const path = '/v2/schedules/primary/on-calls?scheduleIdentifierType=name&flat=true';
    fake.failNext(2);
    assertOpsgenieError(await call(fake, 'GET', path), 500, 'first failure');
    assertOpsgenieError(await call(fake, 'POST', '/v2/alerts', validAlert), 500, 'second failure');
    assert.equal((await call(fake, 'GET', path)).status, 200, 'recovered');
    fake.failNext(1, 429);
    assertOpsgenieError(await call(fake, 'GET', path), 429, 'rate limited');
    fake.failNext(1, 503);
    assertOpsgenieError(await call(fake, 'GET', path), 503, 'unavailable');
    await fake.settled();
    assert.equal(fake.alerts().length, 0, 'a failed create creates nothing');
  });

  test('setLatency delays answers', async (t) => {
    const fake = await fakeFor(t, { schedules: { primary: [] } });
    fake.setLatency(150);
    const started = performance.now();
    await call(fake, 'GET', '/v2/schedules/primary/on-calls?scheduleIdentifierType=name&flat=true');
    assert.ok(performance.now() - started >= 140, 'the answer waited for the latency');
    fake.setLatency(0);
    const again = performance.now();
    await call(fake, 'GET', '/v2/schedules/primary/on-calls?scheduleIdentifierType=name&flat=true');
    assert.ok(performance.now() - again < 140, 'latency removed');
  });

  test('stop() refuses connections, start() listens again on the same port with state kept', async (t) => {
    const fake = await fakeFor(t, { applyDelayMs: 100 });
    await createAlert(fake, validAlert);
    await fake.stop();
    assert.equal(fake.listening, false, 'stopped');
    await assert.rejects(call(fake, 'GET', '/v2/alerts/INC-1?identifierType=alias'), 'a stopped fake refuses connections');
    await fake.settled();
    await fake.start();
    assert.equal(fake.listening, true, 'listening again');
    const got = await getByAlias(fake, 'INC-1');
    assert.equal(got.status, 200, 'the write accepted before the stop was applied and kept');
  });

  test('requests() records method, path, query, Authorization, body and status', async (t) => {
    const fake = await fakeFor(t, { applyDelayMs: 300 });
    fake.holdApplies();
    await createAlert(fake, validAlert);
    await getByAlias(fake, 'INC-1');
    const [create, get] = fake.requests();
    assert.ok(create && get, 'two requests recorded');
    assert.equal(create.seq, 1, 'sequence numbers start at 1');
    assert.equal(create.method, 'POST', 'method');
    assert.equal(create.path, '/v2/alerts', 'path');
    assert.equal(create.authorization, `GenieKey ${KEY}`, 'Authorization header');
    assert.deepEqual(create.body, validAlert, 'parsed body');
    assert.equal(create.status, 202, 'answered status');
    assert.deepEqual(get.query, { identifierType: 'alias' }, 'query');
    assert.equal(get.status, 404, 'the GET came before the apply');
  });
});
