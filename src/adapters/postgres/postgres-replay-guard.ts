import type { Knex } from 'knex';
import type { ReplayGuard } from '../../app/ports/chat.js';
import { guardDatabase } from './unavailable.js';

const PRUNE_EVERY_MS = 60_000;

/**
 * Replay guard on PostgreSQL: an insert that does nothing on conflict, so of two replicas seeing
 * the same request at once exactly one acts. Expired keys are pruned at most once a minute per
 * replica, on the request path but after the answer is decided.
 */
export function createPostgresReplayGuard(db: Knex): ReplayGuard {
  let lastPrune = 0;
  const prune = async () => {
    if (Date.now() - lastPrune < PRUNE_EVERY_MS) return;
    lastPrune = Date.now();
    await db('slack_request_replays').where('expires_at', '<', db.fn.now()).delete();
  };
  return {
    firstSeen: (key, expiresAt) =>
      guardDatabase(async () => {
        const inserted = await db('slack_request_replays').insert({ request_key: key, expires_at: expiresAt }).onConflict('request_key').ignore().returning('request_key');
        await prune();
        return inserted.length > 0;
      }),
  };
}
