import { createKnex } from '../../src/adapters/postgres/create-knex.js';
import { startSlackFake } from '../../test/fakes/slack-api-fake.js';
import { pagerDutyEvent, pagerDutySignature } from '../../test/helpers/provider-payloads.js';
import { silentLogger } from '../../test/helpers/silent-logger.js';
import { stopWarroom, type WarroomProcess } from '../../test/helpers/warroom-process.js';
import { runLoad } from '../load.js';
import { postmasterPid, statements } from '../postgres-cost.js';
import { treeCpuSeconds } from '../process-cpu.js';
import { row, type Row } from '../row.js';
import { BENCH_PD_SECRET, BENCH_SLACK_SECRET, type Stack } from '../stack.js';
import { startProcess } from './storm.js';
import { until } from './wait.js';

/** New incidents per run: each gets a room (set-up and summary tasks in the Slack outbox). */
const INCIDENTS = 100;
const DONE_CAP_MS = 120_000;

/** Statements of the Slack outbox: its tasks, and the messages and rooms they record. */
const isOutbox = (query: string) => /slack_(tasks|messages|rate_limits)/i.test(query);

/**
 * `replicas-slack`: the database's cost per Slack task (issue 22, "past one machine"), beside the
 * `replicas` scenario's cost per delivery. One Warroom process with Slack on, against the Slack fake
 * answering at once, takes 100 PagerDuty triggers for 100 incidents and runs their Slack outbox to
 * the end. PostgreSQL CPU over that window (the 100 attaches included) and `pg_stat_statements` time
 * of the outbox's statements, per task done. Needs REPLICAS_POSTGRES_SETTINGS (bench/run.ts).
 */
export async function slackTaskCost(stack: Stack, runs: number): Promise<Row[]> {
  const postmaster = await postmasterPid(stack.knex);
  const fake = await startSlackFake();
  const databaseUrl = await stack.createDatabase('replicas_slack');
  const db = createKnex({ url: databaseUrl, log: silentLogger() });
  let warroom: WarroomProcess | null = null;
  const tasks: number[] = [];
  const cpuPerTask: number[] = [];
  const outboxPerTask: number[] = [];
  const callsPerTask: number[] = [];
  try {
    await db.raw('create extension if not exists pg_stat_statements');
    warroom = await startProcess(stack, databaseUrl, { SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: BENCH_SLACK_SECRET, SLACK_API_URL: fake.url });
    const webhook = `${warroom.base}/webhooks/pagerduty`;
    for (let run = 0; run < runs; run++) {
      const before = Number((await db.raw<{ rows: { n: string }[] }>('select count(*) as n from slack_tasks /* bench: */')).rows[0]?.n);
      const slackCallsBefore = fake.calls().length;
      await db.raw('select pg_stat_statements_reset()');
      const cpuBefore = await treeCpuSeconds(postmaster);
      await runLoad({
        url: webhook,
        total: INCIDENTS,
        concurrency: 8,
        okStatus: (s) => s === 202,
        body: (i) => {
          const payload = JSON.stringify(pagerDutyEvent({ eventId: `T${run}-E${i}`, type: 'incident.triggered', incidentId: `T${run}-P${i}`, title: `Slack cost ${run}/${i}` }));
          return { payload, headers: { 'content-type': 'application/json', 'x-pagerduty-signature': pagerDutySignature(payload, BENCH_PD_SECRET) } };
        },
      });
      // Done when every incident is there and no task that is due is left.
      const done = await until(
        `the Slack outbox of ${INCIDENTS} incidents to run`,
        async () => {
          const r = await db.raw<{ rows: { incidents: string; pending: string; total: string }[] }>(
            `select (select count(*) from incidents) as incidents, (select count(*) from slack_tasks where done_at is null and not_before <= now()) as pending,
                    (select count(*) from slack_tasks) as total /* bench: */`,
          );
          const s = r.rows[0];
          return s && Number(s.incidents) >= INCIDENTS * (run + 1) && Number(s.pending) === 0 ? Number(s.total) - before : undefined;
        },
        DONE_CAP_MS,
        100,
      );
      const cpuAfter = await treeCpuSeconds(postmaster);
      const measured = await statements(db);
      tasks.push(done);
      cpuPerTask.push(((cpuAfter - cpuBefore) * 1000) / done);
      outboxPerTask.push(measured.filter((s) => isOutbox(s.query)).reduce((sum, s) => sum + s.ms, 0) / done);
      callsPerTask.push((fake.calls().length - slackCallsBefore) / done);
    }
  } finally {
    if (warroom) await stopWarroom(warroom);
    await db.destroy();
    await fake.close();
  }
  return [
    row('replicas-slack', `1 proc.: Slack tasks run for ${INCIDENTS} new incidents`, '', tasks),
    row('replicas-slack', 'Slack calls per task', '', callsPerTask),
    row('replicas-slack', 'PostgreSQL CPU per task (attaches incl.)', 'ms', cpuPerTask),
    row('replicas-slack', 'outbox statement time per task', 'ms', outboxPerTask),
  ];
}
