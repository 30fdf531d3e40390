import { alertmanagerDelivery } from '../../test/helpers/provider-payloads.js';
import { atMost, row, type Row } from '../row.js';
import { BENCH_TOKEN, type WarroomStack } from '../stack.js';

const ALERTS = 10_000;

/** One Alertmanager delivery of 10 000 alerts: time to the 202, and until every alert is attached. */
export async function alertmanagerBulk(stack: WarroomStack, runs: number): Promise<Row[]> {
  const answered: number[] = [];
  const attached: number[] = [];
  for (let run = 0; run < runs; run++) {
    const groupKey = `bulk-${run}`;
    const body = JSON.stringify(
      alertmanagerDelivery({
        groupKey,
        alerts: Array.from({ length: ALERTS }, (_, i) => ({ fingerprint: `fp-${run}-${i}`, status: 'firing' as const, labels: { alertname: 'HighLatency', instance: `host-${i}`, severity: 'critical' } })),
      }),
    );
    const started = performance.now();
    const res = await fetch(`http://127.0.0.1:${stack.warroom.port}/webhooks/alertmanager`, { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${BENCH_TOKEN}` } });
    await res.text();
    answered.push(performance.now() - started);
    if (res.status !== 202) throw new Error(`alertmanager-bulk: answered ${res.status}`);
    for (;;) {
      const n = Number((await stack.knex('alerts').where({ grouping_key: groupKey }).count<{ n: string }[]>({ n: '*' }))[0]?.n);
      if (n === ALERTS) break;
      if (performance.now() - started > 120_000) throw new Error(`alertmanager-bulk: only ${n} alerts attached after 120 s`);
      await new Promise((r) => setTimeout(r, 50));
    }
    attached.push(performance.now() - started);
  }
  return [row('alertmanager-bulk', '10 000 alerts answered', 'ms', answered, atMost(2000)), row('alertmanager-bulk', '10 000 alerts attached', 'ms', attached)];
}
