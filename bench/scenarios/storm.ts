import { readFile } from 'node:fs/promises';
import { createKnex } from '../../src/adapters/postgres/create-knex.js';
import { freePort } from '../../src/adapters/postgres/embedded-postgres.js';
import { mulberry32 } from '../../src/sandbox/seeded-random.js';
import { silentLogger } from '../../test/helpers/silent-logger.js';
import { pagerDutyEvent, pagerDutySignature } from '../../test/helpers/provider-payloads.js';
import { spawnWarroom, stopWarroom, type WarroomProcess } from '../../test/helpers/warroom-process.js';
import { runRate, type RequestSpec } from '../load.js';
import { atMost, everyRun, exactly, row, type Row } from '../row.js';
import { BENCH_PD_SECRET, type Stack } from '../stack.js';
import { until, waitForAttached } from './wait.js';

const TOTAL = 10_000;
const SECONDS = 60;
const REPEAT_SHARE = 0.2;
const KEYS = 50;
/** A repeat re-sends a delivery sent at least this many requests earlier (~0.3 s at 167/s). */
const REPEAT_DISTANCE = 50;
const RSS_LIMIT_MB = 300;
/** How long to wait for every delivery to be attached after the last answer (keeps the suite near 15 minutes). */
const ATTACH_CAP_MS = 90_000;

/**
 * 10 000 deliveries (or `total`): 80 % distinct (event ids S<run>-D<k>) over 50 PagerDuty
 * incidents, 20 % byte-exact repeats; request i goes to process i mod `processes`.
 */
export function stormPlan(run: number, total = TOTAL, processes = 2): { requests: RequestSpec[]; repeat: boolean[]; distinct: number } {
  const random = mulberry32(1000 + run);
  const repeats = Math.round(total * REPEAT_SHARE);
  const candidates = Array.from({ length: total - REPEAT_DISTANCE * 2 }, (_, i) => i + REPEAT_DISTANCE * 2);
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j] ?? 0, candidates[i] ?? 0];
  }
  const repeatAt = new Set(candidates.slice(0, repeats));
  const sent: { spec: RequestSpec; position: number }[] = [];
  const requests: RequestSpec[] = [];
  const repeat: boolean[] = [];
  for (let position = 0; position < total; position++) {
    const earlier = sent.filter((s) => s.position < position - REPEAT_DISTANCE).length;
    if (repeatAt.has(position) && earlier > 0) {
      const original = sent[Math.floor(random() * earlier)];
      if (original) {
        requests.push({ ...original.spec, target: position % processes });
        repeat.push(true);
        continue;
      }
    }
    const k = sent.length;
    const key = k % KEYS;
    // Each incident starts with a trigger; later events are triggers (80 %) and acknowledgements (20 %).
    const type = k < KEYS || random() < 0.8 ? 'incident.triggered' : 'incident.acknowledged';
    const payload = JSON.stringify(pagerDutyEvent({ eventId: `S${run}-D${k}`, type, incidentId: `S${run}K${key}`, title: `Storm ${run}/${key}`, status: type === 'incident.triggered' ? 'triggered' : 'acknowledged' }));
    const spec = { payload, headers: { 'content-type': 'application/json', 'x-pagerduty-signature': pagerDutySignature(payload, BENCH_PD_SECRET) } };
    sent.push({ spec, position });
    requests.push({ ...spec, target: position % processes });
    repeat.push(false);
  }
  return { requests, repeat, distinct: sent.length };
}

async function rssMb(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb === undefined ? null : Number(kb) / 1024;
  } catch {
    return null;
  }
}

/** Samples the RSS of each process once a second; `stop()` returns the peak of each, in MB. */
function sampleRss(processes: readonly WarroomProcess[]): { stop(): number[]; now(): Promise<number[]> } {
  const peaks = processes.map(() => 0);
  const sample = async () => {
    const values = await Promise.all(processes.map((p) => (p.child.pid === undefined ? Promise.resolve(null) : rssMb(p.child.pid))));
    values.forEach((v, i) => {
      if (v !== null) peaks[i] = Math.max(peaks[i] ?? 0, v);
    });
    return values.map((v) => v ?? NaN);
  };
  void sample();
  const timer = setInterval(() => void sample(), 1000);
  return {
    stop() {
      clearInterval(timer);
      return [...peaks];
    },
    now: sample,
  };
}

