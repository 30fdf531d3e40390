import type { HealthCheck } from './ports/runtime.js';

export type StartupPhase = 'applying database migrations' | 'starting the job queue' | 'started' | 'shutting down';

/**
 * Where start-up stands. Ready only once every worker runs: a replica half-started by an outage
 * must not take traffic, so /readyz says 503 (naming the phase or the failure) until `started`.
 */
export interface StartupGate {
  /** Set once start-up has finished and never unset: requests are served (not refused as "starting") until the drain. */
  isOpen(): boolean;
  enter(phase: StartupPhase): void;
  /** Start-up gave up: /readyz says why until the process ends. */
  failed(reason: string): void;
  /** The `migrations` readiness check (critical). */
  readonly check: HealthCheck;
}

export function createStartupGate(): StartupGate {
  let phase: StartupPhase = 'applying database migrations';
  let open = false;
  let failure: string | null = null;
  return {
    isOpen: () => open,
    enter(next) {
      phase = next;
      if (next === 'started') open = true;
    },
    failed(reason) {
      failure = reason;
    },
    check: {
      name: 'migrations',
      critical: true,
      check: () => Promise.resolve(phase === 'started' ? { state: 'ok' } : { state: 'down', detail: failure ?? phase }),
    },
  };
}
