import { createPagingCheck, type PagingCheck } from '../app/paging-check/paging-check.js';
import type { PagingProvider, PagingProviderName } from '../app/ports/paging.js';
import type { Clock, Logger } from '../app/ports/runtime.js';
import type { Telemetry } from '../app/ports/telemetry.js';
import { createTicker } from '../app/ticker.js';
import { createPostgresPagingChecks } from '../adapters/postgres/postgres-paging-checks.js';
import { createPostgresSlackOutbox } from '../adapters/postgres/postgres-slack-outbox.js';
import type { Config } from '../config.js';
import type { Base } from './base.js';
import type { Database } from './database.js';

/** How often a test page is asked for its ack: a twentieth of the timeout, between 0.1 s and 5 s (PagerDuty allows ~16 calls/s). */
export const ackPollMs = (timeoutMs: number): number => Math.min(5000, Math.max(100, Math.round(timeoutMs / 20)));
/** How often a server looks whether a scheduled round is due (the record in Postgres says when the last one ran). */
const DUE_CHECK_MS = 60_000;

export interface PagingCheckWiring {
  readonly config: Config;
  readonly database: Database;
  readonly providers: Partial<Record<PagingProviderName, PagingProvider>>;
  readonly telemetry: Pick<Telemetry, 'pagingCheckFinished'>;
  readonly clock: Clock;
  readonly log: Logger;
  /** Wakes the local room worker once a failure message is queued. */
  readonly onQueued?: () => void;
}

/** The paging canary for the CLI and the server: the providers built from the config, the record and the outbox in Postgres. */
export function createPagingCheckFor(w: PagingCheckWiring): PagingCheck {
  const check = w.config.settings.paging.check;
  return createPagingCheck({
    providers: w.providers,
    clock: w.clock,
    log: w.log,
    pollMs: ackPollMs(check.timeoutMs),
    store: createPostgresPagingChecks(w.database.knex),
    telemetry: w.telemetry,
    outbox: w.config.slack ? createPostgresSlackOutbox(w.database.knex) : null,
    channel: check.channel,
    plan: { targets: check.target, timeoutMs: check.timeoutMs, everyMs: check.everyMs },
    ...(w.onQueued ? { onQueued: w.onQueued } : {}),
  });
}

/** `paging.check.every`: the server runs the canary on schedule, one replica at a time (an advisory lock and the shared record). */
export function schedulePagingCheck(base: Base, providers: PagingCheckWiring['providers'], onQueued: () => void): void {
  const { config, database, telemetry, clock, log, lifecycle, options } = base;
  const everyMs = config.settings.paging.check.everyMs;
  if (everyMs === null) return;
  const check = createPagingCheckFor({ config, database, providers, telemetry, clock, log, onQueued });
  const ticker = createTicker([{ name: 'paging check', run: () => check.tick(), failureLevel: 'warn' }], options.pagingCheckDueEveryMs ?? Math.min(everyMs, DUE_CHECK_MS), log, options.onCheckRound);
  lifecycle.add({ name: 'paging check', start: () => ticker.start(), stop: (withinMs) => ticker.stop(withinMs) });
}
