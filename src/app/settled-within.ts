/**
 * True when every promise settled within `ms`; false when the time ran out first. Shutdown steps
 * and ticker rounds wait with it, so work that never ends cannot hold up what comes next.
 */
export async function settledWithin(work: readonly Promise<unknown>[], ms: number): Promise<boolean> {
  let timeout: NodeJS.Timeout | undefined;
  const outOfTime = new Promise<false>((resolve) => {
    timeout = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  try {
    return await Promise.race([Promise.allSettled(work).then(() => true as const), outOfTime]);
  } finally {
    clearTimeout(timeout);
  }
}
