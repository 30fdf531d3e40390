/**
 * Load generators on 127.0.0.1. Both run in a worker thread of their own (bench/load-worker.ts)
 * with every request built beforehand (bodies, signatures), so neither the generator's CPU nor its
 * timers share the event loop of an in-process Warroom or baseline server.
 *
 * - `runRate` is open loop: requests leave on a fixed schedule whatever the answers, and latency
 *   counts from each request's scheduled time (queueing anywhere is part of it).
 * - `runLoad` is closed loop: a fixed number of requests at a fixed concurrency (for throughput).
 */
import { Worker } from 'node:worker_threads';
import type { WorkerInput, WorkerOutput, WorkerRequest } from './load-worker.js';

export interface RequestSpec {
  readonly payload: string;
  readonly headers: Record<string, string>;
  /** Which of several URLs gets this request (default: round robin). */
  readonly target?: number;
}

export interface LoadResult {
  readonly requests: number;
  /** Requests not answered with an ok status (connection errors and timeouts included). */
  readonly errors: number;
  readonly seconds: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly perSecond: number;
}

export interface RateResult {
  readonly scheduled: number;
  /** Requests that got an HTTP answer (any status). */
  readonly answered: number;
  /** Connection errors and timeouts (no HTTP answer). */
  readonly failed: number;
  /** Answers whose status `okStatus` refused. */
  readonly notOk: number;
  /** Per request, in order: HTTP status (0 = no answer). */
  readonly statuses: readonly number[];
  /** Per request, in order: ms from its scheduled time to the end of the answer (NaN = none). */
  readonly latencies: readonly number[];
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Answers per second over the whole run (first scheduled time to last answer). */
  readonly perSecond: number;
  /** How late the generator itself sent (p99 and max, ms): large values mean the figures are not trustworthy. */
  readonly sendLagP99Ms: number;
  readonly sendLagMaxMs: number;
  readonly maxInFlight: number;
  readonly seconds: number;
}

/** The p-th percentile (nearest rank) of the finite values. */
export function percentile(values: readonly number[], p: number): number {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return NaN;
  return finite[Math.min(finite.length - 1, Math.max(0, Math.ceil((p / 100) * finite.length) - 1))] ?? NaN;
}

function runWorker(input: WorkerInput): Promise<WorkerOutput> {
  // Workers do not inherit `--import tsx` in Node 20: register tsx in the worker, then load it.
  const api = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./load-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: input });
    let result: WorkerOutput | null = null;
    worker.once('message', (m: WorkerOutput) => {
      result = m;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => (result ? resolve(result) : reject(new Error(`load worker exited with ${code} before reporting`))));
  });
}

function build(total: number, urls: readonly string[], body: (i: number) => RequestSpec): WorkerRequest[] {
  return Array.from({ length: total }, (_, i) => {
    const spec = body(i);
    return { payload: spec.payload, headers: spec.headers, target: spec.target ?? i % urls.length };
  });
}

/** Open loop: `ratePerSecond` × `durationSeconds` requests on schedule, regardless of answers. */
export async function runRate(options: {
  url: string | readonly string[];
  ratePerSecond: number;
  durationSeconds: number;
  body: (i: number) => RequestSpec;
  okStatus?: (status: number) => boolean;
  method?: string;
  timeoutMs?: number;
}): Promise<RateResult> {
  const urls = typeof options.url === 'string' ? [options.url] : options.url;
  const total = Math.round(options.ratePerSecond * options.durationSeconds);
  const out = await runWorker({
    mode: 'rate',
    urls,
    method: options.method ?? 'POST',
    requests: build(total, urls, options.body),
    ratePerSecond: options.ratePerSecond,
    concurrency: 0,
    timeoutMs: options.timeoutMs ?? 30_000,
    maxSockets: 512,
  });
  const okStatus = options.okStatus ?? ((s: number) => s >= 200 && s < 300);
  const statuses = [...out.statuses];
  const latencies = [...out.latencies];
  const lags = [...out.sendLag];
  return {
    scheduled: total,
    answered: statuses.filter((s) => s !== 0).length,
    failed: statuses.filter((s) => s === 0).length,
    notOk: statuses.filter((s) => s !== 0 && !okStatus(s)).length,
    statuses,
    latencies,
    p50Ms: percentile(latencies, 50),
    p90Ms: percentile(latencies, 90),
    p99Ms: percentile(latencies, 99),
    maxMs: percentile(latencies, 100),
    perSecond: statuses.filter((s) => s !== 0).length / (out.elapsedMs / 1000),
    sendLagP99Ms: percentile(lags, 99),
    sendLagMaxMs: percentile(lags, 100),
    maxInFlight: out.maxInFlight,
    seconds: out.elapsedMs / 1000,
  };
}

/** Closed loop: `total` requests, `concurrency` at a time (over several servers: each request's `target`). */
export async function runLoad(options: {
  url: string | readonly string[];
  total: number;
  concurrency: number;
  body: (i: number) => RequestSpec;
  okStatus: (status: number) => boolean;
}): Promise<LoadResult> {
  const urls = typeof options.url === 'string' ? [options.url] : options.url;
  const out = await runWorker({
    mode: 'closed',
    urls,
    method: 'POST',
    requests: build(options.total, urls, options.body),
    ratePerSecond: 0,
    concurrency: options.concurrency,
    timeoutMs: 30_000,
    maxSockets: options.concurrency,
  });
  const latencies = [...out.latencies];
  const seconds = out.elapsedMs / 1000;
  return {
    requests: options.total,
    errors: [...out.statuses].filter((s) => !options.okStatus(s)).length,
    seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    perSecond: options.total / seconds,
  };
}