/** A Warroom child process (`serve`) on `databaseUrl`, once it answers /readyz. */
export async function startProcess(stack: Stack, databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<WarroomProcess> {
  const port = await freePort();
  const env: Record<string, string> = { ...stack.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...extraEnv };
  // BENCH_CPU_PROF=<dir>: each child writes a V8 CPU profile there when it exits.
  if (process.env.BENCH_CPU_PROF) env.NODE_OPTIONS = `--cpu-prof --cpu-prof-dir=${process.env.BENCH_CPU_PROF}`;
  const p = spawnWarroom(['serve'], env);
  await until(
    `Warroom on port ${port} to be ready`,
    async () => {
      if (!p.alive()) throw new Error(`Warroom exited before it was ready:\n${p.output().slice(-2000)}`);
      const res = await fetch(`${p.base}/readyz`).catch(() => null);
      await res?.text();
      return res?.status === 200 ? true : undefined;
    },
    120_000,
    200,
  );
  return p;
}

/**
 * Two Warroom processes on one PostgreSQL take a PagerDuty storm: 10 000 signed deliveries in
 * 60 s (~167/s, alternating between the two), 20 % of them byte-exact repeats of earlier ones,
 * over 50 PagerDuty incidents. Exactly 50 incidents must result, every distinct delivery stored
 * once, every repeat answered 200, nothing refused, and each process stays under 300 MB RSS.
 */
export async function storm(stack: Stack, runs: number): Promise<Row[]> {
  const incidents: number[] = [];
  const stored: number[] = [];
  const duplicates200: number[] = [];
  const non2xx: number[] = [];
  const rss: number[][] = [[], []];
  const rssReady: number[][] = [[], []];
  const attachAfter: number[] = [];
  const leftAtCap: number[] = [];
  const p99: number[] = [];
  const lag: number[] = [];
  let distinct = 0;
  let repeats = 0;
  for (let run = 0; run < runs; run++) {
    const plan = stormPlan(run);
    distinct = plan.distinct;
    repeats = plan.repeat.filter(Boolean).length;
    // A database of its own per run: a backlog left by one run cannot slow the next.
    const databaseUrl = await stack.createDatabase(`storm_${run}`);
    const db = createKnex({ url: databaseUrl, log: silentLogger() });
    const processes: WarroomProcess[] = [];
    try {
      // One after the other: the first applies the migrations.
      processes.push(await startProcess(stack, databaseUrl));
      processes.push(await startProcess(stack, databaseUrl));
      const sampler = sampleRss(processes);
      (await sampler.now()).forEach((mb, i) => rssReady[i]?.push(mb));
      const result = await runRate({
        url: processes.map((p) => `${p.base}/webhooks/pagerduty`),
        ratePerSecond: TOTAL / SECONDS,
        durationSeconds: SECONDS,
        body: (i) => plan.requests[i] ?? { payload: '', headers: {} },
      });
      const attached = await waitForAttached(db, ATTACH_CAP_MS, `S${run}-`);
      attachAfter.push(attached.ms / 1000);
      leftAtCap.push(attached.left);
      sampler.stop().forEach((mb, i) => rss[i]?.push(mb));
      p99.push(result.p99Ms);
      lag.push(result.sendLagP99Ms);
      non2xx.push(result.statuses.filter((s) => s < 200 || s > 299).length);
      duplicates200.push(result.statuses.filter((s, i) => plan.repeat[i] === true && s === 200).length);
      stored.push(Number((await db('deliveries').where('provider', 'pagerduty').where('delivery_id', 'like', `S${run}-%`).count<{ n: string }[]>({ n: '*' }))[0]?.n));
      incidents.push(Number((await db('incidents').where('grouping_key', 'like', `pagerduty:S${run}K%`).count<{ n: string }[]>({ n: '*' }))[0]?.n));
    } finally {
      for (const p of processes) {
        const code = await stopWarroom(p);
        if (code !== 0) console.error(`storm: a Warroom process exited with ${code}:\n${p.output().slice(-2000)}`);
      }
      await db.destroy();
    }
  }
  return [
    row('storm', 'incidents (50 keys)', '', incidents, exactly(50)),
    row('storm', `distinct deliveries stored (${distinct} sent)`, '', stored, exactly(distinct)),
    row('storm', `repeats answered 200 (${repeats} sent)`, '', duplicates200, exactly(repeats)),
    row('storm', 'answers not 2xx', '', non2xx, exactly(0)),
    row('storm', 'max RSS, process 1', 'MB', rss[0] ?? [], everyRun(atMost(RSS_LIMIT_MB))),
    row('storm', 'max RSS, process 2', 'MB', rss[1] ?? [], everyRun(atMost(RSS_LIMIT_MB))),
    row('storm', 'RSS when ready, process 1', 'MB', rssReady[0] ?? []),
    row('storm', 'answer p99 at 167/s', 'ms', p99),
    row('storm', 'generator send lag p99', 'ms', lag),
    row('storm', `all attached, after last answer (cap ${ATTACH_CAP_MS / 1000} s)`, 's', attachAfter),
    row('storm', `not attached ${ATTACH_CAP_MS / 1000} s after last answer`, '', leftAtCap),
  ];
}
