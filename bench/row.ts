export interface Row {
  scenario: string;
  figure: string;
  median: number;
  min: number;
  max: number;
  unit: string;
  target: string;
  baseline: number | null;
  ratio: number | null;
}

export function stats(values: number[]): { median: number; min: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)] ?? NaN, min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN };
}

export function row(scenario: string, figure: string, unit: string, values: number[], target = '-', baseline: number | null = null): Row {
  const s = stats(values);
  return { scenario, figure, unit, ...s, target, baseline, ratio: baseline === null ? null : s.median / baseline };
}
