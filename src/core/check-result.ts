import { inWords } from './scope.js';

/** One hypothesis check's outcome. */
export interface CheckResult {
  readonly name: string;
  /** True when the query returned a non-empty, non-zero result; null when it could not run. */
  readonly holds: boolean | null;
  readonly value: number | null;
  readonly error: string | null;
  /** Which services the query was narrowed to; absent on results from before checks were narrowed. */
  readonly measured?: CheckMeasured | undefined;
}

/**
 * Which services a check ran for: the incident's services it applies to (`fallback` null), or all
 * services, and why — the incident names none, or the check is configured for none of them.
 */
export interface CheckMeasured {
  /** The services the query was narrowed to; with a fallback, the incident's services (empty when it has none). */
  readonly services: readonly string[];
  readonly fallback: 'no_services' | 'not_configured_for_services' | null;
}

/**
 * The services a check runs for. A check without a `services` list applies to every service; one
 * with a list applies to those only, so an incident about search does not run checkout's checks
 * narrowed to search (its metrics would answer "no" for a service they never measure).
 */
export function checkServices(incidentServices: readonly string[], checkServicesList: readonly string[] | undefined): CheckMeasured {
  if (incidentServices.length === 0) return { services: [], fallback: 'no_services' };
  const applies = checkServicesList === undefined ? incidentServices : incidentServices.filter((s) => checkServicesList.includes(s));
  return applies.length > 0 ? { services: applies, fallback: null } : { services: incidentServices, fallback: 'not_configured_for_services' };
}

/** For the checks card: `for search`, or `for all services (the incident names none)`; null when not recorded. */
export function checkMeasuredNote(measured: CheckMeasured | undefined): string | null {
  if (!measured) return null;
  if (measured.fallback === null) return `for ${inWords(measured.services)}`;
  return measured.fallback === 'no_services' ? 'for all services (the incident names none)' : `for all services (not configured for ${inWords(measured.services)})`;
}
