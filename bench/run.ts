/**
 * `npm run bench [scenario…]`: runs each scenario three times against a real embedded PostgreSQL,
 * prints one table (median with min and max) and writes bench/results/latest.json.
 * Scenarios so far: api-declare (POST /api/incidents vs the physical baseline).
 * The alert-storm, Slack-room and command scenarios arrive with those features.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../src/adapters/postgres/embedded-postgres.js';
import { loadConfig } from '../src/config.js';
import { startWarroom } from '../src/main.js';
import { silentLogger } from '../test/helpers/silent-logger.js';
import { sign, startBaseline } from './baseline-server.js';
import { runLoad, type LoadResult } from './load.js';

const RUNS = 3;
const TOTAL = 3000;
const CONCURRENCY = 20;
const TOKEN = 'bench-token';

interface Row {
  scenario: string;
  figure: string;
  median: number;
  min: number;
  max: number;
  unit: string;
  baseline: number | null;
  ratio: number | null;
}

const stats = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)] ?? NaN, min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN };
};

async function apiDeclare(): Promise<Row[]> {
  const log = silentLogger();
  const dir = await mkdtemp(join(tmpdir(), 'warroom-bench-'));
  const pgServer = await startEmbeddedPostgres({ dataDir: dir, log });
  const loaded = loadConfig({ DATABASE_URL: pgServer.url, WARROOM_API_TOKEN: TOKEN, LOG_LEVEL: 'silent' }, { readFile: () => null });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const warroom = await startWarroom({ ...loaded.config, port: 0, host: '127.0.0.1' }, log);
  await warroom.ready;
  const baseline = await startBaseline(pgServer.url);
  const padding = 'x'.repeat(1800); // ~2 KB bodies, like a webhook delivery
  const ours: LoadResult[] = [];
  const theirs: LoadResult[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      theirs.push(
        await runLoad({
          url: `http://127.0.0.1:${baseline.port}/`,
          total: TOTAL,
          concurrency: CONCURRENCY,
          body: (i) => {
            const payload = JSON.stringify({ title: `bench ${i}`, padding });
            return { payload, headers: { 'content-type': 'application/json', 'x-signature': sign(payload) } };
          },
          okStatus: (s) => s === 202,
        }),
      );
      ours.push(
        await runLoad({
          url: `http://127.0.0.1:${warroom.port}/api/incidents`,
          total: TOTAL,
          concurrency: CONCURRENCY,
          body: (i) => ({
            payload: JSON.stringify({ title: `bench ${i}`, description: padding }),
            headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
          }),
          okStatus: (s) => s === 201,
        }),
      );
    }
  } finally {
    await baseline.close();
    await warroom.stop();
    await pgServer.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const errors = ours.reduce((n, r) => n + r.errors, 0) + theirs.reduce((n, r) => n + r.errors, 0);
  if (errors > 0) throw new Error(`api-declare: ${errors} requests failed`);
  const row = (figure: string, unit: string, pick: (r: LoadResult) => number): Row => {
    const o = stats(ours.map(pick));
    const b = stats(theirs.map(pick)).median;
    return { scenario: 'api-declare', figure, ...o, unit, baseline: b, ratio: o.median / b };
  };
  return [row('p50 latency', 'ms', (r) => r.p50Ms), row('p99 latency', 'ms', (r) => r.p99Ms), row('throughput', 'req/s', (r) => r.perSecond)];
}

const SCENARIOS: Record<string, () => Promise<Row[]>> = { 'api-declare': apiDeclare };

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in SCENARIOS));
if (unknown.length > 0) {
  console.error(`Unknown scenario(s): ${unknown.join(', ')}. Available: ${Object.keys(SCENARIOS).join(', ')}`);
  process.exit(2);
}
const rows: Row[] = [];
for (const name of wanted.length > 0 ? wanted : Object.keys(SCENARIOS)) rows.push(...(await SCENARIOS[name]!()));

const fmt = (n: number | null) => (n === null ? '-' : n >= 100 ? n.toFixed(0) : n.toFixed(2));
console.log(`${TOTAL} requests × ${RUNS} runs, concurrency ${CONCURRENCY}; median [min–max]\n`);
console.log(['scenario', 'figure', 'value', 'baseline', 'ratio'].map((h, i) => h.padEnd(i === 2 ? 30 : 16)).join(''));
for (const r of rows) {
  console.log(
    [r.scenario, r.figure, `${fmt(r.median)} ${r.unit} [${fmt(r.min)}–${fmt(r.max)}]`, r.baseline === null ? '-' : `${fmt(r.baseline)} ${r.unit}`, fmt(r.ratio)]
      .map((c, i) => c.padEnd(i === 2 ? 30 : 16))
      .join(''),
  );
}
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(new URL('./results/latest.json', import.meta.url), JSON.stringify({ at: new Date().toISOString(), rows }, null, 2));
