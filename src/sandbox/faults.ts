/**
 * Fault injection for the simulated outside systems: scripted failures (`failNext`), rate limits
 * (429 with a seeded `Retry-After`), per-key call budgets (Slack's tiers) and latency. One
 * implementation: the sandbox's Slack workspace and the tests' provider fakes both use it, so a
 * fault means the same thing everywhere.
 *
 * Rules are keyed by operation (a Slack method, `upload`, or whatever a fake names its calls);
 * `'*'` matches every key and a key's own rule wins over it. The rules only decide *that* a call
 * fails and how; each simulation renders the answer in its provider's own shape.
 */
import { performance } from 'node:perf_hooks';
import { mulberry32 } from './seeded-random.js';

export interface RateLimitRule {
  /** Value of the `Retry-After` header (whole seconds, as Slack sends it). */
  readonly retryAfterSeconds: number;
  /** When set, each 429 draws its `Retry-After` from retryAfterSeconds..maxRetryAfterSeconds (seeded). */
  readonly maxRetryAfterSeconds?: number;
  /** Chance that a matching call is limited, drawn from the seeded generator (default 1). */
  readonly probability?: number;
  /** How many 429 answers to give before the rule expires (default: until cleared). */
  readonly count?: number;
}

/**
 * A per-method call budget, the way Slack's tiers work: `calls` answered per fixed window of
 * `windowSeconds`; once they are used up, every call is a 429 whose `Retry-After` is the rest of
 * the window (whole seconds, rounded up). A window starts at the first counted call after the
 * previous one ended. Calls answered 429 (by this rule or any other) or 5xx do not count.
 */
export interface QuotaRule {
  readonly calls: number;
  readonly windowSeconds: number;
}

export interface FailRule {
  readonly status: 500 | 502 | 503 | 504;
  /** How many calls get the failure (default 1). */
  readonly count?: number;
  /** Body to send (default a short JSON error). */
  readonly body?: string;
  /** Carry the call out first, then answer with the failure: the work is done but its answer is lost. */
  readonly afterApplying?: boolean;
}

/** A scripted answer for the next calls of a key: any status (a 5xx, a 429, or a 200 refusal). */
export interface ScriptedFailure {
  readonly status: number;
  readonly count?: number;
  /** The body to send; undefined lets the simulation render its provider's default error. */
  readonly body?: string;
  /** Whether `body` is JSON (default: true when no body is given, else false). */
  readonly json?: boolean;
  readonly afterApplying?: boolean;
}

/** What a call gets instead of its normal answer. */
export type InjectedFault =
  | { readonly kind: 'fail'; readonly status: number; readonly body: string | undefined; readonly json: boolean }
  | { readonly kind: 'rate_limited'; readonly retryAfterSeconds: number };

export interface FaultRules {
  rateLimit(key: string, rule: RateLimitRule): void;
  clearRateLimit(key?: string): void;
  quota(key: string, rule: QuotaRule): void;
  clearQuota(key?: string): void;
  /** The next `count` calls of `key` (or `'*'`) get this answer; a count ≤ 0 clears the key's script. */
  failNext(key: string, rule: ScriptedFailure): void;
  /** True when the next call of `key` is scripted to fail only after its work is done (the answer is lost). */
  losesAnswer(key: string): boolean;
  /** Uses up and returns the fault for this call of `key`, if any: scripted failure first, then rate limit, then quota. */
  take(key: string): InjectedFault | null;
  setLatency(ms: number): void;
  /** How long every answer is held back (the call is carried out on arrival; only the answer waits). */
  readonly latencyMs: number;
  /** Waits `latencyMs` as it was when the call arrived (pass it in), so a change mid-call does not apply. */
  delay(ms: number): Promise<void>;
  /** The seeded generator behind rate-limit draws; simulations draw their own randomness from it too. */
  random(): number;
  /** Forget every rule, restore the initial latency and restart the generator from its seed. */
  reset(): void;
}

interface RateState {
  retryAfterSeconds: number;
  maxRetryAfterSeconds: number;
  probability: number;
  remaining: number;
}

interface QuotaState {
  calls: number;
  windowMs: number;
  windowStart: number;
  used: number;
}

interface ScriptState {
  status: number;
  remaining: number;
  body: string | undefined;
  json: boolean;
  afterApplying: boolean;
}

