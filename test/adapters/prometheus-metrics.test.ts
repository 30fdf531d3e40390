// The Prometheus MetricsSource against the Prometheus API fake, over real HTTP.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { parsePrometheusAnswer, sampleValue, toSamples, toSeries } from '../../src/adapters/prometheus/parse.js';
import { createPrometheusMetrics, type PrometheusMetricsOptions } from '../../src/adapters/prometheus/prometheus-metrics.js';
import { MetricsUnavailableError } from '../../src/app/ports/metrics.js';
import { startPrometheusFake, type PrometheusFake } from '../fakes/prometheus-api-fake.js';

const ERRORS = 'sum by (region, service) (rate(http_requests_total{code=~"5.."}[5m]))';

async function fakeFor(t: TestContext): Promise<PrometheusFake> {
  const fake = await startPrometheusFake();
  t.after(() => fake.close());
  return fake;
}

/** Runs `fn`, which must fail with MetricsUnavailableError; returns the error. */
async function unavailable(fn: () => Promise<unknown>, what: string): Promise<MetricsUnavailableError> {
  try {
    await fn();
  } catch (err) {
    assert.ok(err instanceof MetricsUnavailableError, `${what}: a MetricsUnavailableError, got ${String(err)}`);
    assert.equal(err.code, 'metrics.unavailable', `${what}: the stable code`);
    assert.equal(err.source, 'prometheus', `${what}: the source`);
    assert.equal(err.message, `Prometheus ${err.reason}`, `${what}: the message names Prometheus`);
    return err;
  }
  assert.fail(`${what}: expected a failure`);
}

void describe('instant queries', () => {
  test('a vector becomes labelled samples; NaN and infinities become numbers', async (t) => {
    const fake = await fakeFor(t);
    fake.setSeries(ERRORS, [
      { labels: { region: 'eu-west-1', service: 'checkout' }, value: 4.5 },
      { labels: { region: 'us-east-1', service: 'checkout' }, value: Number.NaN },
      { labels: { region: 'ap-south-1', service: 'checkout' }, value: Number.POSITIVE_INFINITY },
    ]);
    const metrics = createPrometheusMetrics({ url: fake.url });
    assert.equal(metrics.name, 'prometheus', 'the source name');
    const before = Date.now() / 1000;
    const samples = await metrics.instant(ERRORS);
    assert.deepEqual(
      samples,
      [
        { labels: { region: 'eu-west-1', service: 'checkout' }, value: 4.5 },
        { labels: { region: 'us-east-1', service: 'checkout' }, value: Number.NaN },
        { labels: { region: 'ap-south-1', service: 'checkout' }, value: Number.POSITIVE_INFINITY },
      ],
      'labels and numeric values',
    );
    const [sent] = fake.requests();
    assert.equal(sent?.method, 'GET', 'a GET');
    assert.equal(sent?.path, '/api/v1/query', 'the instant endpoint');
    assert.equal(sent?.params['query'], ERRORS, 'the query, encoded and decoded intact');
    const time = Number(sent?.params['time']);
    assert.ok(time >= before - 1 && time <= Date.now() / 1000 + 1, `time is now in epoch seconds (${String(sent?.params['time'])})`);
  });

  test('an unknown query is an empty list; a trailing slash on the URL is tolerated', async (t) => {
    const fake = await fakeFor(t);
    const metrics = createPrometheusMetrics({ url: `${fake.url}/` });
    assert.deepEqual(await metrics.instant('nothing_here'), [], 'empty vector, no samples');
    assert.equal(fake.requests()[0]?.path, '/api/v1/query', 'no double slash');
  });
});

void describe('range queries', () => {
  test('a matrix becomes series of [epoch seconds, value], with start, end and step sent as epoch seconds', async (t) => {
    const fake = await fakeFor(t);
    fake.setRange(ERRORS, [
      { labels: { region: 'eu-west-1' }, points: [[1767433020, 0.5], [1767433080, Number.NaN], [1767433140, 2]] },
      { labels: { region: 'us-east-1' }, points: [[1767433080, 1]] },
    ]);
    const metrics = createPrometheusMetrics({ url: fake.url });
    const series = await metrics.range(ERRORS, new Date(1767433020_000), new Date(1767433140_000), 60);
    assert.deepEqual(
      series,
      [
        { labels: { region: 'eu-west-1' }, points: [[1767433020, 0.5], [1767433080, Number.NaN], [1767433140, 2]] },
        { labels: { region: 'us-east-1' }, points: [[1767433080, 1]] },
      ],
      'labelled series, oldest point first',
    );
    const sent = fake.requests()[0];
    assert.equal(sent?.path, '/api/v1/query_range', 'the range endpoint');
    assert.deepEqual([sent?.params['start'], sent?.params['end'], sent?.params['step']], ['1767433020', '1767433140', '60'], 'epoch seconds and step seconds');
  });
});

