/**
 * The failing-share chart as an SVG document, built in code: pure (no clock, no I/O), so the
 * PNG renderer and the tests see exactly the same drawing.
 */

export interface ChartSeries {
  readonly name: string;
  /** [epoch seconds, failing ratio 0..1], oldest first. */
  readonly points: readonly (readonly [number, number])[];
}

export interface FailingShareInput {
  readonly title: string;
  readonly series: readonly ChartSeries[];
  /** Failing ratio 0..1 above which the scope counts as affected. */
  readonly threshold: number;
}

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 400;

const PLOT = { left: 64, right: CHART_WIDTH - 24, top: 48, bottom: CHART_HEIGHT - 84 };
const FONT = 'font-family="sans-serif"';
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];
const Y_TOPS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 0.75, 1];
const X_STEPS = [60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400, 172_800, 604_800];

/** Text for SVG: XML-escaped, without the control characters XML 1.0 forbids (they would break parsing), and bounded. */
export function xmlText(value: string, maxChars = 120): string {
  // eslint-disable-next-line no-control-regex -- removing exactly these characters is the point
  const clean = value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/gu, '');
  const chars = [...clean];
  const bounded = chars.length > maxChars ? `${chars.slice(0, maxChars - 1).join('')}…` : clean;
  return bounded.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function hhmm(epochSeconds: number, withDate: boolean): string {
  const iso = new Date(epochSeconds * 1000).toISOString(); // 2026-03-01T12:34:56.000Z
  return withDate ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(11, 16);
}

function percent(ratio: number): string {
  const p = ratio * 100;
  return `${Number.isInteger(p) ? p : p.toFixed(p < 10 ? 1 : 0)} %`;
}

const n = (value: number): string => (Math.round(value * 10) / 10).toString();