function rateState(rule: RateLimitRule): RateState {
  if (!Number.isInteger(rule.retryAfterSeconds) || rule.retryAfterSeconds < 0) {
    throw new Error('retryAfterSeconds must be a whole number of seconds (Retry-After is in seconds)');
  }
  const max = rule.maxRetryAfterSeconds ?? rule.retryAfterSeconds;
  if (!Number.isInteger(max) || max < rule.retryAfterSeconds) throw new Error('maxRetryAfterSeconds must be a whole number ≥ retryAfterSeconds');
  return { retryAfterSeconds: rule.retryAfterSeconds, maxRetryAfterSeconds: max, probability: rule.probability ?? 1, remaining: rule.count ?? Number.POSITIVE_INFINITY };
}

function quotaState(rule: QuotaRule): QuotaState {
  if (!Number.isInteger(rule.calls) || rule.calls < 0) throw new Error('calls must be a whole number');
  if (!(rule.windowSeconds > 0)) throw new Error('windowSeconds must be positive');
  return { calls: rule.calls, windowMs: rule.windowSeconds * 1000, windowStart: Number.NEGATIVE_INFINITY, used: 0 };
}

export function createFaultRules(options: { readonly seed?: number; readonly latencyMs?: number } = {}): FaultRules {
  const seed = options.seed ?? 1;
  let random = mulberry32(seed);
  let latencyMs = Math.max(0, options.latencyMs ?? 0);
  const scripts = new Map<string, ScriptState>();
  const rateRules = new Map<string, RateState>();
  const quotas = new Map<string, QuotaState>();

  function takeScripted(key: string): InjectedFault | null {
    const script = scripts.get(key) ?? scripts.get('*');
    if (script === undefined || script.remaining <= 0) return null;
    script.remaining -= 1;
    if (script.remaining === 0) scripts.delete(scripts.get(key) === script ? key : '*');
    return { kind: 'fail', status: script.status, body: script.body, json: script.json };
  }

  function takeRateLimit(key: string): InjectedFault | null {
    const ruleKey = rateRules.has(key) ? key : rateRules.has('*') ? '*' : null;
    const rule = ruleKey === null ? undefined : rateRules.get(ruleKey);
    if (ruleKey === null || rule === undefined || !(random() < rule.probability)) return null;
    rule.remaining -= 1;
    if (rule.remaining <= 0) rateRules.delete(ruleKey);
    const retryAfterSeconds = rule.retryAfterSeconds + Math.floor(random() * (rule.maxRetryAfterSeconds - rule.retryAfterSeconds + 1));
    return { kind: 'rate_limited', retryAfterSeconds };
  }

  function takeQuota(key: string): InjectedFault | null {
    const quota = quotas.get(key);
    if (quota === undefined) return null;
    const now = performance.now();
    if (now >= quota.windowStart + quota.windowMs) {
      quota.windowStart = now;
      quota.used = 0;
    }
    if (quota.used < quota.calls) {
      quota.used += 1;
      return null;
    }
    return { kind: 'rate_limited', retryAfterSeconds: Math.max(1, Math.ceil((quota.windowStart + quota.windowMs - now) / 1000)) };
  }

  return {
    rateLimit: (key, rule) => void rateRules.set(key, rateState(rule)),
    clearRateLimit(key) {
      if (key === undefined) rateRules.clear();
      else rateRules.delete(key);
    },
    quota: (key, rule) => void quotas.set(key, quotaState(rule)),
    clearQuota(key) {
      if (key === undefined) quotas.clear();
      else quotas.delete(key);
    },
    failNext(key, rule) {
      const count = rule.count ?? 1;
      if (count <= 0) {
        scripts.delete(key);
        return;
      }
      scripts.set(key, { status: rule.status, remaining: count, body: rule.body, json: rule.json ?? rule.body === undefined, afterApplying: rule.afterApplying === true });
    },
    losesAnswer: (key) => scripts.get(key)?.afterApplying === true,
    take: (key) => takeScripted(key) ?? takeRateLimit(key) ?? takeQuota(key),
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    get latencyMs() {
      return latencyMs;
    },
    delay: (ms) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve()),
    random: () => random(),
    reset() {
      scripts.clear();
      rateRules.clear();
      quotas.clear();
      latencyMs = Math.max(0, options.latencyMs ?? 0);
      random = mulberry32(seed);
    },
  };
}
