// The Datadog API fake, driven with plain fetch: its shapes are those of Datadog's documented v1 query answer.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { DATADOG_FAKE_API_KEY, DATADOG_FAKE_APP_KEY, startDatadogFake } from './datadog-api-fake.js';
import type { DatadogFake, DatadogFakeOptions } from './datadog-api-fake.js';

const QUERY = 'sum:trace.http.request.errors{*} by {region,service}.as_rate()';
const FROM = 1_700_000_000; // not minute-aligned (1_700_000_000 % 60 = 20), so the fake must align its points
const TO = FROM + 300;

// Field names of ../shared/fixtures/datadog-api-v1-query-response.json (a real answer), so the fake cannot drift from it.
const FIXTURE_TOP_KEYS = ['from_date', 'group_by', 'message', 'query', 'res_type', 'resp_version', 'series', 'status', 'times', 'to_date', 'values'];
const FIXTURE_SERIES_KEYS = ['aggr', 'attributes', 'display_name', 'end', 'expression', 'interval', 'length', 'metric', 'pointlist', 'query_index', 'scope', 'start', 'tag_set', 'unit'];

async function fakeFor(t: TestContext, options: DatadogFakeOptions = {}): Promise<DatadogFake> {
  const fake = await startDatadogFake(options);
  t.after(() => fake.close());
  return fake;
}

interface Reply {
  status: number;
  json: any;
  headers: Headers;
}

interface Keys {
  api?: string | null;
  app?: string | null;
}

