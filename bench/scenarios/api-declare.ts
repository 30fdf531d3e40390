import { sign } from '../baseline-server.js';
import { runLoad, type LoadResult } from '../load.js';
import { row, stats, type Row } from '../row.js';
import { BENCH_TOKEN, type Stack } from '../stack.js';

const TOTAL = 3000;
const CONCURRENCY = 20;

/** POST /api/incidents (~2 KB) against the HMAC + INSERT baseline, closed loop at concurrency 20. */
export async function apiDeclare(stack: Stack, runs: number): Promise<Row[]> {
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
    row('api-declare', 'p99 latency', 'ms', ours.map((r) => r.p99Ms), '-', stats(theirs.map((r) => r.p99Ms)).median),
    row('api-declare', 'throughput', 'req/s', ours.map((r) => r.perSecond), '-', stats(theirs.map((r) => r.perSecond)).median),
  ];
}

export function baselineLoad(port: number, padding: string): Promise<LoadResult> {
  return runLoad({
    url: `http://127.0.0.1:${port}/`,
    total: TOTAL,
    concurrency: CONCURRENCY,
    body: (i) => {
      const payload = JSON.stringify({ title: `bench ${i}`, padding });
      return { payload, headers: { 'content-type': 'application/json', 'x-signature': sign(payload) } };
    },
    okStatus: (s) => s === 202,
  });
}

export function assertNoErrors(scenario: string, results: LoadResult[]): void {
  const errors = results.reduce((n, r) => n + r.errors, 0);
  if (errors > 0) throw new Error(`${scenario}: ${errors} requests failed`);
}
