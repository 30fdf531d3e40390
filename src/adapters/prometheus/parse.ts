/**
 * Prometheus HTTP API answers (prometheus.io/docs/prometheus/latest/querying/api/): the envelope
 * `{ status, data, errorType, error, warnings }` and the result types Warroom reads. Sample values
 * travel as strings so that NaN and ±Inf survive JSON; they become numbers here and the core
 * ignores the ones that are not finite.
 */
import { z } from 'zod';
import type { MetricSample, MetricSeries } from '../../app/ports/metrics.js';

const labels = z.record(z.string(), z.string());
const sample = z.tuple([z.number(), z.string()]);

// Native-histogram series carry `histogram(s)` instead of `value(s)`; they are skipped.
const vector = z.object({
  resultType: z.literal('vector'),
  result: z.array(z.object({ metric: labels.default({}), value: sample.optional() })),
});
const matrix = z.object({
  resultType: z.literal('matrix'),
  result: z.array(z.object({ metric: labels.default({}), values: z.array(sample).optional() })),
});
const scalar = z.object({ resultType: z.literal('scalar'), result: sample });
const string = z.object({ resultType: z.literal('string'), result: sample });

const envelope = z.discriminatedUnion('status', [
  z.object({ status: z.literal('success'), data: z.discriminatedUnion('resultType', [vector, matrix, scalar, string]) }),
  z.object({ status: z.literal('error'), errorType: z.string().default('unknown'), error: z.string().default('') }),
]);

export type PrometheusData = z.infer<typeof vector> | z.infer<typeof matrix> | z.infer<typeof scalar> | z.infer<typeof string>;

export type PrometheusAnswer =
  | { readonly ok: true; readonly data: PrometheusData }
  | { readonly ok: false; readonly errorType: string; readonly error: string }
  /** Not a Prometheus answer at all (a proxy's HTML page, truncated JSON, another API). */
  | { readonly ok: null; readonly problem: string };

/** Reads a body; never throws. */
export function parsePrometheusAnswer(text: string): PrometheusAnswer {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: null, problem: 'a body that is not JSON' };
  }
  const parsed = envelope.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: null, problem: `an unexpected body (${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid'})` };
  }
  const answer = parsed.data;
  return answer.status === 'success' ? { ok: true, data: answer.data } : { ok: false, errorType: answer.errorType, error: answer.error };
}

/** Prometheus's float text: Go's `strconv.FormatFloat`, with `NaN`, `+Inf` and `-Inf`. */
export function sampleValue(text: string): number {
  switch (text.trim()) {
    case 'NaN':
      return Number.NaN;
    case '+Inf':
    case 'Inf':
      return Number.POSITIVE_INFINITY;
    case '-Inf':
      return Number.NEGATIVE_INFINITY;
    case '':
      return Number.NaN;
    default:
      return Number(text);
  }
}

/** An instant query's samples: a vector, or a scalar as one sample without labels. Null for other result types. */
export function toSamples(data: PrometheusData): MetricSample[] | null {
  if (data.resultType === 'scalar') return [{ labels: {}, value: sampleValue(data.result[1]) }];
  if (data.resultType !== 'vector') return null;
  const out: MetricSample[] = [];
  for (const r of data.result) if (r.value) out.push({ labels: r.metric, value: sampleValue(r.value[1]) });
  return out;
}

/** A range query's series, oldest point first. Null for other result types. */
export function toSeries(data: PrometheusData): MetricSeries[] | null {
  if (data.resultType !== 'matrix') return null;
  return data.result
    .filter((r) => r.values !== undefined)
    .map((r) => ({
      labels: r.metric,
      points: (r.values ?? []).map(([t, v]) => [t, sampleValue(v)] as const).sort((a, b) => a[0] - b[0]),
    }));
}
