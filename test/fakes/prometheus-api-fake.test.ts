// The Prometheus HTTP API fake, driven with plain fetch: its shapes and rules are Prometheus's documented ones.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { startPrometheusFake } from './prometheus-api-fake.js';
import type { PrometheusFake } from './prometheus-api-fake.js';

// Copied from the Prometheus docs and OpenAPI examples (shared fixtures prometheus-api-*.json), so
// that the tests need nothing outside the repository.
const DOCS_VECTOR = {
  status: 'success',
  data: { resultType: 'vector', result: [{ metric: { __name__: 'up', job: 'prometheus', instance: 'localhost:9090' }, value: [1435781451.781, '1'] }] },
};
const DOCS_MATRIX = {
  status: 'success',
  data: { resultType: 'matrix', result: [{ metric: { __name__: 'up', job: 'prometheus', instance: 'localhost:9090' }, values: [[1435781430.781, '1']] }] },
};
const DOCS_BAD_DATA_RANGE = 'end timestamp must not be before start time';
const DOCS_TSDB_NOT_READY = { status: 'error', errorType: 'internal', error: 'TSDB not ready' };

async function fakeFor(t: TestContext): Promise<PrometheusFake> {
  const fake = await startPrometheusFake();
  t.after(() => fake.close());
  return fake;
}

interface Reply {
  status: number;
  json: any;
  text: string;
  contentType: string | null;
}

async function get(fake: PrometheusFake, path: string, params: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(`${fake.url}${path}?${new URLSearchParams(params).toString()}`, { signal: AbortSignal.timeout(5_000) });
  return reply(res);
}

async function post(fake: PrometheusFake, path: string, params: Record<string, string>): Promise<Reply> {
  const res = await fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
    signal: AbortSignal.timeout(5_000),
  });
  return reply(res);
}

async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, json, text, contentType: res.headers.get('content-type') };
}

/** Same keys at every level as the documented example (values aside). */
function assertSameShape(actual: unknown, example: unknown, where: string): void {
  if (Array.isArray(example)) {
    assert.ok(Array.isArray(actual), `${where}: an array`);
    if (example.length > 0 && actual.length > 0) assertSameShape(actual[0], example[0], `${where}[0]`);
    return;
  }
  if (typeof example === 'object' && example !== null) {
    assert.ok(typeof actual === 'object' && actual !== null, `${where}: an object`);
    if (where.endsWith('.metric')) return; // labels differ per series
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(example).sort(), `${where}: the documented keys`);
    for (const key of Object.keys(example)) assertSameShape((actual as any)[key], (example as any)[key], `${where}.${key}`);
    return;
  }
  assert.equal(typeof actual, typeof example, `${where}: a ${typeof example}`);
}

const ERRORS = 'sum by (region, service) (rate(http_requests_total{code=~"5.."}[5m]))';

