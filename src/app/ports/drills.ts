/**
 * Drills: firing a scenario's alerts through Warroom's own webhook routes.
 */
import type { AlertProvider } from '../../core/alert.js';
import type { DrillScenario } from '../../core/drill-scenario.js';

/** Fires a drill's alerts through Warroom's own webhook routes, authenticated as each provider is. */
export interface DrillAlertSender {
  /** The variable to set when this provider's webhook is off (the drill cannot authenticate); null when it can. */
  missing(provider: AlertProvider): string | null;
  /** Sends every alert of the scenario marked with the drill run id; throws with a readable message when Warroom refuses. */
  fire(scenario: DrillScenario, runId: string): Promise<void>;
}
