import { renderPostmortem } from '../../src/core/postmortem.js';
import { atMost, row, stats, type Row, type Target } from '../row.js';
import { BENCH_TOKEN, type WarroomStack } from '../stack.js';

/**
 * A realistic mix of timeline events, built in PostgreSQL in one statement: notes (some with `|`,
 * `<` and `*`, some "action:" items), alerts, status and role changes, check results,
 * stakeholder updates, pins with permalinks; Slack users, providers and Warroom as actors.
 */
const BULK_EVENTS = `
insert into timeline_events (incident_id, at, kind, actor, text, data)
select ?, ?::timestamptz + g * interval '1 second',
  (array['note_added','alert_received','alert_updated','status_changed','role_assigned','note_added','check_result','stakeholder_update','member_joined','message_pinned'])[1 + g % 10],
  (array['U0ALICE01','U0BOB0002','pagerduty','warroom','U0CAROL03'])[1 + g % 5],
  case g % 7
    when 0 then 'Rolled back deploy ' || g || ' | error rate <5% *again* (see <@U0BOB0002>)'
    when 1 then 'action: add an alert on queue depth ' || g
    when 2 then 'Checkout 5xx on checkout-api-' || (g % 40) || ' in eu-west-' || (g % 3)
    else 'Checked dashboards for region eu-west-' || (g % 3) || '; latency p99 back to 240 ms after restart ' || g
  end,
  case g % 10
    when 3 then jsonb_build_object('from', 'investigating', 'to', (array['identified','monitoring','investigating'])[1 + g % 3])
    when 4 then jsonb_build_object('role', 'commander', 'user', 'U0ALICE01')
    when 6 then jsonb_build_object('name', 'db-connections', 'outcome', (array['ok','failing'])[1 + g % 2])
    when 9 then jsonb_build_object('permalink', 'https://acme.slack.com/archives/C0INC/p' || (1763892000000000 + g))
    when 1 then jsonb_build_object('provider', 'pagerduty', 'key', 'PKEY' || (g % 50), 'fingerprint', 'fp-' || g)
    else '{}'::jsonb
  end
from generate_series(1, ?) g`;

async function declare(base: string, title: string): Promise<{ id: number; ref: string; createdAt: string }> {
  const res = await fetch(`${base}/api/incidents`, { method: 'POST', headers: { authorization: `Bearer ${BENCH_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ title, severity: 'SEV2', services: ['checkout'] }) });
  const body = (await res.json()) as { ref: string; createdAt: string };
  if (res.status !== 201) throw new Error(`postmortem: declaring answered ${res.status}`);
  return { id: Number(body.ref.slice(4)), ref: body.ref, createdAt: body.createdAt };
}

async function timed(runs: number, work: () => unknown): Promise<number[]> {
  await work(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times;
}

/**
 * The postmortem draft of an incident with 10 000 and with 100 000 timeline events: the pure
 * render (renderPostmortem on events already loaded), and GET /api/incidents/:ref/postmortem
 * (load + render + send). Each timing: one warm-up, then one per run.
 */
export async function postmortem(stack: WarroomStack, runs: number): Promise<Row[]> {
  const base = `http://127.0.0.1:${stack.warroom.port}`;
  const store = stack.warroom.database.store;
  const rows: Row[] = [];
  const sizes: { events: number; render: Target | null; api: Target | null }[] = [
    { events: 10_000, render: atMost(100), api: atMost(500) },
    { events: 100_000, render: atMost(3000), api: null },
  ];
  for (const size of sizes) {
    const label = size.events.toLocaleString('en-US').replace(/,/g, ' ');
    const incident = await declare(base, `Postmortem of ${label} events`);
    await stack.knex.raw(BULK_EVENTS, [incident.id, incident.createdAt, size.events]);
    const found = await store.find(incident.id);
    if (!found) throw new Error('postmortem: the incident is gone');
    const events = await store.timeline(incident.id);
    if (events.length !== size.events + 1) throw new Error(`postmortem: ${events.length} events loaded, ${size.events + 1} expected`);
    const evidence = await store.evidence(incident.id);
    let bytes = 0;
    const render = await timed(runs, () => {
      bytes = renderPostmortem({ incident: found, events, alerts: evidence.alerts, scopeSnapshots: evidence.scopeSnapshots }).length;
    });
    const load = await timed(runs, () => store.timeline(incident.id));
    const api = await timed(runs, async () => {
      const res = await fetch(`${base}/api/incidents/${incident.ref}/postmortem`, { headers: { authorization: `Bearer ${BENCH_TOKEN}` } });
      const text = await res.text();
      if (res.status !== 200 || text.length < bytes / 2) throw new Error(`postmortem: the API answered ${res.status} with ${text.length} characters`);
    });
    rows.push(
      row('postmortem', `render, ${label} events`, 'ms', render, size.render),
      row('postmortem', `timeline load, ${label} events`, 'ms', load),
      row('postmortem', `API, ${label} events`, 'ms', api, size.api),
    );
    console.error(`[bench] postmortem: ${label} events → ${(bytes / 1024 / 1024).toFixed(1)} MB of Markdown; render median ${stats(render).median.toFixed(0)} ms`);
  }
  return rows;
}
