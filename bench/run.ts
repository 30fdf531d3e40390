/**
 * `npm run bench [scenario…]`: runs each scenario three times on a real embedded PostgreSQL,
 * prints one table (median with min and max) and writes bench/results/latest.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import type { Row } from './row.js';
import { alertmanagerBulk } from './scenarios/alertmanager-bulk.js';
import { apiDeclare } from './scenarios/api-declare.js';
import { intake } from './scenarios/intake.js';
import { withStack, type Stack } from './stack.js';

const RUNS = 3;
const SCENARIOS: Record<string, (stack: Stack, runs: number) => Promise<Row[]>> = {
  intake,
  'alertmanager-bulk': alertmanagerBulk,
  'api-declare': apiDeclare,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in SCENARIOS));
if (unknown.length > 0) {
  console.error(`Unknown scenario(s): ${unknown.join(', ')}. Available: ${Object.keys(SCENARIOS).join(', ')}`);
  process.exit(2);
}
const rows: Row[] = [];
for (const name of wanted.length > 0 ? wanted : Object.keys(SCENARIOS)) {
  const scenario = SCENARIOS[name];
  if (scenario) rows.push(...(await withStack((stack) => scenario(stack, RUNS))));
}

const fmt = (n: number | null) => (n === null ? '-' : n >= 100 ? n.toFixed(0) : n.toFixed(2));
const widths = [20, 24, 32, 12, 14, 8];
const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 12)).join('');
console.log(`${RUNS} runs each; value = median [min–max]\n`);
console.log(line(['scenario', 'figure', 'value', 'target', 'baseline', 'ratio']));
for (const r of rows) {
  console.log(line([r.scenario, r.figure, `${fmt(r.median)} ${r.unit} [${fmt(r.min)}–${fmt(r.max)}]`, r.target, r.baseline === null ? '-' : `${fmt(r.baseline)} ${r.unit}`, fmt(r.ratio)]));
}
await mkdir(new URL('./results/', import.meta.url), { recursive: true });
await writeFile(new URL('./results/latest.json', import.meta.url), JSON.stringify({ at: new Date().toISOString(), runs: RUNS, rows }, null, 2));
