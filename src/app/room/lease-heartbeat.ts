import type { Logger } from '../ports/runtime.js';
import type { SlackOutbox, SlackTask } from '../ports/room.js';

export interface LeaseHeartbeat {
  /** Stops renewing; resolves once a renewal in flight has finished. */
  stop(): Promise<void>;
}

/**
 * Keeps a running task's lease: renewed every third of the lease, so a task that runs long (a large
 * workspace, a slow Slack) is never run a second time by another replica, while the lease itself
 * stays short enough that a dead replica's task is taken over quickly. Once another claim holds the
 * lease, renewing stops: the outbox refuses this attempt's outcome, and the worker says so.
 */
export function startLeaseHeartbeat(deps: { outbox: Pick<SlackOutbox, 'renewLease'>; log: Logger }, task: SlackTask, leaseSeconds: number): LeaseHeartbeat {
  let renewing: Promise<void> = Promise.resolve();
  const context = { task: task.kind, taskId: task.id, incidentId: task.incidentId };

  async function renew(): Promise<void> {
    try {
      if (await deps.outbox.renewLease(task, leaseSeconds)) return;
      clearInterval(timer);
      deps.log.warn(context, 'slack task lost its lease while running; another attempt may run it, and this attempt\'s outcome will be dropped');
    } catch (err) {
      // The database is unavailable: the next beat tries again while the lease (three beats long) lasts.
      deps.log.warn({ ...context, err: err instanceof Error ? err.message : String(err) }, 'could not renew the lease of a running slack task');
    }
  }

  const timer = setInterval(() => {
    renewing = renewing.then(renew);
  }, (leaseSeconds * 1000) / 3);

  return {
    async stop() {
      clearInterval(timer);
      await renewing;
    },
  };
}
