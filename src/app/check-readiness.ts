import type { DependencyHealth, HealthCheck } from './ports.js';

export interface ReadinessReport {
  readonly ready: boolean;
  readonly dependencies: Readonly<Record<string, DependencyHealth>>;
}

export type CheckReadiness = () => Promise<ReadinessReport>;

/** Probes every dependency at once; the service is ready unless a critical one is down. */
export function createCheckReadiness(checks: readonly HealthCheck[]): CheckReadiness {
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
      dependencies: Object.fromEntries(results.map(([name, health]) => [name, health])),
    };
  };
}
