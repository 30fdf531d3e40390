/**
 * `npm run bench [scenario…]`: runs each scenario three times on a fresh embedded PostgreSQL,
 * prints one table (median with min and max, target, baseline, ratio, pass/short) and writes the
 * same to bench/results/latest.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { formatNumber, type Row } from './row.js';
import { alertmanagerBulk } from './scenarios/alertmanager-bulk.js';
import { apiDeclare } from './scenarios/api-declare.js';
import { channelBudget } from './scenarios/channel-budget.js';
import { commands } from './scenarios/commands.js';
import { hotKey } from './scenarios/hot-key.js';
import { intake } from './scenarios/intake.js';
import { postmortem } from './scenarios/postmortem.js';
import { REPLICAS_POSTGRES_SETTINGS, replicas } from './scenarios/replicas.js';
import { slackTaskCost } from './scenarios/slack-task-cost.js';
import { room } from './scenarios/room.js';
import { storm } from './scenarios/storm.js';
import { withStack, withWarroomStack, type Stack, type WarroomStack } from './stack.js';

/** Three runs per scenario; BENCH_RUNS overrides it for quick checks. */
const RUNS = Number(process.env.BENCH_RUNS ?? 3) || 3;

type Scenario =
  | { readonly stack: 'warroom'; readonly run: (stack: WarroomStack, runs: number) => Promise<Row[]> }
  | { readonly stack: 'bare'; readonly run: (stack: Stack, runs: number) => Promise<Row[]>; readonly postgresSettings?: Readonly<Record<string, string>> };

const SCENARIOS: Record<string, Scenario> = {
  intake: { stack: 'warroom', run: intake },
  storm: { stack: 'bare', run: storm },
  'alertmanager-bulk': { stack: 'warroom', run: alertmanagerBulk },
  room: { stack: 'bare', run: room },
  commands: { stack: 'bare', run: commands },
  'channel-budget': { stack: 'bare', run: channelBudget },
  postmortem: { stack: 'warroom', run: postmortem },
  'api-declare': { stack: 'warroom', run: apiDeclare },
  'hot-key': { stack: 'warroom', run: hotKey },
  replicas: { stack: 'bare', run: replicas, postgresSettings: REPLICAS_POSTGRES_SETTINGS },
  'replicas-slack': { stack: 'bare', run: slackTaskCost, postgresSettings: REPLICAS_POSTGRES_SETTINGS },
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in SCENARIOS));
if (unknown.length > 0) {
  console.error(`Unknown scenario(s): ${unknown.join(', ')}. Available: ${Object.keys(SCENARIOS).join(', ')}`);
  process.exit(2);
}

const rows: Row[] = [];
const failures: { scenario: string; error: string }[] = [];
const seconds: Record<string, number> = {};
const suiteStarted = performance.now();
for (const name of wanted.length > 0 ? wanted : Object.keys(SCENARIOS)) {
  const scenario = SCENARIOS[name];
  if (!scenario) continue;
  const started = performance.now();
  console.error(`[bench] ${name}…`);
  try {
    const result = scenario.stack === 'warroom' ? await withWarroomStack((s) => scenario.run(s, RUNS)) : await withStack((s) => scenario.run(s, RUNS), scenario.postgresSettings);
    rows.push(...result);
  } catch (err) {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    failures.push({ scenario: name, error });
    console.error(`[bench] ${name} failed: ${error}`);
  }
  seconds[name] = Math.round((performance.now() - started) / 1000);
  console.error(`[bench] ${name} took ${seconds[name]} s`);
}
const totalSeconds = Math.round((performance.now() - suiteStarted) / 1000);

const value = (r: Row) => {
  const unit = r.unit ? ` ${r.unit}` : '';
  return r.min === r.max ? `${formatNumber(r.median)}${unit}` : `${formatNumber(r.median)}${unit} [${formatNumber(r.min)}–${formatNumber(r.max)}]`;
};
const cells = (r: Row) => [r.scenario, r.figure, value(r), r.targetText, r.baseline === null ? '-' : `${formatNumber(r.baseline)}${r.unit ? ` ${r.unit}` : ''}`, formatNumber(r.ratio), r.verdict];
const header = ['scenario', 'figure', 'value', 'target', 'baseline', 'ratio', 'pass/short'];
const table = [header, ...rows.map(cells)];
const widths = header.map((_, i) => Math.max(...table.map((line) => (line[i] ?? '').length)) + 2);
const line = (c: string[]) => c.map((cell, i) => cell.padEnd(widths[i] ?? 12)).join('').trimEnd();

console.log(`${RUNS} runs each; value = median [min–max]; ${cpus().length} cores, Node ${process.versions.node}; ${totalSeconds} s in all\n`);
for (const l of table) console.log(line(l));
const short = rows.filter((r) => r.verdict === 'short');
console.log(`\n${rows.filter((r) => r.verdict === 'pass').length} pass, ${short.length} short${failures.length > 0 ? `, ${failures.length} scenario(s) failed: ${failures.map((f) => f.scenario).join(', ')}` : ''}`);

await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('./results/latest.json', import.meta.url),
  `${JSON.stringify({ at: new Date().toISOString(), runs: RUNS, cores: cpus().length, node: process.versions.node, seconds: { ...seconds, total: totalSeconds }, rows, failures }, null, 2)}\n`,
);
if (failures.length > 0) process.exitCode = 1;
