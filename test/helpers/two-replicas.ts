/** A test database and a second pool on it: what another replica of Warroom would use. Started before the file's tests, closed after. */
import { after, before } from 'node:test';
import type { Knex } from 'knex';
import { createKnex } from '../../src/adapters/postgres/create-knex.js';
import { silentLogger } from './silent-logger.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TwoReplicas {
  /** The database, with this replica's pool (`knex`). */
  readonly db: TestDatabase;
  /** The other replica's pool. */
  readonly other: Knex;
}

/** Registers the hooks; the answer is filled in once `before` ran (read it inside tests). */
export function twoReplicasHooks(): TwoReplicas {
  const replicas = {} as { db: TestDatabase; other: Knex };
  before(async () => {
    replicas.db = await createTestDatabase();
    replicas.other = createKnex({ url: replicas.db.url, log: silentLogger() });
  });
  after(async () => {
    await replicas.other.destroy();
    await replicas.db.close();
  });
  return replicas;
}
