/**
 * What the fault tests share: senders that behave like the providers (retry on 5xx, 429 and
 * connection errors, with backoff), a seeded random source, and two-process start-up.
 */
import { request as httpRequest } from 'node:http';
import { freePort } from '../../src/adapters/postgres/embedded-postgres.js';
import { request, waitFor } from '../helpers/http.js';
import { spawnWarroom, type WarroomProcess } from '../helpers/warroom-process.js';
export { mulberry32 as seededRandom } from '../../src/sandbox/seeded-random.js';

export interface Posted {
  readonly status: number;
  readonly body: string;
}

/** One POST on a fresh connection (no keep-alive), so a refused connection is told apart from a failed request. */
export function postFresh(base: string, path: string, headers: Record<string, string>, body: string, timeoutMs = 15_000): Promise<Posted> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', agent: false, headers: { ...headers, 'content-length': Buffer.byteLength(body) }, timeout: timeoutMs },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}

export interface DeliveryOutcome {
  /** The final answer (2xx), after `attempts` tries. */
  readonly status: number;
  readonly attempts: number;
  /** Answers that asked for a retry (5xx, 429) and errors before an answer, in order. */
  readonly retries: readonly string[];
}

/**
 * Delivers like PagerDuty, Opsgenie, Datadog and Alertmanager do: a 5xx, a 429 or a connection
 * error is retried with growing backoff (0.25 s doubling to 4 s), until a 2xx or the deadline.
 * `pickBase` chooses the replica for each try (a load balancer).
 */
export async function deliverLikeProvider(pickBase: () => string, path: string, headers: Record<string, string>, body: string, deadlineMs = 180_000): Promise<DeliveryOutcome> {
  const retries: string[] = [];
  const giveUpAt = Date.now() + deadlineMs;
  for (let attempt = 1; ; attempt++) {
    let outcome: string;
    try {
      const answer = await postFresh(pickBase(), path, headers, body);
      if (answer.status >= 200 && answer.status < 300) return { status: answer.status, attempts: attempt, retries };
      if (answer.status < 500 && answer.status !== 429) throw new Error(`delivery refused for good: ${answer.status} ${answer.body}`);
      outcome = String(answer.status);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (typeof code !== 'string') throw err;
      outcome = code;
    }
    retries.push(outcome);
    if (Date.now() > giveUpAt) throw new Error(`gave up after ${attempt} tries: ${retries.join(',')}`);
    await sleep(Math.min(4000, 250 * 2 ** Math.min(attempt - 1, 4)) * (0.75 + Math.random() * 0.5));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A Warroom child process on a free port, ready (/readyz 200) when this resolves; `root`: another checkout. */
export async function startReplica(env: Record<string, string>, root?: string): Promise<WarroomProcess> {
  const port = await freePort();
  const bot = spawnWarroom(['serve'], { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env }, 'source', root === undefined ? {} : { root });
  await waitFor('the replica to be ready', () => request(bot.base, '/readyz'), (r) => r.status === 200, 90_000).catch((err: unknown) => {
    throw new Error(`${String(err)}\n--- output ---\n${bot.output().slice(-3000)}`);
  });
  return bot;
}

/** Prints a figure for the issue note (the fault tests' counts and times). */
export function report(test: string, figures: Record<string, unknown>): void {
  console.log(`[fault] ${test}: ${Object.entries(figures).map(([k, v]) => `${k}=${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(1) : String(v)}`).join(' ')}`);
}
