/**
 * What every part of Warroom runs on: the clock, logs, durable jobs, readiness probes, and the error a
 * dependency outage raises.
 */
export interface Clock {
  now(): Date;
}

export type DependencyState = 'ok' | 'degraded' | 'down' | 'off';

export interface DependencyHealth {
  readonly state: DependencyState;
  readonly detail?: string;
  readonly latencyMs?: number;
}

/** One dependency's readiness probe, reported by /readyz. */
export interface HealthCheck {
  readonly name: string;
  /** When true, a `down` state makes the whole service unready (503). */
  readonly critical: boolean;
  check(): Promise<DependencyHealth>;
}

export type JobHandler = (data: Readonly<Record<string, unknown>>) => Promise<void>;

/** Durable background jobs (pg-boss): survive restarts, run once across replicas. */
export interface JobQueue {
  send(name: string, data: Readonly<Record<string, unknown>>, options?: { startAfterSeconds?: number }): Promise<void>;
  work(name: string, handler: JobHandler): Promise<void>;
}

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * Thrown by adapters when an outside system cannot be reached (database down, pool exhausted).
 * The ingress turns it into 503 so that senders retry; it is never an input problem.
 */
export class DependencyUnavailableError extends Error {
  readonly code = 'dependency.unavailable';
  constructor(
    readonly dependency: string,
    cause: unknown,
  ) {
    super(`${dependency} is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'DependencyUnavailableError';
  }
}
