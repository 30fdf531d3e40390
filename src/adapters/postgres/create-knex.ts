import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import type { Logger } from '../../app/ports.js';

// bigint columns (ids from sequences) come back as strings by default; ours stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

export interface KnexOptions {
  readonly url: string;
  readonly log: Logger;
  readonly poolMax?: number;
}

/**
 * The connection pool. A database restart must never kill the process (DESIGN §4): every
 * connection gets an error listener, and acquiring gives up after a few seconds so requests
 * answer 503 instead of hanging while the database is away.
 */
export function createKnex(options: KnexOptions): Knex {
  const { url, log } = options;
  return knexFactory({
    client: 'pg',
    connection: { connectionString: url, connectionTimeoutMillis: 3000, keepAlive: true, application_name: 'warroom' },
    pool: {
      min: 0,
      max: options.poolMax ?? 10,
      acquireTimeoutMillis: 5000,
      createTimeoutMillis: 3000,
      idleTimeoutMillis: 30000,
      afterCreate: (conn: pg.Client, done: (err: Error | null, conn: pg.Client) => void) => {
        conn.on('error', (err) => log.warn({ err: err.message }, 'database connection lost; it will be replaced'));
        done(null, conn);
      },
    },
    acquireConnectionTimeout: 5000,
  });
}
