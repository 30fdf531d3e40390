/** Reading Datadog's v1 metric query answers: series labels, points and error bodies. */

/** One series of a v1 `/api/v1/query` answer, as the client deserializes it (points may be null). */
export interface DatadogQuerySeries {
  readonly scope?: string | undefined;
  readonly tagSet?: readonly string[] | undefined;
  readonly pointlist?: readonly (readonly [number, number | null])[] | undefined;
}

/**
 * The labels of a series: its tag set (`["region:eu-west-1", "service:checkout"]`) or, when that
 * is empty, its scope (`region:eu-west-1,service:checkout`; `*` when ungrouped). A tag's value is
 * what follows its first colon (values may hold colons); a tag without one is a label with an
 * empty value.
 */
export function seriesLabels(series: DatadogQuerySeries): Record<string, string> {
  const tags = series.tagSet && series.tagSet.length > 0 ? series.tagSet : (series.scope ?? '').split(',');
  const labels: Record<string, string> = {};
  for (const raw of tags) {
    const tag = raw.trim();
    if (tag === '' || tag === '*') continue;
    const colon = tag.indexOf(':');
    if (colon === -1) labels[tag] = '';
    else labels[tag.slice(0, colon)] = tag.slice(colon + 1);
  }
  return labels;
}

/** The series' points as [epoch seconds, value], oldest first; Datadog's null points (no data) are left out. */
export function seriesPoints(series: DatadogQuerySeries): [number, number][] {
  const points: [number, number][] = [];
  for (const point of series.pointlist ?? []) {
    const [ms, value] = point;
    if (typeof ms !== 'number' || typeof value !== 'number' || !Number.isFinite(ms) || !Number.isFinite(value)) continue;
    points.push([Math.floor(ms / 1000), value]);
  }
  return points.sort((a, b) => a[0] - b[0]);
}

/** The newest non-null value of the series, or null when it has none. */
export function lastValue(series: DatadogQuerySeries): number | null {
  const points = seriesPoints(series);
  return points.length === 0 ? null : (points[points.length - 1]?.[1] ?? null);
}

const UNKNOWN_STATUS = /^Unknown API Status Code!\s*Body: "([\s\S]*)"$/;

/**
 * Datadog's own words from an ApiException body: `{"errors": [...]}` deserialized, or — for the
 * statuses the client has no model for (5xx, 401, 404) — the text it wraps in
 * `Unknown API Status Code!\nBody: "…"`. Cut to 300 characters; '' when there is nothing to say.
 */
export function datadogErrors(body: unknown): string {
  let value: unknown = body;
  if (typeof value === 'string') {
    const wrapped = UNKNOWN_STATUS.exec(value);
    const text = wrapped?.[1] ?? value;
    try {
      value = JSON.parse(text);
    } catch {
      value = text;
    }
  }
  let out = '';
  if (typeof value === 'object' && value !== null && 'errors' in value && Array.isArray(value.errors)) {
    out = value.errors.map((e) => (typeof e === 'string' ? e : JSON.stringify(e))).join('; ');
  } else if (typeof value === 'string') {
    out = value;
  }
  out = out.replace(/\s+/g, ' ').trim();
  return out.length > 300 ? `${out.slice(0, 299)}…` : out;
}