async function query(fake: DatadogFake, params: Record<string, string | number>, keys: Keys = {}, timeoutMs = 5_000): Promise<Reply> {
  const headers: Record<string, string> = {};
  const api = keys.api === undefined ? fake.apiKey : keys.api;
  const app = keys.app === undefined ? fake.appKey : keys.app;
  if (api !== null) headers['DD-API-KEY'] = api;
  if (app !== null) headers['DD-APPLICATION-KEY'] = app;
  const search = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]));
  const res = await fetch(`${fake.url}/api/v1/query?${search.toString()}`, { headers, signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  return { status: res.status, json: text === '' ? null : JSON.parse(text), headers: res.headers };
}

describe('authentication', () => {
  test('both DD-API-KEY and DD-APPLICATION-KEY must match, else 403 {"errors":["Forbidden"]}', async (t) => {
    const fake = await fakeFor(t);
    assert.equal(fake.apiKey, DATADOG_FAKE_API_KEY, 'the default API key');
    assert.equal(fake.appKey, DATADOG_FAKE_APP_KEY, 'the default application key');
    const params = { from: FROM, to: TO, query: QUERY };
    for (const [what, keys] of [
      ['no keys', { api: null, app: null }],
      ['no application key', { app: null }],
      ['no API key', { api: null }],
      ['a wrong API key', { api: 'f'.repeat(32) }],
      ['a wrong application key', { app: 'f'.repeat(40) }],
      ['the keys swapped', { api: fake.appKey, app: fake.apiKey }],
    ] as const) {
      const reply = await query(fake, params, keys);
      assert.equal(reply.status, 403, `${what}: 403`);
      assert.deepEqual(reply.json, { errors: ['Forbidden'] }, `${what}: Datadog's Forbidden body`);
    }
    assert.equal((await query(fake, params)).status, 200, 'the right keys are accepted');
  });

  test('custom keys replace the defaults', async (t) => {
    const fake = await fakeFor(t, { apiKey: 'a'.repeat(32), appKey: 'b'.repeat(40) });
    assert.equal((await query(fake, { from: FROM, to: TO, query: QUERY }, { api: 'a'.repeat(32), app: 'b'.repeat(40) })).status, 200, 'the custom keys are accepted');
    assert.equal((await query(fake, { from: FROM, to: TO, query: QUERY }, { api: DATADOG_FAKE_API_KEY, app: DATADOG_FAKE_APP_KEY })).status, 403, 'the defaults are not');
  });
});

describe('GET /api/v1/query', () => {
  test('setSeries answers the v1 shape with one flat series per tag set, one point per 60 s over the window', async (t) => {
    const fake = await fakeFor(t);
    fake.setSeries(QUERY, [
      { tags: { region: 'eu-west-1', service: 'checkout' }, value: 2.5 },
      { tags: { region: 'us-east-1', service: 'checkout' }, value: 0 },
    ]);
    const reply = await query(fake, { from: FROM, to: TO, query: QUERY });
    assert.equal(reply.status, 200, 'answered 200');
    const body = reply.json;
    assert.deepEqual(Object.keys(body).sort(), FIXTURE_TOP_KEYS, 'the top-level fields of the documented answer');
    assert.equal(body.status, 'ok', 'status ok');
    assert.equal(body.res_type, 'time_series', 'res_type');
    assert.equal(body.query, QUERY, 'the query echoed');
    assert.equal(body.from_date, FROM * 1000, 'from_date in ms');
    assert.equal(body.to_date, TO * 1000, 'to_date in ms');
    assert.deepEqual(body.group_by, ['region', 'service'], 'group_by from the `by {…}` clause');
    assert.equal(body.series.length, 2, 'one series per tag set');

    const [eu, us] = body.series;
    assert.deepEqual(Object.keys(eu).sort(), FIXTURE_SERIES_KEYS, 'the series fields of the documented answer');
    assert.equal(eu.scope, 'region:eu-west-1,service:checkout', 'scope is the comma-joined tags');
    assert.deepEqual(eu.tag_set, ['region:eu-west-1', 'service:checkout'], 'tag_set lists the tags');
    assert.equal(eu.metric, 'trace.http.request.errors', 'metric name');
    assert.equal(eu.aggr, 'sum', 'space aggregator');
    assert.equal(eu.expression, 'sum:trace.http.request.errors{region:eu-west-1,service:checkout}.as_rate()', 'expression for the scope');
    assert.equal(eu.interval, 60, 'interval 60 s');
    const times = eu.pointlist.map((p: [number, number]) => p[0]);
    assert.ok(times.length >= 5, `at least five points over 300 s (got ${times.length})`);
    assert.ok(times.every((ms: number) => ms % 60_000 === 0 && ms >= FROM * 1000 && ms <= TO * 1000), 'points are minute-aligned inside the window, in ms');
    assert.ok(times.every((ms: number, i: number) => i === 0 || ms - times[i - 1] === 60_000), 'one point per 60 s, oldest first');
    assert.ok(eu.pointlist.every((p: [number, number]) => p[1] === 2.5), 'a flat line at the value');
    assert.equal(eu.length, eu.pointlist.length, 'length counts the points');
    assert.equal(eu.start, times[0], 'start is the first point');
    assert.equal(eu.end, times[times.length - 1], 'end is the last point');
    assert.ok(us.pointlist.every((p: [number, number]) => p[1] === 0), 'a zero value stays a number');
  });

  test('setRange answers the points inside the window, in ms, oldest first, nulls kept', async (t) => {
    const fake = await fakeFor(t);
    fake.setRange(QUERY, [
      { tags: { region: 'eu-west-1' }, points: [[FROM + 120, 3], [FROM - 60, 1], [FROM, 2], [FROM + 60, null], [TO + 60, 9]] },
    ]);
    const reply = await query(fake, { from: FROM, to: TO, query: QUERY });
    assert.equal(reply.status, 200, 'answered 200');
    const [series] = reply.json.series;
    assert.deepEqual(series.pointlist, [[FROM * 1000, 2], [(FROM + 60) * 1000, null], [(FROM + 120) * 1000, 3]], 'window points only, sorted, ms');
    assert.equal(series.interval, 60, 'interval from the spacing');
    assert.equal(series.scope, 'region:eu-west-1', 'scope');
  });

  test('an ungrouped series has scope * and an empty tag_set; an unknown query has no series', async (t) => {
    const fake = await fakeFor(t);
    fake.setSeries('avg:system.cpu.idle{*}', [{ tags: {}, value: 91.5 }]);
    const cpu = await query(fake, { from: FROM, to: TO, query: 'avg:system.cpu.idle{*}' });
    assert.equal(cpu.json.series[0].scope, '*', 'scope *');
    assert.deepEqual(cpu.json.series[0].tag_set, [], 'empty tag_set');
    assert.deepEqual(cpu.json.group_by, [], 'no group_by');
    const unknown = await query(fake, { from: FROM, to: TO, query: 'sum:nobody.sends.this{*}' });
    assert.equal(unknown.status, 200, 'no data is not an error');
    assert.deepEqual(unknown.json.series, [], 'no series');
  });

  test('missing or bad parameters are 400 with an errors array; other paths are 404', async (t) => {
    const fake = await fakeFor(t);
    for (const [what, params] of [
      ['no query', { from: FROM, to: TO }],
      ['no from', { to: TO, query: QUERY }],
      ['from not a number', { from: 'yesterday', to: TO, query: QUERY }],
      ['from after to', { from: TO, to: FROM, query: QUERY }],
    ] as const) {
      const reply = await query(fake, params);
      assert.equal(reply.status, 400, `${what}: 400`);
      assert.ok(Array.isArray(reply.json.errors) && reply.json.errors.length > 0, `${what}: an errors array`);
    }
    const res = await fetch(`${fake.url}/api/v1/nothing`, { headers: { 'DD-API-KEY': fake.apiKey, 'DD-APPLICATION-KEY': fake.appKey } });
    assert.equal(res.status, 404, 'unknown path 404');
  });
});

describe('faults and the request log', () => {
  test('server_error answers 500 for `count` requests, then the fake recovers', async (t) => {
    const fake = await fakeFor(t);
    fake.failWith('server_error', 2);
    const params = { from: FROM, to: TO, query: QUERY };
    const first = await query(fake, params);
    assert.equal(first.status, 500, 'first 500');
    assert.ok(Array.isArray(first.json.errors), '500 carries an errors array');
    assert.equal((await query(fake, params, { api: 'wrong' })).status, 500, 'second 500, before the keys are checked');
    assert.equal((await query(fake, params)).status, 200, 'then 200');
  });

  test('rate_limited answers 429 with Datadog\'s X-RateLimit headers', async (t) => {
    const fake = await fakeFor(t);
    fake.failWith('rate_limited');
    const reply = await query(fake, { from: FROM, to: TO, query: QUERY });
    assert.equal(reply.status, 429, '429');
    assert.equal(reply.headers.get('x-ratelimit-remaining'), '0', 'nothing left');
    assert.equal(reply.headers.get('x-ratelimit-reset'), '60', 'reset in 60 s');
  });

  test('bad_request answers 400 with a query parse error, after the keys are checked', async (t) => {
    const fake = await fakeFor(t);
    fake.failWith('bad_request');
    assert.equal((await query(fake, { from: FROM, to: TO, query: QUERY }, { api: 'wrong' })).status, 403, 'wrong keys are still 403');
    const reply = await query(fake, { from: FROM, to: TO, query: QUERY });
    assert.equal(reply.status, 400, '400');
    assert.match(reply.json.errors[0], /^Error parsing query/, 'Datadog-style parse error');
    assert.equal((await query(fake, { from: FROM, to: TO, query: QUERY })).status, 200, 'one request only by default');
  });

  test('hang never answers; close() still ends; requests() records every call with its keys and status', async (t) => {
    const fake = await fakeFor(t);
    fake.failWith('hang');
    await assert.rejects(query(fake, { from: FROM, to: TO, query: QUERY }, {}, 200), (err: Error) => err.name === 'TimeoutError', 'the client gives up, the fake stays silent');
    assert.equal((await query(fake, { from: FROM, to: TO, query: QUERY })).status, 200, 'the next request is answered');
    const log = fake.requests();
    assert.equal(log.length, 2, 'two requests');
    assert.equal(log[0]?.status, null, 'the hung request has no status');
    assert.equal(log[1]?.status, 200, 'the second was answered 200');
    assert.equal(log[1]?.path, '/api/v1/query', 'path');
    assert.deepEqual(log[1]?.query, { from: String(FROM), to: String(TO), query: QUERY }, 'query parameters');
    assert.equal(log[1]?.apiKey, fake.apiKey, 'DD-API-KEY recorded');
    assert.equal(log[1]?.appKey, fake.appKey, 'DD-APPLICATION-KEY recorded');
    fake.failWith('hang', 0);
    assert.equal((await query(fake, { from: FROM, to: TO, query: QUERY })).status, 200, 'count 0 clears a fault');
  });
});