void describe('answers read by parse.ts', () => {
  test('a scalar is one sample without labels; values in Prometheus float text', () => {
    const answer = parsePrometheusAnswer('{"status":"success","data":{"resultType":"scalar","result":[1767436620,"0.25"]}}');
    assert.equal(answer.ok, true, 'a success');
    assert.deepEqual(answer.ok === true ? toSamples(answer.data) : null, [{ labels: {}, value: 0.25 }], 'one sample, empty labels');
    assert.deepEqual(answer.ok === true ? toSeries(answer.data) : 'x', null, 'not a range answer');
    assert.deepEqual(['1', '1e-05', 'NaN', '+Inf', '-Inf', ''].map(sampleValue), [1, 0.00001, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN], 'float text');
  });

  test('the documented vector and matrix examples parse; error bodies and foreign bodies are told apart', () => {
    const vector = parsePrometheusAnswer(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: { __name__: 'up', job: 'node', instance: 'localhost:9100' }, value: [1435781451.781, '0'] }] } }));
    assert.deepEqual(vector.ok === true ? toSamples(vector.data) : null, [{ labels: { __name__: 'up', job: 'node', instance: 'localhost:9100' }, value: 0 }], 'docs vector');
    const matrix = parsePrometheusAnswer(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: { job: 'node' }, values: [[1435781445.781, '0'], [1435781430.781, '1']] }] } }));
    assert.deepEqual(matrix.ok === true ? toSeries(matrix.data) : null, [{ labels: { job: 'node' }, points: [[1435781430.781, 1], [1435781445.781, 0]] }], 'docs matrix, sorted oldest first');
    const histogram = parsePrometheusAnswer(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [{ metric: {}, histogram: [1, {}] }] } }));
    assert.deepEqual(histogram.ok === true ? toSamples(histogram.data) : null, [], 'native-histogram samples are skipped');
    assert.deepEqual(parsePrometheusAnswer('{"status":"error","data":null,"errorType":"bad_data","error":"end timestamp must not be before start time"}'), { ok: false, errorType: 'bad_data', error: 'end timestamp must not be before start time' }, 'client_golang bad_data body');
    assert.equal(parsePrometheusAnswer('<html>502 Bad Gateway</html>').ok, null, 'HTML is not an answer');
    assert.equal(parsePrometheusAnswer('{"data":{}}').ok, null, 'JSON without status is not an answer');
  });
});

