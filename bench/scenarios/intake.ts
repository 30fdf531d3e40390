import { pagerDutyEvent, pagerDutySignature } from '../../test/helpers/provider-payloads.js';
import { runLoad, runRate, type LoadResult, type RateResult } from '../load.js';
import { atMost, exactly, row, stats, type Row } from '../row.js';
import { BENCH_PD_SECRET, type WarroomStack } from '../stack.js';
import { assertNoErrors, baselineLoad, baselineRate } from './api-declare.js';
import { sleep, unattached, waitForAttached } from './wait.js';

const RATE = 500;
const SECONDS = 10;
const WARM_UP_SECONDS = 2;
const CLOSED_TOTAL = 3000;
const CONCURRENCY = 20;
const KEYS = 50;
const DRAIN_WINDOW_MS = 10_000;
const ATTACH_ALL_TIMEOUT_MS = 180_000;

/** CPU milliseconds (user + system, every thread of this process) per request since `since`. */
function cpuMsPer(since: NodeJS.CpuUsage, requests: number): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000 / requests;
}

function delivery(eventId: string, i: number): { payload: string; headers: Record<string, string> } {
  const payload = JSON.stringify(pagerDutyEvent({ eventId, type: 'incident.triggered', incidentId: `PKEY${i % KEYS}`, title: `Storm ${i % KEYS}` }));
  return { payload, headers: { 'content-type': 'application/json', 'x-pagerduty-signature': pagerDutySignature(payload, BENCH_PD_SECRET) } };
}

/**
 * Signed PagerDuty deliveries (distinct event ids over 50 incident ids): verify + store before the
 * 202, the attach jobs running in the same process. Open loop at 500/s for 10 s (after 2 s of
 * warm-up) against the baseline at the same rate (latency), then closed loop at concurrency 20
 * against the baseline (throughput). The attach backlog when the load stops is measured, then
 * waited for: the CPU time per delivery covers the answer and the attach.
 */
export async function intake(stack: WarroomStack, runs: number): Promise<Row[]> {
  const url = `http://127.0.0.1:${stack.warroom.port}/webhooks/pagerduty`;
  const ok = (s: number) => s === 202 || s === 200;
  const ours: RateResult[] = [];
  const theirs: RateResult[] = [];
  const oursClosed: LoadResult[] = [];
  const theirsClosed: LoadResult[] = [];
  const backlog: number[] = [];
  const drain: number[] = [];
  const cpuOurs: number[] = [];
  const cpuTheirs: number[] = [];
  for (let run = 0; run < runs; run++) {
    // Each measured stretch follows a 2 s warm-up at the same rate (JIT, connection pools).
    await baselineRate(stack.baselinePort, RATE, WARM_UP_SECONDS);
    const baselineCpu = process.cpuUsage();
    theirs.push(await baselineRate(stack.baselinePort, RATE, SECONDS));
    cpuTheirs.push(cpuMsPer(baselineCpu, RATE * SECONDS));
    const ourCpu = process.cpuUsage();
    await runRate({ url, ratePerSecond: RATE, durationSeconds: WARM_UP_SECONDS, body: (i) => delivery(`R${run}-W${i}`, i), okStatus: ok });
    const rate = await runRate({ url, ratePerSecond: RATE, durationSeconds: SECONDS, body: (i) => delivery(`R${run}-E${i}`, i), okStatus: ok });
    ours.push(rate);
    // The attach jobs behind the answers: how many are left when the load stops, and how fast
    // they go once it has (not waited for: see bench/README.md).
    const left = await unattached(stack.knex, `R${run}-E`);
    const all = await unattached(stack.knex);
    backlog.push(left);
    await sleep(DRAIN_WINDOW_MS);
    drain.push((all - (await unattached(stack.knex))) / (DRAIN_WINDOW_MS / 1000));
    // The work per delivery, answer and attach, counted in CPU time rather than wall time: the figure
    // that stays put when the machine is busy (latencies move 2× with the host's load).
    const { left: stuck } = await waitForAttached(stack.knex, ATTACH_ALL_TIMEOUT_MS);
    if (stuck > 0) throw new Error(`intake: ${stuck} deliveries still unattached after ${ATTACH_ALL_TIMEOUT_MS / 1000} s`);
    cpuOurs.push(cpuMsPer(ourCpu, RATE * (SECONDS + WARM_UP_SECONDS)));
    theirsClosed.push(await baselineLoad(stack.baselinePort, 'x'.repeat(1800)));
    oursClosed.push(await runLoad({ url, total: CLOSED_TOTAL, concurrency: CONCURRENCY, body: (i) => delivery(`R${run}-C${i}`, i), okStatus: ok }));
    // The next run's CPU figures start with no attach work left over from this one.
    await waitForAttached(stack.knex, ATTACH_ALL_TIMEOUT_MS);
  }
  assertNoErrors('intake', [...oursClosed, ...theirsClosed]);
  const incidents = Number((await stack.knex('incidents').count<{ n: string }[]>({ n: '*' }))[0]?.n);
  if (incidents > KEYS) throw new Error(`intake: ${incidents} incidents for ${KEYS} grouping keys`);
  const base = (pick: (r: RateResult) => number) => stats(theirs.map(pick)).median;
  return [
    row('intake', `p50 at ${RATE}/s`, 'ms', ours.map((r) => r.p50Ms), null, base((r) => r.p50Ms)),
    row('intake', `p99 at ${RATE}/s`, 'ms', ours.map((r) => r.p99Ms), atMost(50), base((r) => r.p99Ms)),
    row('intake', `max at ${RATE}/s`, 'ms', ours.map((r) => r.maxMs), null, base((r) => r.maxMs)),
    row('intake', `not 2xx at ${RATE}/s`, '', ours.map((r) => r.failed + r.notOk), exactly(0)),
    row('intake', `generator send lag p99 at ${RATE}/s`, 'ms', ours.map((r) => r.sendLagP99Ms), null, base((r) => r.sendLagP99Ms)),
    row('intake', `not attached when load stops (of ${RATE * SECONDS})`, '', backlog),
    row('intake', 'attach rate after load stops', '/s', drain),
    row('intake', 'CPU per delivery, answer + attach', 'ms', cpuOurs, null, stats(cpuTheirs).median),
    row('intake', 'throughput (closed, c=20)', 'req/s', oursClosed.map((r) => r.perSecond), null, stats(theirsClosed.map((r) => r.perSecond)).median),
    row('intake', 'p99 (closed, c=20)', 'ms', oursClosed.map((r) => r.p99Ms), null, stats(theirsClosed.map((r) => r.p99Ms)).median),
  ];
}
