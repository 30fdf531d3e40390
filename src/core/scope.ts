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
  /** What the queries measured; absent on snapshots taken before incidents' services were measured. */
  readonly measured?: ScopeMeasured;
}

/**
 * Which traffic a scope measured: the incident's services (`fallback` null), or all of it, and why —
 * the incident names no service, or its services had no traffic in the metrics.
 */
export interface ScopeMeasured {
  /** The incident's services (the filter asked for); empty when it has none. */
  readonly services: readonly string[];
  readonly fallback: 'no_services' | 'no_data_for_services' | null;
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

/** At most this many names per list in a headline; the rest is counted. */
const HEADLINE_NAMES = 5;
/** At most this many regions named in the plain-words sentence; the rest is counted. */
const SENTENCE_REGIONS = 3;

/** `18.3 %`; a share too small to show with one decimal is `< 0.1 %`, not `0.0 %`. */
function percent(ratio: number): string {
  return ratio > 0 && ratio < 0.0005 ? '< 0.1 %' : `${(ratio * 100).toFixed(1)} %`;
}

/** The share as people say it: `about 10 %` from 10.2 %, `about 0.4 %` under 1 %, `less than 0.1 %`. */
function about(ratio: number): string {
  if (ratio > 0 && ratio < 0.0005) return 'less than 0.1 %';
  return `about ${ratio < 0.0095 ? (ratio * 100).toFixed(1) : Math.round(ratio * 100)} %`;
}

const capitalised = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function names(list: readonly NamedRatio[]): string {
  const shown = list.slice(0, HEADLINE_NAMES).map((n) => n.name);
  const more = list.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

/** `a`, `a and b`, `a, b and c`. */
export function inWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

/** The services the shares are about: the incident's, when the queries were filtered to them. */
function measuredServices(scope: Scope): readonly string[] {
  return scope.measured && scope.measured.fallback === null ? scope.measured.services : [];
}

/** `requests`, `search requests`, `checkout and search requests`, `requests to 4 services`. */
function requestsNoun(scope: Scope): string {
  const services = measuredServices(scope);
  if (services.length === 0) return 'requests';
  return services.length <= 3 ? `${inWords(services)} requests` : `requests to ${services.length} services`;
}

/** `10.2 % of eu-west-1 requests`: a region's share says whose requests it is a share of. */
function regionShare(scope: Scope, region: NamedRatio): string {
  return `${percent(region.failingRatio)} of ${region.name} ${requestsNoun(scope)}`;
}

/**
 * One line for the summary message, the scope card and the timeline, saying which share is which,
 * e.g. `Regional: eu-west-1 — 10.2 % of eu-west-1 requests failing (3.4 % of all requests); failing
 * services: checkout`. Plain text: label values come from the metrics, so the Slack renderer escapes it.
 */
export function scopeHeadline(scope: Scope): string {
  if (scope.classification === 'unknown') return 'Scope unknown';
  const all = scope.failingRatio === null ? null : `${percent(scope.failingRatio)} of all ${requestsNoun(scope)}`;
  if (scope.classification === 'none') return all === null ? 'No region affected — no traffic measured' : `No region affected — ${all} failing`;
  const where =
    scope.classification === 'global'
      ? 'Global: every region'
      : `${scope.classification === 'regional' ? 'Regional' : 'Multi-region'}: ${scope.regions.length > 0 ? names(scope.regions) : 'regions not listed'}`;
  const worst = scope.regions[0];
  const upTo = scope.classification === 'regional' ? '' : 'up to ';
  const shares =
    worst === undefined ? (all === null ? 'failing share not measured' : `${all} failing`) : `${upTo}${regionShare(scope, worst)} failing${all === null ? '' : ` (${all})`}`;
  const line = `${where} — ${shares}`;
  return scope.services.length > 0 ? `${line}; failing services: ${names(scope.services)}` : line;
}

/**
 * The scope in one plain sentence for people outside the incident (stakeholder updates), e.g.
 * `About 10 % of checkout requests in eu-west-1 are failing.` Plain text, like the headline.
 */
export function scopeInPlainWords(scope: Scope): string {
  const noun = requestsNoun(scope);
  if (scope.classification === 'unknown') return 'How many requests are failing is not known yet.';
  if (scope.classification === 'none') {
    return scope.failingRatio === null ? `No ${noun} were measured.` : `No region is affected; ${about(scope.failingRatio)} of ${noun} are failing.`;
  }
  if (scope.classification === 'global' || scope.regions.length === 0) {
    if (scope.failingRatio === null) return 'How many requests are failing is not known yet.';
    return `${capitalised(about(scope.failingRatio))} of ${noun} are failing${scope.classification === 'global' ? ', in every region' : ''}.`;
  }
  // `About 12 % of requests in eu-west-1`, then `8 % in us-east-1`: one "about" is enough.
  const places = scope.regions.slice(0, SENTENCE_REGIONS).map((r, i) => (i === 0 ? `${capitalised(about(r.failingRatio))} of ${noun} in ${r.name}` : `${about(r.failingRatio).replace(/^about /, '')} in ${r.name}`));
  const more = scope.regions.length - places.length;
  if (more > 0) places.push(`${more} more ${more === 1 ? 'region' : 'regions'}`);
  return `${inWords(places)} are failing.`;
}

/**
 * What the scope measured, for the scope card: `Measured the incident's services: search.`, or
 * that it measured all services and why; null for snapshots that predate the filter.
 */
export function scopeMeasuredNote(scope: Scope): string | null {
  const measured = scope.measured;
  if (!measured) return null;
  if (measured.fallback === null) return `Measured the incident's services: ${inWords(measured.services)}.`;
  return measured.fallback === 'no_services' ? 'Measured all services: the incident names none.' : `Measured all services: no data for ${inWords(measured.services)}.`;
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
