// The Datadog metrics adapter: the real @datadog/datadog-api-client talking over HTTP to the Datadog fake.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { datadogErrors, seriesLabels, seriesPoints } from '../../src/adapters/datadog/datadog-metrics-read.js';
import { createDatadogMetrics } from '../../src/adapters/datadog/datadog-metrics.js';
import type { DatadogMetricsOptions } from '../../src/adapters/datadog/datadog-metrics.js';
import { MetricsUnavailableError } from '../../src/app/ports/metrics.js';
import type { MetricsSource } from '../../src/app/ports/metrics.js';
import { startDatadogFake } from '../fakes/datadog-api-fake.js';
import type { DatadogFake } from '../fakes/datadog-api-fake.js';

const ERRORS = 'sum:trace.http.request.errors{*} by {region,service}.as_rate()';
const NOW = 1_700_000_040; // epoch seconds, minute-aligned
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MODULE = new URL('../../src/adapters/datadog/datadog-metrics.ts', import.meta.url).href;

async function fakeFor(t: TestContext): Promise<DatadogFake> {
  const fake = await startDatadogFake();
  t.after(() => fake.close());
  return fake;
}

function sourceFor(fake: DatadogFake, options: Partial<DatadogMetricsOptions> = {}): Promise<MetricsSource> {
  return createDatadogMetrics({ apiKey: fake.apiKey, appKey: fake.appKey, apiUrl: fake.url, timeoutMs: 2_000, now: () => new Date(NOW * 1000), ...options });
}

