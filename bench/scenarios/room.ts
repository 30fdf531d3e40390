import { pagerDutyEvent, pagerDutySignature } from '../../test/helpers/provider-payloads.js';
import { startSlackFake, type SlackFake } from '../../test/fakes/slack-api-fake.js';
import { percentile } from '../load.js';
import { atMost, row, type Row } from '../row.js';
import { BENCH_PD_SECRET, BENCH_SLACK_SECRET, type Stack } from '../stack.js';
import { sleep, until } from './wait.js';

const ALERTS = 20;
const SLACK_LATENCY_MS = 100;
const SPACING_MS = 1000;

interface Timing {
  /** Alert sent → conversations.create arrived at Slack, ms. */
  readonly created: number;
  /** Alert sent → pins.add of the summary arrived at Slack (the last step of the set-up), ms. */
  readonly pinned: number;
}

/** Sends one PagerDuty trigger per alert (`spacingMs` apart, 0 = all at once) and times each room. */
async function roomsFor(fake: SlackFake, webhook: string, tag: string, spacingMs: number): Promise<Timing[]> {
  const sentAt = new Map<number, number>();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < ALERTS; i++) {
    const payload = JSON.stringify(pagerDutyEvent({ eventId: `${tag}-E${i}`, type: 'incident.triggered', incidentId: `${tag}-P${i}`, title: `Room ${tag} a${i}` }));
    const headers = { 'content-type': 'application/json', 'x-pagerduty-signature': pagerDutySignature(payload, BENCH_PD_SECRET) };
    sentAt.set(i, Date.now());
    sends.push(
      fetch(webhook, { method: 'POST', body: payload, headers }).then(async (res) => {
        await res.text();
        if (res.status !== 202) throw new Error(`room: the alert was answered ${res.status}`);
      }),
    );
    if (spacingMs > 0) await sleep(spacingMs);
  }
  await Promise.all(sends);
  const slug = `room-${tag.toLowerCase()}-a`;
  const channelOf = (i: number) => fake.calls('conversations.create').find((c) => c.ok === true && typeof c.args.name === 'string' && c.args.name.endsWith(`${slug}${i}`));
  return until(
    `${ALERTS} rooms set up (${tag})`,
    () => {
      const timings: Timing[] = [];
      const pins = fake.calls('pins.add').filter((c) => c.ok === true);
      for (let i = 0; i < ALERTS; i++) {
        const created = channelOf(i);
        const id = typeof created?.args.name === 'string' ? fake.channelByName(created.args.name)?.id : undefined;
        const pinned = pins.find((p) => p.args.channel === id);
        const sent = sentAt.get(i);
        if (!created || !pinned || sent === undefined) return undefined;
        timings.push({ created: created.at - sent, pinned: pinned.at - sent });
      }
      return timings;
    },
    120_000,
    50,
  );
}

/**
 * Alert → incident → Slack room against a Slack fake that answers every call after 100 ms.
 * 20 PagerDuty triggers for 20 different incidents, one a second: p95 of alert sent →
 * conversations.create, and alert sent → summary pinned (the set-up's last call). The same 20
 * sent at once (issue 22): the room worker's slots set the rooms up side by side.
 */
export async function room(stack: Stack, runs: number): Promise<Row[]> {
  const fake = await startSlackFake();
  fake.setLatency(SLACK_LATENCY_MS);
  // 8 slots, as measured in RESULTS.md (issue 22); the default is 1 (see README's operating notes).
  const warroom = await stack.startWarroom({ SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: BENCH_SLACK_SECRET, SLACK_API_URL: fake.url, ROOM_WORKER_SLOTS: '8' });
  const webhook = `http://127.0.0.1:${warroom.port}/webhooks/pagerduty`;
  const created: number[] = [];
  const pinned: number[] = [];
  const burstCreated: number[] = [];
  const burstPinned: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const spaced = await roomsFor(fake, webhook, `S${run}`, SPACING_MS);
      created.push(percentile(spaced.map((t) => t.created), 95));
      pinned.push(percentile(spaced.map((t) => t.pinned), 95));
      const burst = await roomsFor(fake, webhook, `B${run}`, 0);
      burstCreated.push(percentile(burst.map((t) => t.created), 95));
      burstPinned.push(percentile(burst.map((t) => t.pinned), 95));
    }
    if (fake.violations().length > 0) throw new Error(`room: ${fake.violations().length} Slack calls came before their Retry-After`);
  } finally {
    await warroom.stop();
    await fake.close();
  }
  return [
    row('room', 'alert → channel p95 (1/s)', 'ms', created, atMost(2000)),
    row('room', 'alert → pinned p95 (1/s)', 'ms', pinned, atMost(5000)),
    row('room', 'alert → channel p95 (burst 20)', 'ms', burstCreated, atMost(1500)),
    row('room', 'alert → pinned p95 (burst 20)', 'ms', burstPinned, atMost(3000)),
  ];
}
