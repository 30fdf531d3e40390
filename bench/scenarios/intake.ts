import { createHmac } from 'node:crypto';
import { pagerDutyEvent } from '../../test/helpers/provider-payloads.js';
import { runLoad, type LoadResult } from '../load.js';
import { row, stats, type Row } from '../row.js';
import { BENCH_PD_SECRET, type Stack } from '../stack.js';
import { assertNoErrors, baselineLoad } from './api-declare.js';

const TOTAL = 3000;
const CONCURRENCY = 20;
const KEYS = 50;

/**
 * Signed PagerDuty deliveries (distinct event ids over 50 incident ids) answered by Warroom vs the
 * baseline: verify + store before the 202. Closed loop at concurrency 20 (an open-loop 500/s
 * generator comes with the benchmark issue).
 */
export async function intake(stack: Stack, runs: number): Promise<Row[]> {
  const ours: LoadResult[] = [];
  const theirs: LoadResult[] = [];
  for (let run = 0; run < runs; run++) {
    theirs.push(await baselineLoad(stack.baselinePort, 'x'.repeat(1800)));
    ours.push(
      await runLoad({
        url: `http://127.0.0.1:${stack.warroom.port}/webhooks/pagerduty`,
        total: TOTAL,
        concurrency: CONCURRENCY,
        body: (i) => {
          const payload = JSON.stringify(pagerDutyEvent({ eventId: `R${run}-E${i}`, type: 'incident.triggered', incidentId: `PKEY${i % KEYS}`, title: `Storm ${i % KEYS}` }));
          const signature = `v1=${createHmac('sha256', BENCH_PD_SECRET).update(payload).digest('hex')}`;
          return { payload, headers: { 'content-type': 'application/json', 'x-pagerduty-signature': signature } };
        },
        okStatus: (s) => s === 202 || s === 200,
      }),
    );
  }
  assertNoErrors('intake', [...ours, ...theirs]);
  const incidents = Number((await stack.knex('incidents').count<{ n: string }[]>({ n: '*' }))[0]?.n);
  if (incidents > KEYS) throw new Error(`intake: ${incidents} incidents for ${KEYS} grouping keys`);
  return [
    row('intake', 'p50 latency', 'ms', ours.map((r) => r.p50Ms), '-', stats(theirs.map((r) => r.p50Ms)).median),
    row('intake', 'p99 latency', 'ms', ours.map((r) => r.p99Ms), '≤ 50 ms', stats(theirs.map((r) => r.p99Ms)).median),
    row('intake', 'throughput', 'req/s', ours.map((r) => r.perSecond), '-', stats(theirs.map((r) => r.perSecond)).median),
  ];
}
