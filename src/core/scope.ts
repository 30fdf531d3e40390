/**
 * The scope of an incident as measured from metrics (INTERFACE §5): which regions and services
 * are failing and what share of all requests fails. Pure arithmetic over labelled rates; the
 * metrics backends and the clock stay outside (the time comes in as `at`).
 */
import type { Severity } from './severity.js';

export const SCOPE_CLASSIFICATIONS = ['none', 'regional', 'multi-region', 'global', 'unknown'] as const;
export type ScopeClassification = (typeof SCOPE_CLASSIFICATIONS)[number];

export interface NamedRatio {
  readonly name: string;
  readonly failingRatio: number;
}

export interface Scope {
  readonly classification: ScopeClassification;
  /** Share of all requests failing, 0..1; null when nothing was measured (no traffic, or unknown). */
  readonly failingRatio: number | null;
  /** The affected regions only (failing share above the threshold), worst first. */
  readonly regions: readonly NamedRatio[];
  /** The affected services only, worst first. */
  readonly services: readonly NamedRatio[];
  readonly source: 'prometheus' | 'datadog';
  readonly at: string;
}

/** One series of an error-rate or request-rate answer, reduced to the two labels scope reads. */
export interface LabelledRate {
  readonly region: string | null;
  readonly service: string | null;
  readonly value: number;
}

export interface ScopeInput {
  readonly errors: readonly LabelledRate[];
  readonly requests: readonly LabelledRate[];
  /** A region or service is affected when its failing ratio is strictly above this. */
  readonly affectedAbove: number;
  readonly source: 'prometheus' | 'datadog';
  readonly at: string;
}

/** Severity suggestions (a suggestion only; the commander decides). */
export const SCOPE_SEVERITY_THRESHOLDS = { sev1: 0.25, sev2: 0.1 } as const;

/** At most this many names per list in a headline; the rest is counted. */
const HEADLINE_NAMES = 5;

interface Totals {
  errors: number;
  requests: number;
}

const usable = (value: number): boolean => Number.isFinite(value) && value >= 0;
/** Prometheus drops empty labels; an empty value means the label is missing. */
const label = (value: string | null): string | null => (value === null || value === '' ? null : value);
const round4 = (ratio: number): number => Math.round(ratio * 10_000) / 10_000;
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function add(into: Map<string, Totals>, name: string | null, errors: number, requests: number): void {
  if (name === null) return;
  const totals = into.get(name);
  if (totals) {
    totals.errors += errors;
    totals.requests += requests;
  } else into.set(name, { errors, requests });
}

/** Names whose failing ratio is above `affectedAbove`, worst first, then by name; ratios rounded. */
function affected(totals: ReadonlyMap<string, Totals>, affectedAbove: number): NamedRatio[] {
  const out: NamedRatio[] = [];
  for (const [name, t] of totals) {
    if (t.requests <= 0) continue;
    const ratio = t.errors / t.requests;
    if (ratio > affectedAbove) out.push({ name, failingRatio: round4(ratio) });
  }
  return out.sort((a, b) => b.failingRatio - a.failingRatio || byName(a.name, b.name));
}

/**
 * Measures the scope from error and request rates labelled by region and service.
 *
 * Series sharing a (region, service) pair are summed first. A pair counts only when it has a
 * request series; its errors are capped at its requests (rates sampled a moment apart can
 * disagree), so no ratio exceeds 1. NaN, infinite and negative values are ignored. A series without
 * a region label still counts toward the overall ratio and its service, and one without a service
 * toward its region. Regions and services without traffic have no ratio and are never listed.
 *
 * Classification over the regions with traffic: none affected → `none`; all of them (one or
 * more) → `global`; exactly one → `regional`; otherwise `multi-region`. So a deployment with
 * traffic in a single region that fails is global: every user is affected.
 */
