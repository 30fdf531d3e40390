import { sign } from '../baseline-server.js';
import { runLoad, runRate, type LoadResult, type RateResult } from '../load.js';
import { row, stats, type Row } from '../row.js';
import { BENCH_TOKEN, type WarroomStack } from '../stack.js';

const TOTAL = 3000;
const CONCURRENCY = 20;

/** POST /api/incidents (~2 KB) against the HMAC + INSERT baseline, closed loop at concurrency 20. */
export async function apiDeclare(stack: WarroomStack, runs: number): Promise<Row[]> {
  const padding = 'x'.repeat(1800);
  const ours: LoadResult[] = [];
  const theirs: LoadResult[] = [];
  for (let run = 0; run < runs; run++) {
    theirs.push(await baselineLoad(stack.baselinePort, padding));
    ours.push(
      await runLoad({
        url: `http://127.0.0.1:${stack.warroom.port}/api/incidents`,
        total: TOTAL,
        concurrency: CONCURRENCY,
        body: (i) => ({ payload: JSON.stringify({ title: `bench ${i}`, description: padding }), headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_TOKEN}` } }),
        okStatus: (s) => s === 201,
      }),
    );
  }
  assertNoErrors('api-declare', [...ours, ...theirs]);
  return [
    row('api-declare', 'p99 (closed, c=20)', 'ms', ours.map((r) => r.p99Ms), null, stats(theirs.map((r) => r.p99Ms)).median),
    row('api-declare', 'throughput (closed, c=20)', 'req/s', ours.map((r) => r.perSecond), null, stats(theirs.map((r) => r.perSecond)).median),
  ];
}

function baselineBody(i: number, padding: string): { payload: string; headers: Record<string, string> } {
  const payload = JSON.stringify({ title: `bench ${i}`, padding });
  return { payload, headers: { 'content-type': 'application/json', 'x-signature': sign(payload) } };
}

/** The baseline, closed loop: 3 000 signed ~2 KB bodies at concurrency 20. */
export function baselineLoad(port: number, padding: string): Promise<LoadResult> {
  return runLoad({ url: `http://127.0.0.1:${port}/`, total: TOTAL, concurrency: CONCURRENCY, body: (i) => baselineBody(i, padding), okStatus: (s) => s === 202 });
}

/** The baseline, open loop at `ratePerSecond` for `seconds`. */
export async function baselineRate(port: number, ratePerSecond: number, seconds: number): Promise<RateResult> {
  const padding = 'x'.repeat(1800);
  const result = await runRate({ url: `http://127.0.0.1:${port}/`, ratePerSecond, durationSeconds: seconds, body: (i) => baselineBody(i, padding), okStatus: (s) => s === 202 });
  if (result.failed + result.notOk > 0) throw new Error(`baseline: ${result.failed + result.notOk} requests failed`);
  return result;
}

export function assertNoErrors(scenario: string, results: LoadResult[]): void {
  const errors = results.reduce((n, r) => n + r.errors, 0);
  if (errors > 0) throw new Error(`${scenario}: ${errors} requests failed`);
}
