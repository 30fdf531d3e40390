import { DependencyUnavailableError } from '../../app/ports/runtime.js';

// SQLSTATE classes that mean "the server cannot serve you now", not "your query is wrong":
// 08 connection exception, 53 insufficient resources, 57P0x operator intervention / shutdown.
const UNAVAILABLE_SQLSTATE = /^(08|53|57P0)/;
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN']);

/** True when an error from knex/pg means the database is unreachable or refusing work. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_NODE_CODES.has(code))) return true;
  if (err.name === 'KnexTimeoutError') return true;
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|terminating connection/i.test(err.message);
}

/** Runs a database call, turning "database unreachable" failures into DependencyUnavailableError. */
export async function guardDatabase<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isDatabaseUnavailable(err)) throw new DependencyUnavailableError('database', err);
    throw err;
  }
}
