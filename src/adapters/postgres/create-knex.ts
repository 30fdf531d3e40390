import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import type { Logger } from '../../app/ports/runtime.js';

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
    // knex prints its own warnings with console.log, stack traces over many lines: every line
    // Warroom prints is one JSON object, so they go to the logger, first line as the message.
    log: {
      warn: (message: unknown) => log.warn({ detail: knexDetail(message) }, `database client: ${knexHeadline(message)}`),
      error: (message: unknown) => log.error({ detail: knexDetail(message) }, `database client: ${knexHeadline(message)}`),
      deprecate: (message: unknown) => log.debug({}, `database client: ${knexHeadline(message)}`),
      debug: (message: unknown) => log.debug({ detail: knexDetail(message) }, 'database client debug'),
    },
  });
}

const knexHeadline = (message: unknown): string => (typeof message === 'string' ? message : String(message)).split('\n')[0]?.slice(0, 500) ?? '';
/** The rest of a multi-line message (a stack trace) kept as one field of the same JSON line. */
const knexDetail = (message: unknown): string | undefined => {
  const text = typeof message === 'string' ? message : JSON.stringify(message);
  const rest = text.split('\n').slice(1).join('\n').trim();
  return rest.length > 0 ? rest.slice(0, 4000) : undefined;
};
