import type { Knex } from 'knex';
import type { HealthCheck } from '../../app/ports/runtime.js';

/** /readyz probe: a `select 1` answered within the deadline means the database is ready. */
export function createPostgresHealthCheck(db: Knex, deadlineMs = 2000): HealthCheck {
  return {
    name: 'database',
    critical: true,
    async check() {
      const started = performance.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          db.raw('select 1'),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${deadlineMs} ms`)), deadlineMs);
          }),
        ]);
        return { state: 'ok', latencyMs: Math.round(performance.now() - started) };
      } catch (err) {
        return { state: 'down', detail: err instanceof Error ? err.message : String(err) };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
