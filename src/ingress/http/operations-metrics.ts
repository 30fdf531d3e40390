import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { SEVERITIES } from '../../core/severity.js';
import type { IncidentMilestone, OperationsReader, OperationsSnapshot, Telemetry } from '../../app/ports/telemetry.js';

/** A scrape never waits longer than this for the database; it answers with the last values instead. */
export const OPERATIONS_READ_TIMEOUT_MS = 2000;

export interface OperationsMetrics extends Pick<Telemetry, 'incidentMilestone' | 'pageOutcome'> {
  /** From now on each scrape reads the backlog gauges from `reader` (the last values when it fails). */
  readOperationsFrom(reader: OperationsReader): void;
}

// From a minute to a day: acknowledging takes minutes, resolving hours.
const MILESTONE_BUCKETS = [30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800, 86400];

/**
 * Incident-level metrics: milestone histograms and page outcomes reported by the app as they
 * happen, and backlog gauges read from the database when Prometheus scrapes.
 */
export function registerOperationsMetrics(registry: Registry): OperationsMetrics {
  const milestone = (name: IncidentMilestone, what: string) =>
    new Histogram({
      name: `warroom_incident_time_to_${name}_seconds`,
      help: `Seconds from an incident's declaration to ${what}, by severity`,
      labelNames: ['severity'] as const,
      buckets: MILESTONE_BUCKETS,
      registers: [registry],
    });
  const milestones: Record<IncidentMilestone, Histogram<'severity'>> = {
    acknowledge: milestone('acknowledge', 'a page of it being acknowledged (each page counts once)'),
    mitigate: milestone('mitigate', 'its first move to monitoring'),
    resolve: milestone('resolve', 'its resolution'),
  };
  const pages = new Counter({
    name: 'warroom_pages_total',
    help: 'Page attempts, by provider and outcome (sent, failed, already_sent)',
    labelNames: ['provider', 'outcome'] as const,
    registers: [registry],
  });

  let reader: OperationsReader | null = null;
  let inFlight: Promise<void> | null = null;
  // One database read per scrape, shared by every gauge below (the registry collects them in
  // parallel, so each one waits for it); a hung read is joined, never repeated.
  const refresh = (): Promise<void> => {
    if (!reader) return Promise.resolve();
    inFlight ??= reader
      .read()
      .then(
        (snapshot) => {
          show(snapshot);
          databaseUp.set(1);
        },
        () => databaseUp.set(0),
      )
      .finally(() => {
        inFlight = null;
      });
    return withinTimeout(inFlight, () => databaseUp.set(0));
  };
  const openIncidents = new Gauge({
    name: 'warroom_incidents_open',
    help: 'Open incidents (drills left out), by severity; read from the database, the same on every replica (aggregate with max)',
    labelNames: ['severity'] as const,
    registers: [registry],
    collect: refresh,
  });
  for (const severity of SEVERITIES) openIncidents.set({ severity }, 0);
  const gauge = (name: string, help: string) => new Gauge({ name, help: `${help}; read from the database, the same on every replica (aggregate with max)`, registers: [registry], collect: refresh });
  const slackPending = gauge('warroom_slack_outbox_pending', 'Slack outbox tasks not done yet');
  const slackOldest = gauge('warroom_slack_outbox_oldest_pending_seconds', 'Age of the oldest Slack outbox task not done yet (0 when none)');
  const awaitingAttach = gauge('warroom_deliveries_awaiting_attach', 'Stored webhook deliveries whose alerts are not attached to incidents yet');
  const databaseUp = gauge('warroom_database_up', '1 when the last scrape-time read of the database answered in time, 0 when it failed (the other gauges then keep their last values)');

  function show(s: OperationsSnapshot): void {
    for (const severity of SEVERITIES) openIncidents.set({ severity }, s.openIncidents[severity]);
    slackPending.set(s.slackTasksPending);
    slackOldest.set(s.oldestSlackTaskSeconds);
    awaitingAttach.set(s.deliveriesAwaitingAttach);
  }

  return {
    incidentMilestone(name, severity, seconds) {
      milestones[name].observe({ severity }, seconds);
    },
    pageOutcome(provider, outcome) {
      pages.inc({ provider, outcome });
    },
    readOperationsFrom(given) {
      reader = given;
    },
  };
}

/** Waits for `work` at most OPERATIONS_READ_TIMEOUT_MS; on time-out calls `late` and resolves anyway. */
async function withinTimeout(work: Promise<void>, late: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), OPERATIONS_READ_TIMEOUT_MS);
  });
  try {
    if ((await Promise.race([work.then(() => 'done' as const), timeout])) === 'late') late();
  } finally {
    clearTimeout(timer);
  }
}
