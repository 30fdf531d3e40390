/** Severities: SEV1 is the worst. */
export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const DEFAULT_SEVERITY: Severity = 'SEV3';

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** Reads `1`, `"1"`, `"sev1"`, `"SEV1"`, `" Sev 1 "`; anything else is null. */
export function parseSeverity(input: unknown): Severity | null {
  if (typeof input === 'number') return Number.isInteger(input) ? parseSeverity(String(input)) : null;
  if (typeof input !== 'string') return null;
  const m = /^\s*(?:sev\s*)?([1-4])\s*$/i.exec(input);
  return m ? (`SEV${m[1]}` as Severity) : null;
}

/** Lower rank = more severe; used to order work when a budget is short. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}