/** Finite points only, clamped to [0, 1]; a non-finite value splits the line into segments. */
function segments(points: ChartSeries['points']): [number, number][][] {
  const out: [number, number][][] = [];
  let current: [number, number][] = [];
  for (const [t, v] of points) {
    if (Number.isFinite(t) && Number.isFinite(v)) {
      current.push([t, Math.min(1, Math.max(0, v))]);
    } else if (current.length > 0) {
      out.push(current);
      current = [];
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

function frame(title: string, body: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}">`,
    `<rect x="0" y="0" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="#ffffff"/>`,
    `<text x="${PLOT.left}" y="28" ${FONT} font-size="16" font-weight="bold" fill="#222222">${xmlText(title, 90)}</text>`,
    body,
    '</svg>',
  ].join('\n');
}

function legend(names: readonly string[]): string {
  const parts: string[] = [];
  let x = PLOT.left;
  let row = 0;
  for (const [i, name] of names.entries()) {
    const label = xmlText(name, 40);
    const width = 30 + [...name].slice(0, 40).length * 7 + 16;
    if (x + width > PLOT.right && x > PLOT.left) {
      row += 1;
      x = PLOT.left;
    }
    if (row > 1) {
      parts.push(`<text x="${x}" y="${PLOT.bottom + 74}" ${FONT} font-size="12" fill="#555555">+${names.length - i} more</text>`);
      break;
    }
    const y = PLOT.bottom + 50 + row * 20;
    const colour = PALETTE[i % PALETTE.length] ?? '#000000';
    parts.push(`<line x1="${x}" y1="${y - 4}" x2="${x + 22}" y2="${y - 4}" stroke="${colour}" stroke-width="3"/>`);
    parts.push(`<text x="${x + 28}" y="${y}" ${FONT} font-size="12" fill="#333333">${label}</text>`);
    x += width;
  }
  return parts.join('\n');
}

export function failingShareSvg(input: FailingShareInput): string {
  const lines = input.series.map((s) => ({ name: s.name, segments: segments(s.points) }));
  const all = lines.flatMap((l) => l.segments.flat());
  if (all.length === 0) {
    const noData = `<text x="${CHART_WIDTH / 2}" y="${CHART_HEIGHT / 2}" ${FONT} font-size="20" fill="#777777" text-anchor="middle">no data</text>`;
    const box = `<rect x="${PLOT.left}" y="${PLOT.top}" width="${PLOT.right - PLOT.left}" height="${PLOT.bottom - PLOT.top}" fill="none" stroke="#cccccc" stroke-dasharray="4 4"/>`;
    return frame(input.title, `${box}\n${noData}`);
  }

  const threshold = Number.isFinite(input.threshold) ? Math.min(1, Math.max(0, input.threshold)) : null;
  const highest = Math.max(threshold ?? 0, ...all.map(([, v]) => v));
  const yTop = Y_TOPS.find((top) => top >= highest * 1.1) ?? 1;
  let tMin = Math.min(...all.map(([t]) => t));
  let tMax = Math.max(...all.map(([t]) => t));
  if (tMax - tMin < 60) {
    tMin -= 30;
    tMax += 30;
  }
  const x = (t: number): number => PLOT.left + ((t - tMin) / (tMax - tMin)) * (PLOT.right - PLOT.left);
  const y = (v: number): number => PLOT.bottom - (Math.min(v, yTop) / yTop) * (PLOT.bottom - PLOT.top);

  const parts: string[] = [];
  for (let i = 0; i <= 5; i++) {
    const v = (yTop * i) / 5;
    parts.push(`<line x1="${PLOT.left}" y1="${n(y(v))}" x2="${PLOT.right}" y2="${n(y(v))}" stroke="#e5e5e5" stroke-width="1"/>`);
    parts.push(`<text x="${PLOT.left - 8}" y="${n(y(v) + 4)}" ${FONT} font-size="11" fill="#555555" text-anchor="end">${percent(v)}</text>`);
  }
  const step = X_STEPS.find((s) => (tMax - tMin) / s <= 7) ?? (X_STEPS.at(-1) ?? 604_800);
  const withDate = tMax - tMin > 86_400;
  for (let t = Math.ceil(tMin / step) * step; t <= tMax; t += step) {
    parts.push(`<line x1="${n(x(t))}" y1="${PLOT.bottom}" x2="${n(x(t))}" y2="${PLOT.bottom + 5}" stroke="#555555" stroke-width="1"/>`);
    parts.push(`<text x="${n(x(t))}" y="${PLOT.bottom + 19}" ${FONT} font-size="11" fill="#555555" text-anchor="middle">${hhmm(t, withDate)}</text>`);
  }
  parts.push(`<text x="${PLOT.right}" y="${PLOT.bottom + 34}" ${FONT} font-size="11" fill="#555555" text-anchor="end">UTC</text>`);
  parts.push(`<polyline points="${PLOT.left},${PLOT.top} ${PLOT.left},${PLOT.bottom} ${PLOT.right},${PLOT.bottom}" fill="none" stroke="#333333" stroke-width="1.5"/>`);

  for (const [i, line] of lines.entries()) {
    const colour = PALETTE[i % PALETTE.length] ?? '#000000';
    for (const segment of line.segments) {
      const points = segment.map(([t, v]) => `${n(x(t))},${n(y(v))}`).join(' ');
      parts.push(
        segment.length === 1
          ? `<circle cx="${n(x(segment[0]?.[0] ?? tMin))}" cy="${n(y(segment[0]?.[1] ?? 0))}" r="3" fill="${colour}"/>`
          : `<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/>`,
      );
    }
  }
  if (threshold !== null) {
    parts.push(`<line x1="${PLOT.left}" y1="${n(y(threshold))}" x2="${PLOT.right}" y2="${n(y(threshold))}" stroke="#b00020" stroke-width="1.5" stroke-dasharray="8 5"/>`);
    parts.push(`<text x="${PLOT.right - 4}" y="${n(y(threshold) - 6)}" ${FONT} font-size="11" fill="#b00020" text-anchor="end">threshold ${percent(threshold)}</text>`);
  }
  parts.push(legend(lines.map((l) => l.name)));
  return frame(input.title, parts.join('\n'));
}
