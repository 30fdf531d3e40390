import PgBoss from 'pg-boss';
import { DependencyUnavailableError, type JobHandler, type JobQueue, type Logger } from '../../app/ports/runtime.js';
import { type Telemetry } from '../../app/ports/telemetry.js';
import { guardDatabase } from './unavailable.js';

export interface PgBossJobQueue extends JobQueue {
  start(): Promise<void>;
  /** Stops fetching, waits up to `timeoutMs` for running jobs, then releases the rest to other replicas. */
  stop(timeoutMs: number): Promise<void>;
}

export interface PgBossOptions {
  readonly url: string;
  readonly log: Logger;
  readonly telemetry: Telemetry;
}

/**
 * Durable jobs in the same PostgreSQL (pg-boss 10). Each queue is created on first use; a worker
 * that lives in this process is woken right after a local send so pickup stays well under a second.
 */
export function createPgBossJobQueue(options: PgBossOptions): PgBossJobQueue {
  const { url, log, telemetry } = options;
  const boss = new PgBoss({
    connectionString: url,
    application_name: 'warroom-jobs',
    max: 4,
    // Retries: Slack and provider calls fail in bursts during the outages Warroom manages.
    retryLimit: 10,
    retryDelay: 2,
    retryBackoff: true,
    expireInMinutes: 5,
  });
  // pg-boss emits 'error' for lost connections and failed maintenance: log, never crash.
  boss.on('error', (err: Error) => log.warn({ err: err.message }, 'job queue error (will retry)'));

  const created = new Set<string>();
  // Every local worker of a queue (several may poll one queue): all are woken after a local send.
  const localWorkers = new Map<string, string[]>();

  /**
   * pg-boss 10 creates a partition per queue; two replicas creating the same queue at once can
   * deadlock in Postgres (seen in the two-replica test). One of them wins: look again and retry.
   */
  async function ensureQueue(name: string): Promise<void> {
    for (let attempt = 1; !created.has(name); attempt++) {
      try {
        if (!(await boss.getQueue(name))) await boss.createQueue(name);
        created.add(name);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (attempt >= 5 || (code !== '40P01' && code !== '23505')) throw err;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
      }
    }
  }

  return {
    async start() {
      await guardDatabase(() => boss.start());
    },

    async stop(timeoutMs) {
      await boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: true });
    },

    async send(name, data, opts) {
      // Right after a database restart pg-boss's pool still holds dead connections: the first
      // query on each fails once. A short retry keeps that from costing a job.
      for (let attempt = 1; ; attempt++) {
        try {
          await guardDatabase(async () => {
            await ensureQueue(name);
            await boss.send(name, data, opts?.startAfterSeconds !== undefined ? { startAfter: opts.startAfterSeconds } : {});
          });
          break;
        } catch (err) {
          if (attempt >= 4 || !(err instanceof DependencyUnavailableError)) throw err;
          await new Promise((r) => setTimeout(r, 100 * attempt));
        }
      }
      const workers = localWorkers.get(name) ?? [];
      if (opts?.startAfterSeconds === undefined) for (const worker of workers) boss.notifyWorker(worker);
    },

    async work(name, handler: JobHandler) {
      await guardDatabase(() => ensureQueue(name));
      const id = await boss.work<Record<string, unknown>>(name, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async (jobs) => {
        for (const job of jobs) {
          const started = performance.now();
          try {
            await handler(job.data);
            telemetry.jobFinished(name, 'completed', (performance.now() - started) / 1000);
          } catch (err) {
            telemetry.jobFinished(name, 'failed', (performance.now() - started) / 1000);
            log.warn({ job: name, id: job.id, err: err instanceof Error ? err.message : String(err) }, 'job failed; pg-boss will retry it');
            throw err;
          }
        }
      });
      localWorkers.set(name, [...(localWorkers.get(name) ?? []), id]);
    },
  };
}
