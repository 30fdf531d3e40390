import type { Config } from '../config.js';
import type { AppLogger } from '../logger.js';
import { startWarroom } from '../main.js';

/** Runs until SIGTERM/SIGINT, then drains requests and jobs and stops the database cleanly. */
export async function runServe(config: Config, log: AppLogger): Promise<number> {
  process.on('unhandledRejection', (reason) => {
    log.error({ err: reason instanceof Error ? reason.message : String(reason) }, 'unhandled promise rejection (the process keeps running)');
  });
  const warroom = await startWarroom(config, log);
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({ signal }, 'shutdown requested');
      warroom.stop().then(
        () => resolve(0),
        (err: unknown) => {
          log.error({ err: err instanceof Error ? err.message : String(err) }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
