/** The scope of an incident as measured from metrics (INTERFACE §5). Arithmetic comes with the Scope issue. */
export const SCOPE_CLASSIFICATIONS = ['none', 'regional', 'multi-region', 'global', 'unknown'] as const;
export type ScopeClassification = (typeof SCOPE_CLASSIFICATIONS)[number];

export interface NamedRatio {
  readonly name: string;
  readonly failingRatio: number;
}

export interface Scope {
  readonly classification: ScopeClassification;
  readonly failingRatio: number | null;
  readonly regions: readonly NamedRatio[];
  readonly services: readonly NamedRatio[];
  readonly source: 'prometheus' | 'datadog';
  readonly at: string;
}
