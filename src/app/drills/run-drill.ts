import { drillGroupingKey } from '../../core/drill.js';
import { drillRunId, type DrillScenario } from '../../core/drill-scenario.js';
import type { Incident } from '../../core/incident.js';
import type { Clock } from '../ports/runtime.js';
import type { DrillAlertSender } from '../ports/drills.js';

export type DrillOutcome =
  /** No scenario named: the available ones (and the files that could not be read). */
  | { readonly kind: 'list'; readonly scenarios: readonly DrillScenario[]; readonly problems: readonly string[] }
  | { readonly kind: 'unknown'; readonly name: string; readonly scenarios: readonly DrillScenario[]; readonly problems: readonly string[] }
  | { readonly kind: 'not_configured'; readonly scenario: DrillScenario; readonly variable: string }
  | { readonly kind: 'failed'; readonly scenario: DrillScenario; readonly message: string }
  /** Alerts sent; `incident` is null when it was not declared within the wait (the attach queue is busy). */
  | { readonly kind: 'started'; readonly scenario: DrillScenario; readonly runId: string; readonly incident: DrillIncident | null };

/** `actor`: who started it (a Slack user id, or `cli`). */
export type RunDrill = (scenario: string | null, actor?: string) => Promise<DrillOutcome>;

/** What a drill needs to name its incident. */
export type DrillIncident = Pick<Incident, 'id' | 'ref'>;

/** The incident a drill run declared: the one holding the run's grouping key (`drill:<run id>`). */
export type FindDrillIncident = (groupingKey: string) => Promise<DrillIncident | null>;

/**
 * Runs a drill: fires the scenario's alerts through the real webhook path (the sender) and waits
 * a little for the attach path to declare the drill incident, so the caller can name its ref.
 */
export function createRunDrill(deps: {
  scenarios: () => Promise<{ scenarios: readonly DrillScenario[]; problems: readonly string[] }>;
  sender: DrillAlertSender;
  findIncident: FindDrillIncident;
  /** Runs once the drill incident is known (e.g. note who started it on its timeline). */
  onStarted?: (incident: DrillIncident, scenario: DrillScenario, actor: string) => Promise<void>;
  clock: Clock;
  random?: () => string;
  /** How long to wait for the incident (Slack wants an answer within 3 s). */
  waitMs?: number;
  pollMs?: number;
}): RunDrill {
  const random = deps.random ?? (() => Math.random().toString(36).slice(2, 10));
  return async (name, actor = 'warroom') => {
    const { scenarios, problems } = await deps.scenarios();
    if (name === null || name.trim() === '') return { kind: 'list', scenarios, problems };
    const scenario = scenarios.find((s) => s.name === name.trim().toLowerCase());
    if (!scenario) return { kind: 'unknown', name: name.trim().slice(0, 80), scenarios, problems };
    const variable = deps.sender.missing(scenario.provider);
    if (variable !== null) return { kind: 'not_configured', scenario, variable };
    const runId = drillRunId(scenario.name, deps.clock.now(), random());
    try {
      await deps.sender.fire(scenario, runId);
    } catch (err) {
      return { kind: 'failed', scenario, message: err instanceof Error ? err.message : String(err) };
    }
    const key = drillGroupingKey(runId);
    const deadline = Date.now() + (deps.waitMs ?? 2000);
    for (;;) {
      const incident = await deps.findIncident(key);
      if (incident) await deps.onStarted?.(incident, scenario, actor);
      if (incident || Date.now() >= deadline) return { kind: 'started', scenario, runId, incident };
      await new Promise((r) => setTimeout(r, deps.pollMs ?? 100));
    }
  };
}

/** The answer to a drill request, as plain lines (Slack escapes and formats them, the CLI prints them). */
export function describeDrill(outcome: DrillOutcome, how: { run: string }): string[] {
  const list = (scenarios: readonly DrillScenario[], problems: readonly string[]) => [
    ...(scenarios.length > 0 ? ['Available drill scenarios (drills/*.yml):', ...scenarios.map((s) => `  ${s.name} — ${s.title} (${s.severity}, ${s.service}, via ${s.provider})`)] : ['No drill scenarios in drills/.']),
    ...problems.map((p) => `Skipped ${p}`),
    `Run one with: ${how.run} <scenario>`,
  ];
  switch (outcome.kind) {
    case 'list':
      return list(outcome.scenarios, outcome.problems);
    case 'unknown':
      return [`Unknown drill scenario "${outcome.name}".`, ...list(outcome.scenarios, outcome.problems)];
    case 'not_configured':
      return [`The ${outcome.scenario.name} drill sends ${outcome.scenario.provider} alerts, and ${outcome.scenario.provider} webhooks are off: set ${outcome.variable} to run it.`];
    case 'failed':
      return [`The ${outcome.scenario.name} drill could not fire its alerts: ${outcome.message}`];
    case 'started': {
      const { incident, scenario } = outcome;
      const head = incident
        ? `Drill started: ${incident.ref} (${scenario.title}); its channel is #drill-${incident.id}-… .`
        : `Drill started (run ${outcome.runId}): the alerts are stored; the drill incident will appear as a drill-… channel in a moment.`;
      return [head, ...(scenario.expectedSteps.length > 0 ? ['Next, as in a real incident:', ...scenario.expectedSteps.map((s, i) => `  ${i + 1}. ${s}`)] : []), 'Resolve it when done: the scorecard is posted in the channel.'];
    }
  }
}
