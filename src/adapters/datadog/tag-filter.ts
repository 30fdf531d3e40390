/**
 * Narrows a Datadog metric query to series tagged with one of some values, by adding the tag to
 * every scope (`sum:m{*} by {region}` → `sum:m{service:search} by {region}`), so configured scope
 * queries need no placeholder. The `{…}` after `by` is a grouping and stays as it is.
 *
 * Datadog does not mix its symbolic filter syntax (`,` and `!`) with the functional one (`AND`,
 * `OR`, `NOT`, `IN`) in one scope (docs.datadoghq.com/metrics/advanced-filtering), so a scope gets
 * the tag in the syntax it already uses; several values need `IN`, which turns a symbolic scope
 * into the functional one (`env:prod,!host:a` → `env:prod AND NOT host:a AND service IN (a, b)`).
 */

const FUNCTIONAL = /(^|[\s(])(AND|OR|NOT|IN)(?=[\s(])/i;

function narrowed(scope: string, tag: string, values: readonly string[]): string {
  const single = values.length === 1 ? `${tag}:${values[0] ?? ''}` : null;
  const any = `${tag} IN (${values.join(', ')})`;
  const trimmed = scope.trim();
  if (trimmed === '' || trimmed === '*') return single ?? any;
  if (FUNCTIONAL.test(trimmed)) return `(${trimmed}) AND ${single ?? any}`;
  if (single !== null) return `${trimmed},${single}`;
  const terms = trimmed.split(',').map((t) => t.trim()).filter((t) => t !== '').map((t) => (t.startsWith('!') ? `NOT ${t.slice(1)}` : t));
  return [...terms, any].join(' AND ');
}

/** The query with the tag filter added to every metric scope (every `{…}` not after `by`). */
export function withDatadogTagFilter(query: string, tag: string, values: readonly string[]): string {
  return query.replace(/(\bby\s*)?\{([^{}]*)\}/gi, (whole: string, by: string | undefined, scope: string) => (by ? whole : `{${narrowed(scope, tag, values)}}`));
}