void describe('instant queries', () => {
  test('answers the series set for the exact query as a vector shaped like the docs', async (t) => {
    const fake = await fakeFor(t);
    fake.setSeries(ERRORS, [
      { labels: { region: 'eu-west-1', service: 'checkout' }, value: 4.5 },
      { labels: { region: 'us-east-1', service: 'checkout' }, value: 0 },
    ]);
    const r = await get(fake, '/api/v1/query', { query: ERRORS, time: '1767436620' });
    assert.equal(r.status, 200, 'success');
    assert.match(r.contentType ?? '', /^application\/json/, 'JSON');
    assertSameShape(r.json, DOCS_VECTOR, 'body');
    assert.deepEqual(
      r.json.data.result,
      [
        { metric: { region: 'eu-west-1', service: 'checkout' }, value: [1767436620, '4.5'] },
        { metric: { region: 'us-east-1', service: 'checkout' }, value: [1767436620, '0'] },
      ],
      'values as strings at the evaluation time',
    );
  });

  test('an unknown query answers an empty vector; the query must match exactly', async (t) => {
    const fake = await fakeFor(t);
    fake.setSeries('up', [{ labels: { job: 'x' }, value: 1 }]);
    const r = await get(fake, '/api/v1/query', { query: 'up ' });
    assert.equal(r.status, 200, 'success');
    assert.deepEqual(r.json, { status: 'success', data: { resultType: 'vector', result: [] } }, 'empty vector');
  });

  test('NaN and infinities are sent as Prometheus writes them', async (t) => {
    const fake = await fakeFor(t);
    fake.setSeries('q', [
      { labels: { a: '1' }, value: Number.NaN },
      { labels: { a: '2' }, value: Number.POSITIVE_INFINITY },
      { labels: { a: '3' }, value: Number.NEGATIVE_INFINITY },
    ]);
    const r = await get(fake, '/api/v1/query', { query: 'q' });
    assert.deepEqual(r.json.data.result.map((s: any) => s.value[1]), ['NaN', '+Inf', '-Inf'], 'special values');
    assert.equal(typeof r.json.data.result[0].value[0], 'number', 'the time defaults to now, in epoch seconds');
  });

  test('POST with a form body works like GET', async (t) => {
    const fake = await fakeFor(t);
    fake.setSeries('up', [{ labels: { job: 'node' }, value: 1 }]);
    const r = await post(fake, '/api/v1/query', { query: 'up', time: '2026-11-23T10:00:00Z' });
    assert.equal(r.status, 200, 'success');
    assert.deepEqual(r.json.data.result, [{ metric: { job: 'node' }, value: [Date.parse('2026-11-23T10:00:00Z') / 1000, '1'] }], 'RFC 3339 time accepted');
    const seen = fake.requests().at(-1);
    assert.equal(seen?.method, 'POST', 'recorded the method');
    assert.equal(seen?.params['query'], 'up', 'recorded the form fields');
  });

  test('parameter errors are 400 bad_data with Prometheus texts', async (t) => {
    const fake = await fakeFor(t);
    const missing = await get(fake, '/api/v1/query');
    assert.equal(missing.status, 400, 'no query');
    assert.deepEqual(Object.keys(missing.json).sort(), ['error', 'errorType', 'status'], 'the error envelope');
    assert.equal(missing.json.errorType, 'bad_data', 'bad_data');
    assert.match(missing.json.error, /invalid parameter "query"/, 'names the parameter');
    const time = await get(fake, '/api/v1/query', { query: 'up', time: 'yesterday' });
    assert.equal(time.json.error, 'invalid parameter "time": cannot parse "yesterday" to a valid timestamp', 'bad time');
  });
});

void describe('range queries', () => {
  test('answers the set range within [start, end] as a matrix shaped like the docs', async (t) => {
    const fake = await fakeFor(t);
    fake.setRange('up', [{ labels: { job: 'node' }, points: [[100, 1], [160, 0], [220, 1], [280, 1]] }]);
    const r = await get(fake, '/api/v1/query_range', { query: 'up', start: '150', end: '230', step: '60' });
    assert.equal(r.status, 200, 'success');
    assertSameShape(r.json, DOCS_MATRIX, 'body');
    assert.deepEqual(r.json.data.result, [{ metric: { job: 'node' }, values: [[160, '0'], [220, '1']] }], 'points inside the range only');
  });

  test('without a set range, the instant series is flat at every step', async (t) => {
    const fake = await fakeFor(t);
    fake.setSeries('up', [{ labels: { job: 'node' }, value: 2 }]);
    const r = await post(fake, '/api/v1/query_range', { query: 'up', start: '0', end: '120', step: '1m' });
    assert.deepEqual(r.json.data.result, [{ metric: { job: 'node' }, values: [[0, '2'], [60, '2'], [120, '2']] }], 'one point per step, duration step accepted');
  });

  test('range rules: end before start, bad or non-positive step, too many points', async (t) => {
    const fake = await fakeFor(t);
    const cases: [Record<string, string>, string][] = [
      [{ query: 'up', start: '200', end: '100', step: '15' }, DOCS_BAD_DATA_RANGE],
      [{ query: 'up', start: '0', end: '100', step: 'soon' }, 'invalid parameter "step": cannot parse "soon" to a valid duration'],
      [{ query: 'up', start: '0', end: '100', step: '0' }, 'zero or negative query resolution step widths are not accepted. Try a positive integer'],
      [{ query: 'up', start: '0', end: '100000', step: '1' }, 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)'],
      [{ query: 'up', end: '100', step: '1' }, 'invalid parameter "start": cannot parse "" to a valid timestamp'],
    ];
    for (const [params, error] of cases) {
      const r = await get(fake, '/api/v1/query_range', params);
      assert.equal(r.status, 400, `${JSON.stringify(params)}: 400`);
      assert.deepEqual(r.json, { status: 'error', errorType: 'bad_data', error }, `${JSON.stringify(params)}: the bad_data body`);
    }
  });
});