void describe('failures', () => {
  test('bad_data: unavailable with Prometheus’s text, and the breaker stays closed', async (t) => {
    const fake = await fakeFor(t);
    const metrics = createPrometheusMetrics({ url: fake.url, breaker: { failures: 2 } });
    fake.failWith('bad_data', 3);
    for (let i = 1; i <= 3; i++) {
      const err = await unavailable(() => metrics.instant('up'), `bad_data #${i}`);
      assert.equal(err.reason, 'answered bad_data: invalid parameter "query": 1:1: parse error: unexpected end of input', `bad_data #${i}: the reason`);
    }
    const real = await unavailable(() => metrics.range('up', new Date(200_000), new Date(100_000), 15), 'end before start');
    assert.equal(real.reason, 'answered bad_data: end timestamp must not be before start time', 'the fake’s own range check');
    assert.deepEqual(await metrics.instant('up'), [], 'a refused query is not an outage: still called');
    assert.equal(fake.requests().length, 5, 'every call reached Prometheus');
  });

  test('503 answers (timeout, TSDB not ready) are unavailable', async (t) => {
    const fake = await fakeFor(t);
    const metrics = createPrometheusMetrics({ url: fake.url });
    fake.failWith('timeout', 1);
    assert.equal((await unavailable(() => metrics.instant('up'), '503 timeout')).reason, 'answered timeout: query timed out in expression evaluation (HTTP 503)', 'timeout body');
    fake.failWith('unavailable', 1);
    assert.equal((await unavailable(() => metrics.range('up', new Date(0), new Date(60_000), 15), '503 internal')).reason, 'answered internal: TSDB not ready (HTTP 503)', 'TSDB not ready body');
  });

  test('a hanging Prometheus times out', async (t) => {
    const fake = await fakeFor(t);
    const metrics = createPrometheusMetrics({ url: fake.url, timeoutMs: 300 });
    fake.failWith('hang', 1);
    assert.equal((await unavailable(() => metrics.instant('up'), 'hang')).reason, 'timed out after 300 ms', 'the timeout reason');
    fake.failWith('hang', 1);
    const whole = createPrometheusMetrics({ url: fake.url, timeoutMs: 1000 });
    assert.equal((await unavailable(() => whole.instant('up'), 'hang, whole seconds')).reason, 'timed out after 1 s', 'whole seconds read as seconds');
  });

  test('unreachable and foreign answers are unavailable', async (t) => {
    const fake = await fakeFor(t);
    const wrongPath = createPrometheusMetrics({ url: `${fake.url}/prometheus` });
    assert.equal((await unavailable(() => wrongPath.instant('up'), 'wrong base path')).reason, 'answered HTTP 404', '404 page');

    const proxy = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>'));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise<void>((resolve) => proxy.close(() => resolve())));
    const viaProxy = createPrometheusMetrics({ url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` });
    assert.equal((await unavailable(() => viaProxy.instant('up'), 'HTML page')).reason, 'answered HTTP 200 with a body that is not JSON', 'HTML is not an answer');

    const closed = await startPrometheusFake();
    await closed.close();
    const gone = createPrometheusMetrics({ url: closed.url });
    assert.match((await unavailable(() => gone.instant('up'), 'refused')).reason, /^unreachable: fetch failed \(ECONNREFUSED\)$/, 'connection refused');
  });
});

void describe('circuit breaker', () => {
  const options = (fake: PrometheusFake): PrometheusMetricsOptions => ({ url: fake.url, timeoutMs: 300, breaker: { failures: 3, halfOpenAfterMs: 1000 } });

  test('opens after N outages in a row, fails fast without calling, and recovers after halfOpenAfterMs', async (t) => {
    const fake = await fakeFor(t);
    fake.setSeries('up', [{ labels: { job: 'node' }, value: 1 }]);
    const metrics = createPrometheusMetrics(options(fake));
    fake.failWith('unavailable');
    for (let i = 1; i <= 3; i++) await unavailable(() => metrics.instant('up'), `outage #${i}`);
    assert.equal(fake.requests().length, 3, 'three calls reached Prometheus');

    fake.recover();
    const open = await unavailable(() => metrics.instant('up'), 'while open');
    assert.match(open.reason, /^circuit breaker open \(3 failures in a row, last: answered internal: TSDB not ready \(HTTP 503\); next try in 1 s\)$/, 'says why and when');
    await unavailable(() => metrics.range('up', new Date(0), new Date(60_000), 15), 'range while open');
    assert.equal(fake.requests().length, 3, 'no call while open');

    await sleep(1100);
    assert.deepEqual(await metrics.instant('up'), [{ labels: { job: 'node' }, value: 1 }], 'the trial call after halfOpenAfterMs succeeds');
    assert.equal((await metrics.instant('up')).length, 1, 'closed again');
    assert.equal(fake.requests().length, 5, 'calls reach Prometheus again');
  });

  test('timeouts count; a failed trial call opens it again', async (t) => {
    const fake = await fakeFor(t);
    const metrics = createPrometheusMetrics(options(fake));
    fake.failWith('hang', 3);
    for (let i = 1; i <= 3; i++) assert.equal((await unavailable(() => metrics.instant('up'), `hang #${i}`)).reason, 'timed out after 300 ms', `hang #${i}`);
    assert.match((await unavailable(() => metrics.instant('up'), 'open')).reason, /^circuit breaker open \(.*last: timed out after 300 ms;/, 'open after timeouts');

    await sleep(1100);
    fake.failWith('unavailable', 1);
    await unavailable(() => metrics.instant('up'), 'failed trial');
    const before = fake.requests().length;
    assert.match((await unavailable(() => metrics.instant('up'), 'open again')).reason, /^circuit breaker open/, 'open again after the failed trial');
    assert.equal(fake.requests().length, before, 'no call while open again');
    await sleep(1100);
    assert.deepEqual(await metrics.instant('up'), [], 'recovers');
  });

  test('successes reset the count: outages must be consecutive', async (t) => {
    const fake = await fakeFor(t);
    const metrics = createPrometheusMetrics(options(fake));
    for (let round = 0; round < 3; round++) {
      fake.failWith('unavailable', 2);
      for (let i = 0; i < 2; i++) await unavailable(() => metrics.instant('up'), `round ${round}, outage ${i + 1}`);
      assert.deepEqual(await metrics.instant('up'), [], `round ${round}: still closed`);
    }
    assert.equal(fake.requests().length, 9, 'every call reached Prometheus');
  });
});
