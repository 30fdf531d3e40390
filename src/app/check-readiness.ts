import type { Clock, DependencyHealth, DependencyState, HealthCheck, Logger } from './ports/runtime.js';

/** One dependency as /readyz reports it: its health and since when it has been in that state. */
export interface DependencyReport extends DependencyHealth {
  /** ISO time of the first probe that saw the current state (this process's view). */
  readonly since: string;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly dependencies: Readonly<Record<string, DependencyReport>>;
}

export type CheckReadiness = () => Promise<ReadinessReport>;

/**
 * Probes every dependency at once; the service is ready unless a critical one is down. A
 * dependency's detail (driver messages, host names) is logged when its state changes, not on
 * every probe: /readyz shows it only to the API token's holder, so the log is where operators read it.
 */
export function createCheckReadiness(checks: readonly HealthCheck[], deps: { clock: Clock; log: Logger }): CheckReadiness {
  const last = new Map<string, { state: DependencyState; since: string }>();
  const remember = (name: string, health: DependencyHealth): DependencyReport => {
    const seen = last.get(name);
    if (seen?.state === health.state) return { ...health, since: seen.since };
    const since = deps.clock.now().toISOString();
    last.set(name, { state: health.state, since });
    // A first probe that finds all well is no news; anything else is.
    if (seen === undefined && (health.state === 'ok' || health.state === 'off')) return { ...health, since };
    const fields = { dependency: name, state: health.state, ...(health.detail === undefined ? {} : { detail: health.detail }) };
    if (health.state === 'down' || health.state === 'degraded') deps.log.warn(fields, 'a dependency changed state');
    else deps.log.info(fields, 'a dependency changed state');
    return { ...health, since };
  };
  return async () => {
    const results = await Promise.all(
      checks.map(async (c): Promise<[string, DependencyHealth, boolean]> => {
        try {
          return [c.name, await c.check(), c.critical];
        } catch (err) {
          return [c.name, { state: 'down', detail: err instanceof Error ? err.message : String(err) }, c.critical];
        }
      }),
    );
    return {
      ready: results.every(([, health, critical]) => !critical || health.state !== 'down'),
      dependencies: Object.fromEntries(results.map(([name, health]) => [name, remember(name, health)])),
    };
  };
}