void describe('routes', () => {
  test('unknown paths are 404 and other methods 405', async (t) => {
    const fake = await fakeFor(t);
    const notFound = await get(fake, '/api/v1/labels');
    assert.equal(notFound.status, 404, 'unknown path');
    assert.equal(notFound.text, '404 page not found\n', "Prometheus's router text");
    const res = await fetch(`${fake.url}/api/v1/query?query=up`, { method: 'DELETE', signal: AbortSignal.timeout(5_000) });
    await res.text();
    assert.equal(res.status, 405, 'DELETE is not allowed');
  });
});

void describe('failures', () => {
  test('bad_data, timeout and unavailable answer the documented bodies, for `count` requests', async (t) => {
    const fake = await fakeFor(t);
    fake.setSeries('up', [{ labels: {}, value: 1 }]);
    const expected = [
      ['bad_data', 400, 'bad_data'],
      ['timeout', 503, 'timeout'],
      ['unavailable', 503, 'internal'],
    ] as const;
    for (const [kind, status, errorType] of expected) {
      fake.failWith(kind, 2);
      for (const n of [1, 2]) {
        const r = await get(fake, '/api/v1/query', { query: 'up' });
        assert.equal(r.status, status, `${kind} #${n}: status`);
        assert.equal(r.json.status, 'error', `${kind} #${n}: error status`);
        assert.equal(r.json.errorType, errorType, `${kind} #${n}: errorType`);
        assert.equal(typeof r.json.error, 'string', `${kind} #${n}: an error text`);
      }
      assert.equal((await get(fake, '/api/v1/query', { query: 'up' })).status, 200, `${kind}: answers again after 2 failures`);
    }
    fake.failWith('unavailable', 1);
    const tsdb = await get(fake, '/api/v1/query', { query: 'up' });
    assert.deepEqual(tsdb.json, DOCS_TSDB_NOT_READY, 'the documented TSDB-not-ready body');
  });

  test('without a count, failures last until recover()', async (t) => {
    const fake = await fakeFor(t);
    fake.failWith('unavailable');
    for (let i = 0; i < 3; i++) assert.equal((await get(fake, '/api/v1/query', { query: 'up' })).status, 503, `request ${i + 1} fails`);
    fake.recover();
    assert.equal((await get(fake, '/api/v1/query', { query: 'up' })).status, 200, 'answers after recover()');
  });

  test('hang never answers; the request is recorded as pending and close() still returns', async () => {
    const fake = await startPrometheusFake();
    fake.failWith('hang', 1);
    const pending = fetch(`${fake.url}/api/v1/query?query=up`).then(
      () => 'answered',
      () => 'connection lost',
    );
    const answered = await Promise.race([pending, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 200))]);
    assert.equal(answered, 'still waiting', 'no answer while hanging');
    assert.equal(fake.requests().at(-1)?.status, null, 'recorded, without a status');
    await fake.close();
    assert.equal(await pending, 'connection lost', 'close() drops the hanging connection');
  });

  test('requests() records every call in order', async (t) => {
    const fake = await fakeFor(t);
    await get(fake, '/api/v1/query', { query: 'a' });
    await post(fake, '/api/v1/query_range', { query: 'b', start: '0', end: '60', step: '15' });
    const seen = fake.requests();
    assert.deepEqual(
      seen.map((r) => [r.seq, r.method, r.path, r.params['query'], r.status]),
      [
        [1, 'GET', '/api/v1/query', 'a', 200],
        [2, 'POST', '/api/v1/query_range', 'b', 200],
      ],
      'seq, method, path, query and status',
    );
  });
});
