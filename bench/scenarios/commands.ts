import { slackSignedHeaders } from '../../src/sandbox/slack-signature.js';
import { startSlackFake } from '../../test/fakes/slack-api-fake.js';
import { runRate, type RateResult } from '../load.js';
import { atMost, exactly, row, type Row } from '../row.js';
import { BENCH_SLACK_SECRET, BENCH_TOKEN, type Stack } from '../stack.js';
import { until } from './wait.js';

const RATE = 50;
const SECONDS = 10;
const OPEN_INCIDENTS = 20;

/** A slash command exactly as Slack sends it: form-encoded, v0-signed with the timestamp. */
function slashCommand(text: string, i: number): { payload: string; headers: Record<string, string> } {
  const payload = new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'TFAKE',
    team_domain: 'acme',
    channel_id: 'CGENERAL',
    channel_name: 'general',
    user_id: 'U0ALICE01',
    user_name: 'alice',
    command: '/incident',
    text,
    api_app_id: 'AWARROOM',
    response_url: 'http://127.0.0.1:9/commands/unused',
    trigger_id: `bench-trigger-${i}`,
  }).toString();
  return { payload, headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignedHeaders(BENCH_SLACK_SECRET, payload) } };
}

/**
 * Signed `/incident list` slash commands at 50/s for 10 s (open loop) with 20 open incidents:
 * the time to the HTTP answer, which is the ack Slack waits for (3 s at most).
 */
export async function commands(stack: Stack, runs: number): Promise<Row[]> {
  const fake = await startSlackFake();
  const warroom = await stack.startWarroom({ SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: BENCH_SLACK_SECRET, SLACK_API_URL: fake.url });
  const base = `http://127.0.0.1:${warroom.port}`;
  const results: RateResult[] = [];
  try {
    for (let i = 0; i < OPEN_INCIDENTS; i++) {
      const res = await fetch(`${base}/api/incidents`, { method: 'POST', headers: { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ title: `Open incident ${i}`, severity: (i % 4) + 1 }) });
      if (res.status !== 201) throw new Error(`commands: declaring answered ${res.status}: ${await res.text()}`);
    }
    // Let the rooms be set up first, so the load meets a quiet Warroom.
    await until('the rooms of the open incidents', () => (fake.calls('pins.add').filter((c) => c.ok).length >= OPEN_INCIDENTS ? true : undefined), 60_000, 100);
    const warm = slashCommand('list', -1);
    const first = await fetch(`${base}/slack/events`, { method: 'POST', body: warm.payload, headers: warm.headers });
    const text = await first.text();
    if (first.status !== 200 || !text.includes('INC-')) throw new Error(`commands: /incident list answered ${first.status}: ${text.slice(0, 200)}`);
    for (let run = 0; run < runs; run++) {
      results.push(await runRate({ url: `${base}/slack/events`, ratePerSecond: RATE, durationSeconds: SECONDS, body: (i) => slashCommand('list', run * 10_000 + i), okStatus: (s) => s === 200 }));
    }
  } finally {
    await warroom.stop();
    await fake.close();
  }
  return [
    row('commands', `ack p50 at ${RATE}/s`, 'ms', results.map((r) => r.p50Ms)),
    row('commands', `ack p99 at ${RATE}/s`, 'ms', results.map((r) => r.p99Ms), atMost(200)),
    row('commands', `not 200 at ${RATE}/s`, '', results.map((r) => r.failed + r.notOk), exactly(0)),
  ];
}
