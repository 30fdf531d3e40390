import type { ChatOperation } from '../ports/chat.js';

/**
 * Slack's documented rate of the methods a burst of incidents spends fastest. conversations.create
 * is Tier 2: about 20 a minute, in short bursts. The window is a second longer than Slack's, since
 * Slack counts it from when the first call arrives, a little after it was sent.
 */
const BUDGETS: Partial<Record<ChatOperation, { readonly calls: number; readonly windowMs: number }>> = {
  createChannel: { calls: 20, windowMs: 61_000 },
};

export interface MethodBudgets {
  /** Spends one call of `operation` at `now`; null when it was there, else when the next one frees up (nothing spent). */
  take(operation: ChatOperation, now: number): number | null;
  /** Gives back the call spent at `at`: Slack never counted it (unreachable, or it answered 429). */
  giveBack(operation: ChatOperation, at: number): void;
}

/**
 * This replica's calls of each budgeted method over the last window, so a burst is not refused by
 * Slack (every 429 would make the next call wait a whole window). Replicas keep their own count;
 * a 429 Slack gives anyway (other replicas, another app of the workspace) is shared as before.
 */
export function createMethodBudgets(): MethodBudgets {
  const sent = new Map<ChatOperation, number[]>();
  return {
    take(operation, now) {
      const budget = BUDGETS[operation];
      if (budget === undefined) return null;
      const recent = (sent.get(operation) ?? []).filter((at) => at > now - budget.windowMs);
      sent.set(operation, recent);
      const oldest = recent[0];
      if (recent.length >= budget.calls && oldest !== undefined) return oldest + budget.windowMs;
      recent.push(now);
      return null;
    },
    giveBack(operation, at) {
      const recent = sent.get(operation);
      const index = recent?.indexOf(at) ?? -1;
      if (index >= 0) recent?.splice(index, 1);
    },
  };
}