/** Runs `fn`, expecting a MetricsUnavailableError from Datadog; returns it. */
async function unavailable(what: string, fn: () => Promise<unknown>): Promise<MetricsUnavailableError> {
  try {
    await fn();
  } catch (err) {
    assert.ok(err instanceof MetricsUnavailableError, `${what}: a MetricsUnavailableError (got ${String(err)})`);
    assert.equal(err.source, 'datadog', `${what}: from Datadog`);
    assert.equal(err.code, 'metrics.unavailable', `${what}: the stable code`);
    assert.equal(err.message, `Datadog ${err.reason}`, `${what}: the message is "Datadog <reason>"`);
    return err;
  }
  assert.fail(`${what}: expected MetricsUnavailableError, but the call succeeded`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('loading', () => {
  test('importing datadog-metrics.ts does not load the client; createDatadogMetrics does', async () => {
    // A fresh process, so nothing else has loaded the client yet; the client is CommonJS, so loading it fills require.cache.
    const script = `
      const { createRequire } = await import('node:module');
      const cache = createRequire(${JSON.stringify(`${ROOT}x.js`)}).cache;
      const loaded = () => Object.keys(cache).some((k) => k.includes('@datadog/datadog-api-client'));
      const mod = await import(${JSON.stringify(MODULE)});
      const afterImport = loaded();
      await mod.createDatadogMetrics({ apiKey: 'k'.repeat(32), appKey: 'a'.repeat(40), apiUrl: 'http://127.0.0.1:9' });
      console.log(JSON.stringify({ afterImport, afterCreate: loaded() }));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, timeout: 240_000 });
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
    assert.equal(result.afterImport, false, 'importing the adapter module leaves the client unloaded');
    assert.equal(result.afterCreate, true, 'createDatadogMetrics loads it (so the check above can see a load)');
  });
});

describe('queries', () => {
  test('instant: the last value of each series over the last 5 minutes, labelled from the tag sets', async (t) => {
    const fake = await fakeFor(t);
    fake.setSeries(ERRORS, [
      { tags: { region: 'eu-west-1', service: 'checkout' }, value: 12.5 },
      { tags: { region: 'us-east-1', service: 'checkout' }, value: 0 },
    ]);
    const source = await sourceFor(fake);
    assert.equal(source.name, 'datadog', 'named datadog');
    const samples = await source.instant(ERRORS);
    assert.deepEqual(
      samples,
      [
        { labels: { region: 'eu-west-1', service: 'checkout' }, value: 12.5 },
        { labels: { region: 'us-east-1', service: 'checkout' }, value: 0 },
      ],
      'one labelled sample per series',
    );
    const [request] = fake.requests();
    assert.equal(request?.path, '/api/v1/query', 'v1 query endpoint');
    assert.deepEqual(request?.query, { from: String(NOW - 300), to: String(NOW), query: ERRORS }, 'the last 300 s, in epoch seconds');
    assert.equal(request?.apiKey, fake.apiKey, 'DD-API-KEY sent');
    assert.equal(request?.appKey, fake.appKey, 'DD-APPLICATION-KEY sent');
  });

  test('instant: null points are skipped, a series with no data is left out, an ungrouped series has no labels', async (t) => {
    const fake = await fakeFor(t);
    fake.setRange(ERRORS, [
      { tags: { region: 'eu-west-1', service: 'checkout' }, points: [[NOW - 180, 1], [NOW - 120, 4], [NOW - 60, null], [NOW, null]] },
      { tags: { region: 'ap-south-1', service: 'checkout' }, points: [[NOW - 60, null]] },
    ]);
    fake.setSeries('avg:system.cpu.idle{*}', [{ tags: {}, value: 91.5 }]);
    const source = await sourceFor(fake);
    assert.deepEqual(await source.instant(ERRORS), [{ labels: { region: 'eu-west-1', service: 'checkout' }, value: 4 }], 'the newest non-null point; the empty series is gone');
    assert.deepEqual(await source.instant('avg:system.cpu.idle{*}'), [{ labels: {}, value: 91.5 }], 'scope * gives no labels');
    assert.deepEqual(await source.instant('sum:nobody.sends.this{*}'), [], 'no data, no samples');
  });

  test('range: the points of each series in [start, end] as [epoch seconds, value], oldest first', async (t) => {
    const fake = await fakeFor(t);
    const start = NOW - 1800;
    fake.setRange(ERRORS, [
      { tags: { region: 'eu-west-1', service: 'checkout' }, points: [[start + 120, 3], [start, 1], [start + 60, null], [start + 180, 4], [start - 60, 99]] },
      { tags: { region: 'us-east-1', service: 'checkout' }, points: [[start, 0.5]] },
    ]);
    const source = await sourceFor(fake);
    const series = await source.range(ERRORS, new Date(start * 1000), new Date(NOW * 1000), 60);
    assert.deepEqual(
      series,
      [
        { labels: { region: 'eu-west-1', service: 'checkout' }, points: [[start, 1], [start + 120, 3], [start + 180, 4]] },
        { labels: { region: 'us-east-1', service: 'checkout' }, points: [[start, 0.5]] },
      ],
      'points in seconds, sorted, nulls and out-of-window points left out',
    );
    assert.deepEqual(fake.requests()[0]?.query, { from: String(start), to: String(NOW), query: ERRORS }, 'from/to are the range in epoch seconds');
    await assert.rejects(source.range(ERRORS, new Date(NOW * 1000), new Date(start * 1000), 60), RangeError, 'start after end is a programming error');
    await assert.rejects(source.range(ERRORS, new Date(start * 1000), new Date(NOW * 1000), 0), RangeError, 'a step of 0 is a programming error');
  });

  test('reads the documented v1 answer and the documented 400 body (shared fixtures)', async (t) => {
    // Trimmed copies of ../shared/fixtures/datadog-api-v1-query-response.json and datadog-api-v2-query-timeseries-400-response.json.
    const answer = {
      status: 'ok', resp_version: 1, res_type: 'time_series', query: 'system.cpu.idle{*}', message: '', from_date: 1641343852000, to_date: 1641430252000, group_by: [], times: [], values: [],
      series: [{
        end: 1641430499000, attributes: {}, metric: 'system.cpu.idle', interval: 300, tag_set: [], start: 1641344100000, length: 3, query_index: 0, aggr: null, scope: '*',
        pointlist: [[1641429600000, 92.26399639354032], [1641429900000, 92.05671568477855], [1641430200000, 92.57754687873684]],
        expression: 'system.cpu.idle{*}', unit: [{ family: 'percentage', scale_factor: 1, name: 'percent', short_name: '%', plural: 'percent', id: 17 }, null], display_name: 'system.cpu.idle',
      }],
    };
    const refusal = { errors: ['API input validation failed: Invalid type. Expected "timeseries_request".'] };
    let status = 200;
    const server = createServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status === 200 ? answer : refusal));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const source = await createDatadogMetrics({ apiKey: 'k'.repeat(32), appKey: 'a'.repeat(40), apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    assert.deepEqual(await source.instant('system.cpu.idle{*}'), [{ labels: {}, value: 92.57754687873684 }], 'the last point of the documented answer');
    const series = await source.range('system.cpu.idle{*}', new Date(1641343852000), new Date(1641430252000), 300);
    assert.deepEqual(series[0]?.points[0], [1641429600, 92.26399639354032], 'points converted from ms to s');
    status = 400;
    const err = await unavailable('documented 400', () => source.instant('system.cpu.idle{*}'));
    assert.equal(err.reason, 'answered 400: API input validation failed: Invalid type. Expected "timeseries_request".', 'the reason quotes Datadog');
  });
});

describe('failures', () => {
  test('wrong keys: unavailable, answered 403 with a hint, never the keys; no retry', async (t) => {
    const fake = await fakeFor(t);
    fake.setSeries(ERRORS, [{ tags: { region: 'eu-west-1' }, value: 1 }]);
    const wrongApi = '0123456789abcdef0123456789abcdef';
    const wrongApp = 'fedcba9876543210fedcba9876543210fedcba98';
    const source = await sourceFor(fake, { apiKey: wrongApi, appKey: wrongApp });
    const err = await unavailable('wrong keys', () => source.instant(ERRORS));
    assert.match(err.reason, /^answered 403: Forbidden/, 'says Datadog refused');
    assert.match(err.reason, /DATADOG_API_KEY and DATADOG_APP_KEY/, 'names the settings to check');
    for (const secret of [wrongApi, wrongApp, fake.apiKey, fake.appKey]) {
      assert.ok(!err.message.includes(secret) && !String(err.stack).includes(secret), 'no key in the message or stack');
    }
    assert.equal(fake.requests().length, 1, 'asked once');
  });

  test('a bad query: unavailable with Datadog\'s words', async (t) => {
    const fake = await fakeFor(t);
    fake.failWith('bad_request');
    const source = await sourceFor(fake);
    const err = await unavailable('bad query', () => source.instant('sum:{{'));
    assert.match(err.reason, /^answered 400: Error parsing query/, 'answered 400 with the parse error');
  });

  test('5xx and 429: unavailable after one request each (the client does not retry)', async (t) => {
    const fake = await fakeFor(t);
    const source = await sourceFor(fake);
    fake.failWith('server_error');
    assert.equal((await unavailable('500', () => source.instant(ERRORS))).reason, 'answered 500: Internal Server Error', '500 reason');
    fake.failWith('rate_limited');
    assert.match((await unavailable('429', () => source.range(ERRORS, new Date((NOW - 600) * 1000), new Date(NOW * 1000), 60))).reason, /^answered 429: Rate limit/, '429 reason');
    assert.equal(fake.requests().length, 2, 'one request per call');
  });

  test('a hang: unavailable after timeoutMs', async (t) => {
    const fake = await fakeFor(t);
    fake.failWith('hang');
    const source = await sourceFor(fake, { timeoutMs: 300 });
    const started = Date.now();
    const err = await unavailable('hang', () => source.instant(ERRORS));
    assert.equal(err.reason, 'did not answer within 300 ms', 'names the deadline');
    assert.ok(Date.now() - started < 5_000, 'gave up at the deadline, not the default 5 s');
  });

  test('nobody listening: unavailable, cannot be reached', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const source = await createDatadogMetrics({ apiKey: 'k'.repeat(32), appKey: 'a'.repeat(40), apiUrl: `http://127.0.0.1:${port}` });
    const err = await unavailable('refused', () => source.instant(ERRORS));
    assert.equal(err.reason, 'cannot be reached (ECONNREFUSED)', 'names the network error');
  });
});

describe('circuit breaker', () => {
  test('opens after 5 outages in a row, stops asking, then lets one call through after halfOpenAfterMs and closes on success', async (t) => {
    const fake = await fakeFor(t);
    fake.setSeries(ERRORS, [{ tags: { region: 'eu-west-1' }, value: 7 }]);
    const source = await sourceFor(fake, { breaker: { halfOpenAfterMs: 300 } });
    fake.failWith('server_error', Infinity);
    for (let i = 1; i <= 5; i += 1) {
      assert.match((await unavailable(`outage ${i}`, () => source.instant(ERRORS))).reason, /^answered 500/, `outage ${i} is the 500`);
    }
    const open = await unavailable('open', () => source.instant(ERRORS));
    assert.match(open.reason, /circuit open/, 'says the circuit is open');
    assert.match(open.reason, /last: answered 500/, 'and why');
    assert.equal(fake.requests().length, 5, 'an open circuit does not call Datadog');

    fake.failWith('server_error', 0);
    await sleep(350);
    assert.deepEqual(await source.instant(ERRORS), [{ labels: { region: 'eu-west-1' }, value: 7 }], 'the trial call after halfOpenAfterMs succeeds');
    assert.deepEqual(await source.instant(ERRORS), [{ labels: { region: 'eu-west-1' }, value: 7 }], 'and the circuit is closed again');
    assert.equal(fake.requests().length, 7, 'both calls reached Datadog');
  });

  test('a failed trial opens it again at once; failures is tunable', async (t) => {
    const fake = await fakeFor(t);
    const source = await sourceFor(fake, { timeoutMs: 200, breaker: { failures: 2, halfOpenAfterMs: 200 } });
    fake.failWith('hang', 2);
    await unavailable('timeout 1', () => source.instant(ERRORS));
    await unavailable('timeout 2', () => source.instant(ERRORS));
    assert.match((await unavailable('open after 2', () => source.instant(ERRORS))).reason, /circuit open.*last: did not answer within 200 ms/, 'open after two timeouts');
    fake.failWith('server_error', 1);
    await sleep(250);
    assert.match((await unavailable('trial', () => source.instant(ERRORS))).reason, /^answered 500/, 'the trial call fails');
    assert.match((await unavailable('reopened', () => source.instant(ERRORS))).reason, /circuit open/, 'the circuit is open again');
    assert.equal(fake.requests().length, 3, 'two timeouts and one trial reached Datadog');
  });

  test('refusals (4xx) do not open it: Datadog is answering', async (t) => {
    const fake = await fakeFor(t);
    fake.setSeries(ERRORS, [{ tags: { region: 'eu-west-1' }, value: 1 }]);
    const source = await sourceFor(fake, { breaker: { failures: 2 } });
    fake.failWith('bad_request', 4);
    for (let i = 1; i <= 4; i += 1) assert.match((await unavailable(`refusal ${i}`, () => source.instant(ERRORS))).reason, /^answered 400/, `refusal ${i}`);
    assert.equal((await source.instant(ERRORS)).length, 1, 'the next call goes through');
  });
});

describe('reading answers', () => {
  test('labels come from tag_set, else from scope; values may hold colons', () => {
    assert.deepEqual(seriesLabels({ tagSet: ['region:eu-west-1', 'service:checkout'], scope: 'ignored:x' }), { region: 'eu-west-1', service: 'checkout' }, 'tag_set wins');
    assert.deepEqual(seriesLabels({ tagSet: [], scope: 'region:eu-west-1,service:checkout' }), { region: 'eu-west-1', service: 'checkout' }, 'scope when tag_set is empty');
    assert.deepEqual(seriesLabels({ scope: '*' }), {}, 'scope * has no labels');
    assert.deepEqual(seriesLabels({ tagSet: ['url:https://example.com:8443/x', 'canary'] }), { url: 'https://example.com:8443/x', canary: '' }, 'first colon splits; a bare tag has an empty value');
  });

  test('points: ms to s, nulls dropped, sorted', () => {
    assert.deepEqual(seriesPoints({ pointlist: [[2000, 2], [1000, 1], [3000, null]] }), [[1, 1], [2, 2]], 'converted and cleaned');
    assert.deepEqual(seriesPoints({}), [], 'no pointlist, no points');
  });

  test('error bodies: errors arrays, wrapped bodies of unmodelled statuses, plain text', () => {
    assert.equal(datadogErrors({ errors: ['Forbidden'] }), 'Forbidden', 'a deserialized errors array');
    assert.equal(datadogErrors('Unknown API Status Code!\nBody: "{"errors":["Internal Server Error"]}"'), 'Internal Server Error', 'the client\'s wrapper around a 5xx body');
    assert.equal(datadogErrors('Unknown API Status Code!\nBody: "<html>\n<body>Bad Gateway</body></html>"'), '<html> <body>Bad Gateway</body></html>', 'a proxy page, whitespace folded');
    assert.equal(datadogErrors(undefined), '', 'nothing to say');
    assert.equal(datadogErrors('x'.repeat(500)).length, 300, 'cut to 300 characters');
  });
});
