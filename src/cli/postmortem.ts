import type { Config } from '../config.js';
import type { AppLogger } from '../logger.js';
import { withDatabase } from '../main.js';
import { createIncidentQueries } from '../app/query-incidents.js';

export async function runPostmortem(config: Config, log: AppLogger, ref: string, out: NodeJS.WritableStream): Promise<number> {
  return withDatabase(config, log, async (db) => {
    const result = await createIncidentQueries(db.store).postmortem(ref);
    if (!result.ok) {
      console.error(result.error.message);
      return 1;
    }
    out.write(result.value);
    return 0;
  });
}