export function computeScope(input: ScopeInput): Scope {
  const key = (r: LabelledRate): string => JSON.stringify([label(r.region), label(r.service)]);
  const pairs = new Map<string, { region: string | null; service: string | null; requests: number }>();
  for (const r of input.requests) {
    if (!usable(r.value)) continue;
    const k = key(r);
    const pair = pairs.get(k);
    if (pair) pair.requests += r.value;
    else pairs.set(k, { region: label(r.region), service: label(r.service), requests: r.value });
  }
  const errorsByPair = new Map<string, number>();
  for (const r of input.errors) {
    if (!usable(r.value)) continue;
    const k = key(r);
    errorsByPair.set(k, (errorsByPair.get(k) ?? 0) + r.value);
  }

  const overall: Totals = { errors: 0, requests: 0 };
  const regions = new Map<string, Totals>();
  const services = new Map<string, Totals>();
  for (const [k, pair] of pairs) {
    const errors = Math.min(errorsByPair.get(k) ?? 0, pair.requests);
    overall.errors += errors;
    overall.requests += pair.requests;
    add(regions, pair.region, errors, pair.requests);
    add(services, pair.service, errors, pair.requests);
  }

  const base = { source: input.source, at: input.at };
  if (overall.requests <= 0) return { classification: 'none', failingRatio: null, regions: [], services: [], ...base };

  const affectedRegions = affected(regions, input.affectedAbove);
  const withTraffic = [...regions.values()].filter((t) => t.requests > 0).length;
  const classification: ScopeClassification =
    affectedRegions.length === 0 ? 'none' : affectedRegions.length === withTraffic ? 'global' : affectedRegions.length === 1 ? 'regional' : 'multi-region';
  return {
    classification,
    failingRatio: round4(overall.errors / overall.requests),
    regions: affectedRegions,
    services: affected(services, input.affectedAbove),
    ...base,
  };
}

/** The scope when the metrics backend could not answer: nothing is known. */
export function unknownScope(source: 'prometheus' | 'datadog', at: string): Scope {
  return { classification: 'unknown', failingRatio: null, regions: [], services: [], source, at };
}

/** `18.3 %`; a share too small to show with one decimal is `< 0.1 %`, not `0.0 %`. */
function percent(ratio: number): string {
  return ratio > 0 && ratio < 0.0005 ? '< 0.1 %' : `${(ratio * 100).toFixed(1)} %`;
}

function names(list: readonly NamedRatio[]): string {
  const shown = list.slice(0, HEADLINE_NAMES).map((n) => n.name);
  const more = list.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/**
 * One line for the summary message and stakeholder updates, e.g.
 * `Regional: eu-west-1 — 18.3 % of requests failing; checkout, payments`. Plain text: label
 * values come from the metrics, so the Slack renderer escapes it.
 */
export function scopeHeadline(scope: Scope): string {
  if (scope.classification === 'unknown') return 'Scope unknown';
  const share = scope.failingRatio === null ? null : `${percent(scope.failingRatio)} of requests failing`;
  if (scope.classification === 'none') return share === null ? 'No region affected — no traffic measured' : `No region affected — ${share}`;
  const where =
    scope.classification === 'global'
      ? 'Global: every region'
      : `${scope.classification === 'regional' ? 'Regional' : 'Multi-region'}: ${scope.regions.length > 0 ? names(scope.regions) : 'regions not listed'}`;
  const parts = [where, share === null ? 'failing share not measured' : share].join(' — ');
  return scope.services.length > 0 ? `${parts}; ${names(scope.services)}` : parts;
}

/**
 * The severity the scope suggests, or null when it suggests none: global or ≥ 25 % failing →
 * SEV1; multi-region or ≥ 10 % → SEV2; regional → SEV3. The shares apply whatever the
 * classification, so a failing share measured only on series without a region label still counts.
 */
export function suggestedSeverity(scope: Scope): Severity | null {
  if (scope.classification === 'unknown') return null;
  const ratio = scope.failingRatio ?? 0;
  if (scope.classification === 'global' || ratio >= SCOPE_SEVERITY_THRESHOLDS.sev1) return 'SEV1';
  if (scope.classification === 'multi-region' || ratio >= SCOPE_SEVERITY_THRESHOLDS.sev2) return 'SEV2';
  if (scope.classification === 'regional') return 'SEV3';
  return null;
}
