/**
 * The load generator's own thread (started by bench/load.ts): it sends pre-built requests over
 * keep-alive connections on 127.0.0.1 and reports per-request latency and status, so that the
 * generator never competes with an in-process Warroom for its event loop.
 *
 * - `rate` (open loop): request i is due at start + i / ratePerSecond and is sent then, whether or
 *   not earlier ones were answered; its latency counts from that due time, so queueing in the
 *   client or the server is part of it (no coordinated omission).
 * - `closed`: a fixed number of requests at a fixed concurrency; latency counts from the send.
 */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

export interface WorkerRequest {
  readonly payload: string;
  readonly headers: Record<string, string>;
  /** Index into `urls`. */
  readonly target: number;
}

export interface WorkerInput {
  readonly mode: 'rate' | 'closed';
  readonly urls: readonly string[];
  readonly method: string;
  readonly requests: readonly WorkerRequest[];
  readonly ratePerSecond: number;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly maxSockets: number;
}

export interface WorkerOutput {
  /** Per request: ms from due time (rate) or send (closed) to the end of the answer; NaN when none came. */
  readonly latencies: Float64Array;
  /** Per request: HTTP status, 0 when the request failed (connection error, timeout). */
  readonly statuses: Int16Array;
  /** Per request: ms the send came after its due time (rate mode; the generator's own lag). */
  readonly sendLag: Float64Array;
  /** ms from the first due time (or first send) to the last answer. */
  readonly elapsedMs: number;
  /** ms from the first to the last send. */
  readonly sendingMs: number;
  readonly maxInFlight: number;
}

const input = workerData as WorkerInput;
const total = input.requests.length;
const latencies = new Float64Array(total).fill(NaN);
const statuses = new Int16Array(total);
const sendLag = new Float64Array(total);
const answered = new Uint8Array(total);
const agents = input.urls.map(() => new Agent({ keepAlive: true, maxSockets: input.maxSockets }));
const targets = input.urls.map((u) => new URL(u));
let inFlight = 0;
let maxInFlight = 0;
let lastSend = 0;
let firstSend = 0;

function send(i: number, from: number): Promise<void> {
  return new Promise((resolve) => {
    const r = input.requests[i];
    const target = targets[r?.target ?? 0];
    if (r === undefined || target === undefined) {
      resolve();
      return;
    }
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    lastSend = performance.now();
    const done = (status: number) => {
      if (answered[i] === 1) return;
      answered[i] = 1;
      statuses[i] = status;
      latencies[i] = status === 0 ? NaN : performance.now() - from;
      inFlight--;
      resolve();
    };
    const req = request(
      {
        agent: agents[r.target],
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: input.method,
        headers: { ...r.headers, 'content-length': Buffer.byteLength(r.payload) },
      },
      (res) => {
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0));
        res.on('error', () => done(0));
      },
    );
    req.setTimeout(input.timeoutMs, () => req.destroy(new Error('timeout')));
    req.on('error', () => done(0));
    req.end(r.payload);
  });
}

async function openLoop(): Promise<number> {
  const interval = 1000 / input.ratePerSecond;
  const start = performance.now() + 20;
  firstSend = start;
  const due = (i: number) => start + i * interval;
  const all: Promise<void>[] = [];
  await new Promise<void>((resolve) => {
    let next = 0;
    const tick = () => {
      const now = performance.now();
      while (next < total && due(next) <= now) {
        sendLag[next] = now - due(next);
        all.push(send(next, due(next)));
        next++;
      }
      if (next >= total) resolve();
      else setTimeout(tick, Math.max(0, due(next) - performance.now() - 0.5));
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  await Promise.all(all);
  return start;
}

async function closedLoop(): Promise<number> {
  const start = performance.now();
  firstSend = start;
  let next = 0;
  await Promise.all(
    Array.from({ length: input.concurrency }, async () => {
      while (next < total) {
        const i = next++;
        await send(i, performance.now());
      }
    }),
  );
  return start;
}

const started = input.mode === 'rate' ? await openLoop() : await closedLoop();
const output: WorkerOutput = {
  latencies,
  statuses,
  sendLag,
  elapsedMs: performance.now() - started,
  sendingMs: lastSend - firstSend,
  maxInFlight,
};
for (const agent of agents) agent.destroy();
parentPort?.postMessage(output);
