import { pagerDutyEvent, pagerDutySignature } from '../../test/helpers/provider-payloads.js';
import { runLoad } from '../load.js';
import { atMost, exactly, row, type Row } from '../row.js';
import { BENCH_PD_SECRET, type WarroomStack } from '../stack.js';
import { waitForAttached } from './wait.js';

const TOTAL = 2000;
/** Enough in flight that the generator, not the connection count, is the limit. */
const CONCURRENCY = 64;
const ATTACH_CAP_MS = 120_000;

/**
 * One hot alert key (issue 22): 2 000 signed PagerDuty deliveries with distinct event ids, all for
 * ONE PagerDuty incident (an Alertmanager group re-sending, or one incident's event stream), sent
 * closed loop as fast as the generator goes. Attaching is serialised per grouping key, so the time
 * from the last answer until every delivery is attached is what this measures; one incident must
 * result and the alert's occurrence count must be exactly the number of deliveries.
 */
export async function hotKey(stack: WarroomStack, runs: number): Promise<Row[]> {
  const url = `http://127.0.0.1:${stack.warroom.port}/webhooks/pagerduty`;
  const answeredPerSecond: number[] = [];
  const attachedAfter: number[] = [];
  const attachedPerSecond: number[] = [];
  const left: number[] = [];
  const incidents: number[] = [];
  const occurrences: number[] = [];
  const notOk: number[] = [];
  for (let run = 0; run < runs; run++) {
    const incidentId = `PHOT${run}`;
    const result = await runLoad({
      url,
      total: TOTAL,
      concurrency: CONCURRENCY,
      okStatus: (s) => s === 202,
      body: (i) => {
        const payload = JSON.stringify(pagerDutyEvent({ eventId: `H${run}-D${i}`, type: 'incident.triggered', incidentId, title: `Hot key ${run}` }));
        return { payload, headers: { 'content-type': 'application/json', 'x-pagerduty-signature': pagerDutySignature(payload, BENCH_PD_SECRET) } };
      },
    });
    notOk.push(result.errors);
    answeredPerSecond.push(result.perSecond);
    const attached = await waitForAttached(stack.knex, ATTACH_CAP_MS, `H${run}-`);
    attachedAfter.push(attached.ms / 1000);
    left.push(attached.left);
    attachedPerSecond.push(TOTAL / (result.seconds + attached.ms / 1000));
    incidents.push(Number((await stack.knex('incidents').where('grouping_key', `pagerduty:${incidentId}`).count<{ n: string }[]>({ n: '*' }))[0]?.n));
    occurrences.push(Number((await stack.knex('alerts').where({ provider: 'pagerduty', grouping_key: incidentId }).sum<{ n: string | null }[]>({ n: 'occurrences' }))[0]?.n ?? 0));
  }
  return [
    row('hot-key', `answers not 202 (${TOTAL} sent)`, '', notOk, exactly(0)),
    row('hot-key', `answered, closed loop at ${CONCURRENCY}`, '/s', answeredPerSecond),
    row('hot-key', `all attached, after last answer (cap ${ATTACH_CAP_MS / 1000} s)`, 's', attachedAfter, atMost(3)),
    row('hot-key', 'not attached at the cap', '', left, exactly(0)),
    row('hot-key', 'attached per second, first send to last attach', '/s', attachedPerSecond),
    row('hot-key', 'incidents for the key', '', incidents, exactly(1)),
    row('hot-key', 'occurrences of the alert', '', occurrences, exactly(TOTAL)),
  ];
}
