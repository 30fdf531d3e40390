/**
 * At least 10 000 generated malformed inputs per webhook route, correctly authenticated so that
 * they reach the parser, over real HTTP (keep-alive, 16 at a time): never a 5xx, every 4xx names
 * its reason, the process stays alive, no prototype is polluted, and the event loop keeps up.
 * Prints counts, duration and event-loop lag per route for the closing note.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, before, test } from 'node:test';
import { request } from '../helpers/http.js';
import { malformedInputs, type MalformedInput } from './malformed-generator.js';
import { PROVIDERS, startHarness, validDelivery, type Harness, type Provider } from './security-harness.js';

const PER_ROUTE = Number(process.env.SECURITY_FUZZ_COUNT ?? 10_000);
const CONCURRENCY = 16;
const SEED = 0x5ec0_0008;
const LIMIT: Record<Provider, number> = { pagerduty: 1024 * 1024, opsgenie: 1024 * 1024, datadog: 1024 * 1024, alertmanager: 16 * 1024 * 1024 };

let h: Harness;
before(async () => {
  h = await startHarness({ slack: false });
});
after(async () => {
  agent.destroy();
  await h.stop();
});

/** Valid deliveries to mutate: the captured fixtures and the builders' payloads. */
function validBodies(provider: Provider): string[] {
  const dir = new URL(`../fixtures/${provider}/`, import.meta.url);
  const fixtures = readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json') && !f.startsWith('signed-'))
    .map((f) => readFileSync(new URL(f, dir), 'utf8'));
  return [...fixtures, validDelivery(provider, `fuzz-${provider}`)];
}

interface Tally {
  readonly statuses: Map<number, number>;
  readonly kinds: Map<string, number>;
  failures: string[];
}

// Plain node:http with keep-alive: fetch's per-request cost would dominate 40 000 requests.
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function post(provider: Provider, input: MalformedInput, attempt = 1): Promise<{ status: number; text: string; json: { error?: unknown } | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${h.base}/webhooks/${provider}`,
      { method: 'POST', agent, timeout: 30_000, headers: { 'content-type': input.contentType, 'content-length': input.body.length, ...h.webhookAuth(provider, input.body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: { error?: unknown } | undefined;
          try {
            json = JSON.parse(text) as { error?: unknown };
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
    req.on('error', (err: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed (idle timeout) just as this request reused it: the
      // request never reached Warroom. Node's documented answer is to send it again once.
      if (req.reusedSocket && err.code === 'ECONNRESET' && attempt === 1) post(provider, input, 2).then(resolve, reject);
      else reject(err);
    });
    req.end(input.body);
  });
}

async function send(provider: Provider, input: MalformedInput, tally: Tally): Promise<void> {
  const r = await post(provider, input);
  tally.statuses.set(r.status, (tally.statuses.get(r.status) ?? 0) + 1);
  tally.kinds.set(input.kind, (tally.kinds.get(input.kind) ?? 0) + 1);
  const reasonless = r.status >= 400 && r.status < 500 && !(typeof r.json?.error === 'string' && r.json.error.length > 0);
  if (r.status >= 500 || r.status < 200 || (r.status >= 300 && r.status < 400) || reasonless) {
    tally.failures.push(`${input.kind}: ${r.status} ${r.text.slice(0, 200)} for ${input.body.subarray(0, 200).toString('utf8')}`);
  }
}

const ms = (ns: number) => Math.round(ns / 1e5) / 10;

for (const [index, provider] of PROVIDERS.entries()) {
  test(`${PER_ROUTE} malformed ${provider} deliveries: no 5xx, a reason for every 4xx, the loop keeps up`, async () => {
    const inputs = malformedInputs(validBodies(provider), SEED + index, PER_ROUTE, LIMIT[provider]);
    const tally: Tally = { statuses: new Map(), kinds: new Map(), failures: [] };
    // Measured inside the Warroom process (in-process start), test client included: an upper bound.
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < inputs.length) {
          const input = inputs[next++] as MalformedInput;
          await send(provider, input, tally);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    lag.disable();
    const statuses = Object.fromEntries([...tally.statuses].sort(([a], [b]) => a - b));
    console.log(
      `[security] ${provider}: ${inputs.length} malformed inputs in ${seconds.toFixed(1)} s (${Math.round(inputs.length / seconds)}/s), statuses ${JSON.stringify(statuses)}, ` +
        `event-loop lag p50 ${ms(lag.percentile(50))} ms, p99 ${ms(lag.percentile(99))} ms, max ${ms(lag.max)} ms; kinds ${JSON.stringify(Object.fromEntries(tally.kinds))}`,
    );
    assert.deepEqual(tally.failures.slice(0, 10), [], `${provider}: ${tally.failures.length} answers were a 5xx or a 4xx without a reason`);
    assert.equal([...tally.statuses.values()].reduce((a, b) => a + b, 0), PER_ROUTE, `${provider}: every input was answered`);
    assert.equal(({} as Record<string, unknown>).polluted, undefined, `${provider}: Object.prototype is not polluted`);
    assert.equal((await request(h.base, '/healthz')).status, 200, `${provider}: the process is alive`);
    assert.equal((await request(h.base, '/readyz')).status, 200, `${provider}: the process is ready`);
    // Generous, and on p99: a lone spike (GC, a loaded CI machine; up to ~0.7 s seen) is printed, not failed.
    assert.ok(lag.percentile(99) < 1e9, `${provider}: event-loop lag p99 ${ms(lag.percentile(99))} ms stays under 1 s`);
  });
}

// Found by the generator above: these gave 500 (jsonb refuses a lone surrogate; a btree entry over ~2.7 kB).
test('lone surrogates are stored as U+FFFD, and over-long ids are a 400 naming the field', async () => {
  for (const provider of ['pagerduty', 'opsgenie'] as const) {
    const surrogate = validDelivery(provider, `lone-\ud800-${provider}`, 'Title \udfff here');
    const stored = await request(h.base, `/webhooks/${provider}`, { method: 'POST', body: surrogate, headers: { 'content-type': 'application/json', ...h.webhookAuth(provider, surrogate) } });
    assert.equal(stored.status, 202, `${provider}, lone surrogate: ${stored.text}`);
    assert.match(stored.json.deliveryId as string, /lone-\uFFFD-/, `${provider}: the id is kept, cleaned`);
    const long = validDelivery(provider, 'x'.repeat(100_000));
    const refused = await request(h.base, `/webhooks/${provider}`, { method: 'POST', body: long, headers: { 'content-type': 'application/json', ...h.webhookAuth(provider, long) } });
    assert.equal(refused.status, 400, `${provider}, id of 100 000 characters: ${refused.text}`);
    assert.match(refused.json.error as string, /too long/, `${provider}: the reason names the problem`);
  }
});
