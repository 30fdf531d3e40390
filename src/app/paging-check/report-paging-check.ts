import type { PagingCheckResult } from '../ports/paging-check.js';
import type { SlackOutbox } from '../ports/room.js';
import type { Logger } from '../ports/runtime.js';
import type { Telemetry } from '../ports/telemetry.js';
import { roomTask } from '../room/room-task.js';

export interface PagingCheckReporting {
  readonly log: Logger;
  readonly telemetry: Pick<Telemetry, 'pagingCheckFinished'>;
  /** Null when Slack is off: a failure is then only logged and measured. */
  readonly outbox: Pick<SlackOutbox, 'enqueueWithoutIncident'> | null;
  /** `paging.check.channel`; null: failures are not posted. */
  readonly channel: string | null;
  /** Called once a failure message is queued (wakes this process's room worker). */
  readonly onQueued?: () => void;
}

/**
 * What a round tells operators: one log line and one metric observation per provider, and when any
 * provider did not reach a person, one message in the ops channel through the Slack outbox (so a
 * Slack outage delays it, never loses it).
 */
export async function reportPagingCheck(deps: PagingCheckReporting, results: readonly PagingCheckResult[], at: Date): Promise<void> {
  for (const r of results) {
    deps.telemetry.pagingCheckFinished(r.provider, r.outcome, r.seconds);
    const fields = { provider: r.provider, outcome: r.outcome, seconds: Number(r.seconds.toFixed(3)), reference: r.reference, ...(r.error ? { err: r.error } : {}) };
    if (r.outcome === 'acknowledged') deps.log.info(fields, `paging check: ${r.provider} acknowledged in ${r.seconds.toFixed(1)} s`);
    else deps.log.warn(fields, `paging check: ${r.provider} ${r.outcome === 'timeout' ? 'was not acknowledged in time' : 'failed'}`);
  }
  if (!results.some((r) => r.outcome !== 'acknowledged')) return;
  if (deps.channel === null || deps.outbox === null) {
    deps.log.warn({ channel: deps.channel, slack: deps.outbox !== null }, 'paging check failed; not posted in Slack (set paging.check.channel, with Slack on)');
    return;
  }
  const lines = results.map((r) => ({ provider: r.provider, outcome: r.outcome, seconds: r.seconds, error: r.error }));
  await deps.outbox.enqueueWithoutIncident([roomTask('paging_check_failed', { channel: deps.channel, at: at.toISOString(), results: lines })]);
  deps.onQueued?.();
}
