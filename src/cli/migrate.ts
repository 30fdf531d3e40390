import type { Config } from '../config.js';
import type { AppLogger } from '../logger.js';
import { runMigrations } from '../main.js';

export async function runMigrate(config: Config, log: AppLogger): Promise<number> {
  const applied = await runMigrations(config, log);
  console.log(applied.length === 0 ? 'Database is up to date.' : `Applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}`);
  return 0;
}
