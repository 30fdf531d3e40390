import { startSlackFake, type RecordedCall, type SlackFake } from '../../test/fakes/slack-api-fake.js';
import { atLeast, everyRun, exactly, row, type Row } from '../row.js';
import { BENCH_SLACK_SECRET, BENCH_TOKEN, type Stack } from '../stack.js';
import { sleep } from './wait.js';

const BUDGET = 20;
const WINDOW_SECONDS = 60;
const CAP_MS = 180_000;
const SEV1 = 10;
/** The 50 declared first, interleaved; then the 10 SEV1. */
const OTHERS: readonly string[] = Array.from({ length: 50 }, (_, i) => (i % 10 === 3 ? 'SEV2' : i % 5 === 4 ? 'SEV4' : 'SEV3'));

interface Outcome {
  createdFirstWindow: number;
  sev1First: boolean;
  sev1AfterLimit: number;
  overtaken: number;
  orderedAfterLimit: boolean;
  violations: number;
  limited: number;
}

const createdOk = (calls: readonly RecordedCall[]) => calls.filter((c) => c.method === 'conversations.create' && c.ok === true);
const incidentOf = (c: RecordedCall) => Number(/^inc-(\d+)-/.exec(typeof c.args.name === 'string' ? c.args.name : '')?.[1] ?? NaN);

async function declare(base: string, title: string, severity: string): Promise<{ id: number; severity: string }> {
  const res = await fetch(`${base}/api/incidents`, { method: 'POST', headers: { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ title, severity }) });
  const body = (await res.json()) as { ref?: string; severity?: string };
  if (res.status !== 201 || typeof body.ref !== 'string') throw new Error(`channel-budget: declaring answered ${res.status}`);
  return { id: Number(body.ref.slice(4)), severity: String(body.severity) };
}

async function oneRun(stack: Stack, databaseUrl: string, fake: SlackFake, run: number): Promise<Outcome> {
  fake.quota('conversations.create', { calls: BUDGET, windowSeconds: WINDOW_SECONDS });
  const warroom = await stack.startWarroom({ DATABASE_URL: databaseUrl, SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: BENCH_SLACK_SECRET, SLACK_API_URL: fake.url });
  const base = `http://127.0.0.1:${warroom.port}`;
  const severity = new Map<number, string>();
  try {
    const t0 = Date.now();
    for (const d of await Promise.all(OTHERS.map((sev, i) => declare(base, `Budget r${run} n${i}`, sev)))) severity.set(d.id, d.severity);
    for (const d of await Promise.all(Array.from({ length: SEV1 }, (_, i) => declare(base, `Budget r${run} sev1 ${i}`, 'SEV1')))) severity.set(d.id, d.severity);
    const sev1Ids = [...severity].filter(([, s]) => s === 'SEV1').map(([id]) => id);
    const sev1DeclaredAt = Date.now();
    // Until every SEV1 has its channel and the second window has been used (40 channels), 3 minutes at most.
    for (;;) {
      const created = createdOk(fake.calls());
      const sev1Done = sev1Ids.every((id) => created.some((c) => incidentOf(c) === id));
      if ((sev1Done && created.length >= Math.min(OTHERS.length + SEV1, 2 * BUDGET)) || Date.now() - t0 > CAP_MS) break;
      await sleep(200);
    }
    const calls = fake.calls('conversations.create');
    const created = createdOk(calls);
    const sevOf = (c: RecordedCall) => severity.get(incidentOf(c)) ?? 'SEV?';
    const firstLimit = calls.find((c) => c.status === 429);
    const afterLimit = firstLimit === undefined ? [] : created.filter((c) => c.seq > firstLimit.seq);
    const sev1Created = created.filter((c) => sevOf(c) === 'SEV1');
    const sev3AfterLimit = afterLimit.filter((c) => sevOf(c) === 'SEV3');
    const lastSev1 = Math.max(...sev1Created.map((c) => c.seq));
    return {
      createdFirstWindow: created.filter((c) => c.at < t0 + WINDOW_SECONDS * 1000).length,
      sev1First: sev1Created.length === SEV1 && sev1Created.every((s) => sev3AfterLimit.every((c) => s.seq < c.seq)),
      sev1AfterLimit: afterLimit.filter((c) => sevOf(c) === 'SEV1').length,
      // Set-ups of a lower severity that started once the SEV1s were declared and before the last SEV1 channel (one may be in flight).
      overtaken: created.filter((c) => sevOf(c) !== 'SEV1' && c.at > sev1DeclaredAt && c.seq < lastSev1).length,
      orderedAfterLimit: afterLimit.every((c, i) => i === 0 || sevOf(afterLimit[i - 1] ?? c) <= sevOf(c)),
      violations: fake.violations().length,
      limited: calls.filter((c) => c.status === 429).length,
    };
  } finally {
    await warroom.stop();
  }
}

/**
 * Slack allows 20 conversations.create a minute (the fake's quota: 20 per 60 s window, then 429
 * with Retry-After until the window ends). 60 incidents are declared at once through the API
 * (SEV2/SEV3/SEV4 mixed, the 10 SEV1 last): channels created in the first 60 s, whether every
 * SEV1 got its channel before any SEV3 created after the first 429, and calls made before a
 * Retry-After ended. The three runs go side by side (see below); each stops once the second window
 * has shown its order, at 3 minutes at the latest.
 */
export async function channelBudget(stack: Stack, runs: number): Promise<Row[]> {
  // The runs wait on Slack's window, not on the CPU: they run side by side, each with its own
  // database, Slack fake and Warroom, so the scenario takes ~65 s instead of ~3 minutes.
  const outcomes = await Promise.all(
    Array.from({ length: runs }, async (_, run) => {
      const databaseUrl = await stack.createDatabase(`budget_${run}`);
      const fake = await startSlackFake();
      try {
        return await oneRun(stack, databaseUrl, fake, run);
      } finally {
        await fake.close();
      }
    }),
  );
  return [
    row('channel-budget', 'channels created in first 60 s', '', outcomes.map((o) => o.createdFirstWindow), atLeast(18)),
    row('channel-budget', 'SEV1 before SEV3 after 429 (1 = yes)', '', outcomes.map((o) => (o.sev1First ? 1 : 0)), exactly(1)),
    row('channel-budget', 'calls before Retry-After ended', '', outcomes.map((o) => o.violations), everyRun(exactly(0))),
    row('channel-budget', 'SEV1 channels created after 429', '', outcomes.map((o) => o.sev1AfterLimit)),
    row('channel-budget', 'lower sev. created while a SEV1 waited', '', outcomes.map((o) => o.overtaken)),
    row('channel-budget', 'severity order after 429 (1 = yes)', '', outcomes.map((o) => (o.orderedAfterLimit ? 1 : 0))),
    row('channel-budget', 'conversations.create answered 429', '', outcomes.map((o) => o.limited)),
  ];
}
