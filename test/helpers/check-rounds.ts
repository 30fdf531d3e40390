/**
 * Counts the rounds of Warroom's periodic checks (StartOptions.onCheckRound) so a test can wait
 * until a check has run again after a moment, instead of sleeping and hoping it did: what a round
 * would have done (a reminder, a page) is then done, and "nothing happened" means something.
 */
export interface CheckRounds {
  /** Pass as `onCheckRound` to the replica named `replica`. */
  hook(replica: string): (job: string) => void;
  /**
   * Resolves once every replica finished two rounds of `job` after this call: a round in flight now
   * may have read the state from before, the second one after it began after this call.
   */
  passed(job: string, timeoutMs?: number): Promise<void>;
}

export function createCheckRounds(): CheckRounds {
  const finished = new Map<string, number>();
  const replicas = new Set<string>();
  const waiters = new Set<() => void>();
  const key = (replica: string, job: string) => `${replica}\u0000${job}`;
  return {
    hook(replica) {
      replicas.add(replica);
      return (job) => {
        finished.set(key(replica, job), (finished.get(key(replica, job)) ?? 0) + 1);
        for (const wake of waiters) wake();
      };
    },
    passed(job, timeoutMs = 30_000) {
      const targets = [...replicas].map((r) => [key(r, job), (finished.get(key(r, job)) ?? 0) + 2] as const);
      const done = () => targets.every(([k, n]) => (finished.get(k) ?? 0) >= n);
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for two more rounds of ${job} on ${replicas.size} replica(s)`));
        }, timeoutMs);
        function check(): void {
          if (!done()) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        }
        waiters.add(check);
        check();
      });
    },
  };
}
