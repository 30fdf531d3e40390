import type { AlertProvider } from './alert.js';
import type { Severity } from './severity.js';

/** One alert a drill fires: what the provider would send. */
export interface DrillAlert {
  readonly title: string;
  /** Alertmanager labels; Datadog and Opsgenie tags (`key:value`); PagerDuty reads `pagerduty_service_id`. */
  readonly labels: Readonly<Record<string, string>>;
}

/** A drill scenario (`drills/<name>.yml`). */
export interface DrillScenario {
  /** The file name without `.yml`; what `drill <scenario>` takes. */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly severity: Severity;
  readonly service: string;
  readonly provider: AlertProvider;
  readonly alerts: readonly DrillAlert[];
  /** Hints for whoever prepares the metrics backend (e.g. failing share per region); informative. */
  readonly metrics: Readonly<Record<string, unknown>>;
  /** What the team is expected to do, in order (shown when the drill starts). */
  readonly expectedSteps: readonly string[];
}

/** `checkout-5xx-…` run ids: the scenario, then a time-and-random suffix unique per run. */
export function drillRunId(scenario: string, now: Date, random: string): string {
  const base = scenario.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || 'drill';
  return `${base}-${now.getTime().toString(36)}-${random.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 8)}`;
}
