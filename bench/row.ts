/**
 * One line of the results table. A figure with a target carries it in machine-checkable form, so
 * pass/short is computed from the numbers, never typed.
 */
export interface Target {
  readonly op: '<=' | '>=' | '==';
  readonly value: number;
  /**
   * What is compared: the median of the runs (the default, for timings), or every run (for
   * correctness figures such as "exactly 50 incidents", where one bad run is a miss).
   */
  readonly over?: 'median' | 'every run';
}

export type Verdict = 'pass' | 'short' | '-';

export interface Row {
  scenario: string;
  figure: string;
  median: number;
  min: number;
  max: number;
  unit: string;
  /** Every run's value, in run order. */
  values: number[];
  target: Target | null;
  /** The target as printed, e.g. `≤ 50 ms`. */
  targetText: string;
  verdict: Verdict;
  baseline: number | null;
  ratio: number | null;
}

export function stats(values: readonly number[]): { median: number; min: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)] ?? NaN, min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN };
}

export const atMost = (value: number): Target => ({ op: '<=', value });
export const atLeast = (value: number): Target => ({ op: '>=', value });
export const exactly = (value: number, over: 'median' | 'every run' = 'every run'): Target => ({ op: '==', value, over });
export const everyRun = (target: Target): Target => ({ ...target, over: 'every run' });

function meets(value: number, target: Target): boolean {
  if (!Number.isFinite(value)) return false;
  switch (target.op) {
    case '<=':
      return value <= target.value;
    case '>=':
      return value >= target.value;
    case '==':
      return value === target.value;
  }
}

export function verdict(values: readonly number[], target: Target | null): Verdict {
  if (target === null) return '-';
  if (values.length === 0) return 'short';
  const checked = target.over === 'every run' ? values : [stats(values).median];
  return checked.every((v) => meets(v, target)) ? 'pass' : 'short';
}

export function formatNumber(n: number | null): string {
  if (n === null) return '-';
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2);
}

export function targetText(target: Target | null, unit: string): string {
  if (target === null) return '-';
  const op = target.op === '<=' ? '≤' : target.op === '>=' ? '≥' : '=';
  const every = target.over === 'every run' ? ' (each run)' : '';
  return `${op} ${formatNumber(target.value)}${unit ? ` ${unit}` : ''}${every}`;
}

/**
 * A row from every run's value. `baseline` is the baseline's median for the same figure;
 * the ratio is Warroom's median over it (for latencies > 1 is slower, for throughputs < 1 is slower).
 */
export function row(scenario: string, figure: string, unit: string, values: number[], target: Target | null = null, baseline: number | null = null): Row {
  const s = stats(values);
  return {
    scenario,
    figure,
    unit,
    ...s,
    values: [...values],
    target,
    targetText: targetText(target, unit),
    verdict: verdict(values, target),
    baseline,
    ratio: baseline === null || baseline === 0 ? null : s.median / baseline,
  };
}
