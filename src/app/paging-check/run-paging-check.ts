import { pagingCheckKey } from '../../core/paging-check-key.js';
import type { PagingCheckResult, PagingCheckTarget } from '../ports/paging-check.js';
import type { PageRequest, PagingProvider, PagingProviderName } from '../ports/paging.js';
import type { Clock } from '../ports/runtime.js';

export interface PagingCheckPlan {
  /** Provider name → who its test page goes to. */
  readonly targets: Readonly<Record<string, PagingCheckTarget>>;
  readonly timeoutMs: number;
}

export interface PagingCheckDeps {
  readonly providers: Partial<Record<PagingProviderName, PagingProvider>>;
  readonly clock: Clock;
  /** How often a test page is asked whether it was acknowledged (the measure's resolution). */
  readonly pollMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The fields of a page that carry a provider's canary target. PagerDuty opens an incident on a
 * service (optionally assigned to a user); Opsgenie and JSM page a schedule or a user as
 * responders, each under its own request fields.
 */
export function canaryPageFields(provider: PagingProviderName, target: PagingCheckTarget): Partial<PageRequest> {
  if (provider === 'pagerduty') return { pagerdutyServiceId: target.service, pagerdutyUserId: target.user };
  if (provider === 'jsm') return { jsmSchedule: target.schedule, jsmUser: target.user };
  return { opsgenieSchedule: target.schedule, opsgenieUser: target.user };
}

/**
 * One canary round: a low-urgency test page through each provider that has a target, all at once,
 * each waited for until it is acknowledged or the timeout ends, then resolved. Never throws: what
 * went wrong is the provider's `failed` result.
 */
export async function runPagingCheck(deps: PagingCheckDeps, plan: PagingCheckPlan): Promise<PagingCheckResult[]> {
  const names = Object.keys(plan.targets).sort() as PagingProviderName[];
  return Promise.all(names.map((name) => checkOne(deps, name, plan)));
}

async function checkOne(deps: PagingCheckDeps, name: PagingProviderName, plan: PagingCheckPlan): Promise<PagingCheckResult> {
  const startedAt = deps.clock.now();
  const since = () => (deps.clock.now().getTime() - startedAt.getTime()) / 1000;
  const result = (outcome: PagingCheckResult['outcome'], reference: string | null, error: string | null): PagingCheckResult => ({
    provider: name,
    outcome,
    seconds: since(),
    reference,
    error,
    startedAt,
  });
  const provider = deps.providers[name];
  if (!provider) return result('failed', null, `${name} is not configured (its API credentials are not set)`);
  let reference: string | null = null;
  try {
    const receipt = await provider.page({
      incidentRef: 'paging-check',
      dedupKey: pagingCheckKey(name, startedAt),
      title: 'Warroom paging check: a test page, please acknowledge',
      details: 'Warroom sends this low-urgency page to check that paging through this provider reaches a person. Acknowledge it; Warroom resolves it by itself.',
      urgency: 'low',
      ...canaryPageFields(name, plan.targets[name] ?? {}),
    });
    reference = receipt.reference;
    const acknowledged = await waitForAck(deps, provider, receipt.reference, startedAt.getTime() + plan.timeoutMs);
    const outcome = acknowledged ? result('acknowledged', reference, null) : result('timeout', reference, null);
    await provider.resolve(receipt.reference, `Warroom paging check: ${outcome.outcome} after ${outcome.seconds.toFixed(1)} s; resolved by Warroom.`);
    return outcome;
  } catch (err) {
    return result('failed', reference, err instanceof Error ? err.message : String(err));
  }
}

async function waitForAck(deps: PagingCheckDeps, provider: PagingProvider, reference: string, deadline: number): Promise<boolean> {
  const sleep = deps.sleep ?? realSleep;
  for (;;) {
    if (await provider.isAcknowledged(reference)) return true;
    const left = deadline - deps.clock.now().getTime();
    if (left <= 0) return false;
    await sleep(Math.min(deps.pollMs, left));
  }
}
