import type { Config } from '../config.js';
import type { AppLogger } from '../logger.js';
import { createRetentionFor, systemClock, withDatabase } from '../main.js';
import { RETENTION_TABLES, type RetentionCounts } from '../app/retention.js';
import type { Clock } from '../app/ports/runtime.js';

/** `warroom prune [--dry-run]`: what the retention job would delete now (dry run), or deletes it. */
export async function runPrune(config: Config, log: AppLogger, dryRun: boolean, out: NodeJS.WritableStream, clock: Clock = systemClock): Promise<number> {
  const policy = config.settings.retention;
  return withDatabase(config, log, async (db) => {
    const retention = createRetentionFor(db, config, log, clock);
    out.write(`${describePolicy(policy)}\n`);
    if (dryRun) {
      out.write(formatCounts(await retention.preview(), 'would go'));
      out.write('Dry run: nothing was deleted.\n');
      return 0;
    }
    const deleted = await retention.prune();
    if (deleted === null) {
      out.write('Another Warroom process is pruning right now; nothing was deleted here. Try again later.\n');
      return 1;
    }
    out.write(formatCounts(deleted, 'deleted'));
    return 0;
  });
}

function describePolicy(p: Config['settings']['retention']): string {
  const incidents = p.incidentsDays === null ? 'kept (retention.incidentsDays unset)' : `resolved more than ${p.incidentsDays} days ago`;
  return [
    'Retention (warroom.yml `retention`):',
    `  processed deliveries older than ${p.deliveriesDays} days, finished Slack tasks (of resolved incidents) older than ${p.slackTasksDays} days,`,
    `  scope snapshots and reminders of incidents resolved more than ${p.incidentDetailsDays} days ago; incidents: ${incidents}.`,
  ].join('\n');
}

function formatCounts(counts: RetentionCounts, verb: string): string {
  const width = Math.max(...RETENTION_TABLES.map((t) => t.length));
  return RETENTION_TABLES.map((t) => `  ${t.padEnd(width)}  ${String(counts[t]).padStart(8)} ${verb}\n`).join('');
}
