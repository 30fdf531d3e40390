import type { Clock, DependencyHealth, HealthCheck } from '../ports/runtime.js';

export type DependencyName = 'slack' | 'pagerduty' | 'opsgenie' | 'jsm' | 'datadog' | 'prometheus';

export interface DependencyMonitor {
  /** A call reached the dependency and it answered (even with a refusal such as name_taken). */
  succeeded(name: DependencyName): void;
  /** The dependency was unreachable, timed out, answered 5xx, or its breaker was open. */
  failed(name: DependencyName, error: string): void;
  /** It answered 429: up, but slowing us down. */
  limited(name: DependencyName, error: string): void;
  /** Since when the dependency has been failing without a success in between; null when it is up. */
  downSince(name: DependencyName): Date | null;
  /** A /readyz probe for it; never critical (only the database makes Warroom unready). */
  check(name: DependencyName): HealthCheck;
}

interface State {
  health: 'ok' | 'degraded' | 'down';
  since: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  lastOkAt: Date | null;
}

/**
 * What Warroom has seen of each outside system, from the calls it actually made (no extra probe
 * traffic): /readyz reports it, `warroom_dependency_up` exports it, break-glass paging reads it.
 */
export function createDependencyMonitor(deps: { clock: Clock; configured: readonly DependencyName[]; onChange?: (name: DependencyName, up: boolean) => void }): DependencyMonitor {
  const states = new Map<DependencyName, State>();
  for (const name of deps.configured) {
    states.set(name, { health: 'ok', since: null, lastError: null, lastErrorAt: null, lastOkAt: null });
    deps.onChange?.(name, true);
  }
  const state = (name: DependencyName): State | undefined => states.get(name);
  const set = (name: DependencyName, health: State['health'], error: string | null) => {
    const s = state(name);
    if (!s) return;
    const now = deps.clock.now();
    const wasDown = s.health === 'down';
    if (health === 'down') {
      if (!wasDown) s.since = now;
      s.lastError = error;
      s.lastErrorAt = now;
    } else {
      s.since = null;
      if (health === 'ok') s.lastOkAt = now;
      else {
        s.lastError = error;
        s.lastErrorAt = now;
      }
    }
    s.health = health;
    if (wasDown !== (health === 'down')) deps.onChange?.(name, health !== 'down');
  };
  return {
    succeeded: (name) => set(name, 'ok', null),
    failed: (name, error) => set(name, 'down', error),
    limited: (name, error) => set(name, 'degraded', error),
    downSince: (name) => (state(name)?.health === 'down' ? (state(name)?.since ?? null) : null),
    check: (name) => ({
      name,
      critical: false,
      check: () => {
        const s = state(name);
        if (!s) return Promise.resolve({ state: 'off', detail: 'not configured' } satisfies DependencyHealth);
        const detail = [
          s.health === 'down' && s.since ? `failing since ${s.since.toISOString()}` : null,
          s.lastError ? `last error ${s.lastErrorAt?.toISOString() ?? ''}: ${s.lastError}`.slice(0, 300) : null,
          /breaker/i.test(s.lastError ?? '') && s.health === 'down' ? 'circuit breaker open' : null,
        ].filter((x): x is string => x !== null);
        return Promise.resolve({ state: s.health, ...(detail.length > 0 ? { detail: detail.join('; ') } : {}) } satisfies DependencyHealth);
      },
    }),
  };
}
