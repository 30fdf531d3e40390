import type { Knex } from 'knex';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Deliveries stored but not attached yet (those whose id starts with `prefix`, or all). */
export async function unattached(knex: Knex, prefix?: string): Promise<number> {
  const q = knex('deliveries').whereNull('processed_at');
  if (prefix !== undefined) void q.where('delivery_id', 'like', `${prefix}%`);
  return Number((await q.count<{ n: string }[]>({ n: '*' }))[0]?.n);
}

/**
 * Waits until every stored delivery (or those whose id starts with `prefix`) is attached, for at
 * most `timeoutMs`: how long it took, and how many were left when it gave up (0 = all attached).
 */
export async function waitForAttached(knex: Knex, timeoutMs: number, prefix?: string): Promise<{ ms: number; left: number }> {
  const started = performance.now();
  for (;;) {
    const left = await unattached(knex, prefix);
    const ms = performance.now() - started;
    if (left === 0 || ms > timeoutMs) return { ms, left };
    await sleep(100);
  }
}

/** Polls `probe` every `everyMs` until it returns a value that is not undefined, or the time is up. */
export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, everyMs = 20): Promise<T> {
  const started = performance.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (performance.now() - started > timeoutMs) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(everyMs);
  }
}
