import { cpus } from 'node:os';
import { createKnex } from '../../src/adapters/postgres/create-knex.js';
import { silentLogger } from '../../test/helpers/silent-logger.js';
import { stopWarroom, type WarroomProcess } from '../../test/helpers/warroom-process.js';
import { runLoad } from '../load.js';
import { postmasterPid, statements } from '../postgres-cost.js';
import { treeCpuSeconds } from '../process-cpu.js';
import { exactly, row, type Row } from '../row.js';
import type { Stack } from '../stack.js';
import { startProcess, stormPlan } from './storm.js';
import { waitForAttached } from './wait.js';

const PROCESS_COUNTS = [1, 2, 4] as const;
/** Deliveries per run and process count (storm-shaped: 20 % repeats, 50 incidents). */
const DELIVERIES = 3000;
/** Requests in flight, over all processes: the same offered load whatever the process count. */
const CONCURRENCY = 32;
const ATTACH_CAP_MS = 60_000;

/** What the server must load at start for the per-statement figures (bench/run.ts passes it). */
export const REPLICAS_POSTGRES_SETTINGS = { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track_planning': 'on' };

type StatementClass = 'request path' | 'attach and workers' | 'transaction control' | 'advisory lock';

/**
 * The request path stores the delivery (one insert, a duplicate included); the per-key advisory
 * lock is apart because its time is mostly waiting for another transaction, not work; the rest is
 * the attach, the workers' polls and upkeep.
 */
function classOf(query: string): StatementClass {
  const q = query.trim().toLowerCase();
  if (q.startsWith('insert into "deliveries"')) return 'request path';
  if (/^(begin|commit|rollback|savepoint|release)/.test(q)) return 'transaction control';
  if (q.includes('pg_advisory_xact_lock')) return 'advisory lock';
  return 'attach and workers';
}

const cpuOf = async (processes: readonly WarroomProcess[]) => (await Promise.all(processes.map((p) => treeCpuSeconds(p.child.pid ?? 0)))).reduce((a, b) => a + b, 0);

interface Figures {
  answered: number[];
  attachRate: number[];
  attachAfter: number[];
  notOk: number[];
  incidents: number[];
  pgCpu: number[];
  warroomCpu: number[];
  perClass: Record<StatementClass, number[]>;
  perAttach: number[];
  statementsPerDelivery: number[];
}

/**
 * Past one machine (issue 22): 1, 2 and 4 Warroom processes on ONE PostgreSQL take the same
 * storm-shaped load, closed loop at 32 in flight. Throughput per process count, and the database's
 * cost per delivery: CPU of the postmaster and all its backends from /proc, and per statement class
 * from pg_stat_statements. On a 2-core machine shared with the load generator the throughput shows
 * contention, not scaling; docs/scaling.md builds its model on the per-delivery database time.
 */
export async function replicas(stack: Stack, runs: number): Promise<Row[]> {
  console.error(`[bench] replicas: ${cpus().length} cores for PostgreSQL, every Warroom process and the generator: the throughput rows show contention, not scaling`);
  const postmaster = await postmasterPid(stack.knex);
  const rows: Row[] = [];
  for (const n of PROCESS_COUNTS) {
    const f: Figures = { answered: [], attachRate: [], attachAfter: [], notOk: [], incidents: [], pgCpu: [], warroomCpu: [], perClass: { 'request path': [], 'attach and workers': [], 'transaction control': [], 'advisory lock': [] }, perAttach: [], statementsPerDelivery: [] };
    const databaseUrl = await stack.createDatabase(`replicas_${n}`);
    const db = createKnex({ url: databaseUrl, log: silentLogger() });
    const processes: WarroomProcess[] = [];
    try {
      await db.raw('create extension if not exists pg_stat_statements');
      // The first applies the migrations; the others start side by side.
      processes.push(await startProcess(stack, databaseUrl));
      processes.push(...(await Promise.all(Array.from({ length: n - 1 }, () => startProcess(stack, databaseUrl)))));
      for (let run = 0; run < runs; run++) {
        const tag = n * 10 + run;
        const plan = stormPlan(tag, DELIVERIES, n);
        await db.raw('select pg_stat_statements_reset()');
        const [pgBefore, warroomBefore] = [await treeCpuSeconds(postmaster), await cpuOf(processes)];
        const load = await runLoad({ url: processes.map((p) => `${p.base}/webhooks/pagerduty`), total: DELIVERIES, concurrency: CONCURRENCY, body: (i) => plan.requests[i] ?? { payload: '', headers: {} }, okStatus: (s) => s >= 200 && s < 300 });
        const attached = await waitForAttached(db, ATTACH_CAP_MS, `S${tag}-`);
        const [pgAfter, warroomAfter] = [await treeCpuSeconds(postmaster), await cpuOf(processes)];
        const measured = await statements(db);
        f.answered.push((DELIVERIES - load.errors) / load.seconds);
        f.notOk.push(load.errors);
        f.attachAfter.push(attached.ms / 1000);
        f.attachRate.push(plan.distinct / (load.seconds + attached.ms / 1000));
        f.pgCpu.push(((pgAfter - pgBefore) * 1000) / DELIVERIES);
        f.warroomCpu.push(((warroomAfter - warroomBefore) * 1000) / DELIVERIES);
        for (const c of Object.keys(f.perClass) as StatementClass[]) f.perClass[c].push(measured.filter((s) => classOf(s.query) === c).reduce((sum, s) => sum + s.ms, 0) / DELIVERIES);
        f.perAttach.push(measured.filter((s) => classOf(s.query) === 'attach and workers').reduce((sum, s) => sum + s.ms, 0) / plan.distinct);
        f.statementsPerDelivery.push(measured.reduce((sum, s) => sum + s.calls, 0) / DELIVERIES);
        f.incidents.push(Number((await db('incidents').where('grouping_key', 'like', `pagerduty:S${tag}K%`).count<{ n: string }[]>({ n: '*' }))[0]?.n));
        if (run === 0) {
          const top = [...measured].sort((a, b) => b.ms - a.ms).slice(0, 10);
          console.error(`[bench] replicas: ${n} process(es), run 1, top statements (ms per delivery, calls per delivery):`);
          for (const s of top) console.error(`  ${(s.ms / DELIVERIES).toFixed(3)} ms  ${(s.calls / DELIVERIES).toFixed(2)}×  ${s.query.replace(/\s+/g, ' ').slice(0, 110)}`);
        }
      }
    } finally {
      for (const p of processes) {
        const code = await stopWarroom(p);
        if (code !== 0) console.error(`replicas: a Warroom process exited with ${code}:\n${p.output().slice(-2000)}`);
      }
      await db.destroy();
    }
    const p = `${n} proc.`;
    rows.push(
      row('replicas', `${p}: answered 2xx (closed, c=${CONCURRENCY})`, '/s', f.answered),
      row('replicas', `${p}: not 2xx (${DELIVERIES} sent)`, '', f.notOk, exactly(0)),
      row('replicas', `${p}: incidents (50 keys)`, '', f.incidents, exactly(50)),
      row('replicas', `${p}: attached /s, first send to last attach`, '/s', f.attachRate),
      row('replicas', `${p}: all attached, after last answer`, 's', f.attachAfter),
      row('replicas', `${p}: PostgreSQL CPU per delivery (/proc)`, 'ms', f.pgCpu),
      row('replicas', `${p}: Warroom CPU per delivery (all proc.)`, 'ms', f.warroomCpu),
      row('replicas', `${p}: statements per delivery`, '', f.statementsPerDelivery),
      row('replicas', `${p}: stmt time/delivery, request path`, 'ms', f.perClass['request path']),
      row('replicas', `${p}: stmt time/delivery, attach + workers`, 'ms', f.perClass['attach and workers']),
      row('replicas', `${p}: stmt time/delivery, begin/commit`, 'ms', f.perClass['transaction control']),
      row('replicas', `${p}: stmt time/delivery, key lock (waits)`, 'ms', f.perClass['advisory lock']),
      row('replicas', `${p}: attach + workers per attached delivery`, 'ms', f.perAttach),
    );
  }
  rows.push(row('replicas', `cores shared by all (throughput = contention, not scaling)`, '', [cpus().length]));
  return rows;
}
