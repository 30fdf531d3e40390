import type { Config } from '../config.js';
import type { AppLogger } from '../logger.js';
import { startWarroom } from '../main.js';
import { StartupStoppedError } from '../app/retry-startup-step.js';

/**
 * Runs until SIGTERM/SIGINT, then drains requests and jobs and stops the database cleanly: exit 0,
 * or 1 when the shutdown failed. A start-up that cannot finish (its retry budget spent) stops the
 * process with 1, so an orchestrator restarts it instead of leaving a replica unready for good.
 */
export async function runServe(config: Config, log: AppLogger): Promise<number> {
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason instanceof Error ? reason.message : String(reason) }, 'unhandled promise rejection (the process keeps running)');
  });
  const warroom = await startWarroom(config, log);
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (reason: string, code: 0 | 1) => {
      if (stopping) return;
      stopping = true;
      log.info({ reason }, code === 0 ? 'shutdown requested' : 'shutting down after a failed start-up');
      warroom.stop().then(
        () => {
          log.info({ exitCode: code }, 'exiting');
          resolve(code);
        },
        (err: unknown) => {
          log.error({ err: err instanceof Error ? err.message : String(err), exitCode: 1 }, 'shutdown failed; exiting');
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM', 0));
    process.once('SIGINT', () => stop('SIGINT', 0));
    warroom.ready.catch((err: unknown) => {
      if (!(err instanceof StartupStoppedError)) stop('start-up failed', 1);
    });
  });
}
