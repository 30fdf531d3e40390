/**
 * Narrows a PromQL query to series whose label is one of some values, by adding one label matcher
 * to every vector selector (`http_requests_total{code=~"5.."}` → `…{code=~"5..",service="search"}`),
 * so configured scope queries need no placeholder. A small scanner, not a parser: it skips string
 * literals, comments, `[5m]` ranges and the label lists of `by`/`without`/`on`/`ignoring`/
 * `group_left`/`group_right`, and treats any other name not followed by `(` (a function call) or
 * naming a keyword as a metric selector.
 */

const KEYWORDS = new Set(['and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'atan2', 'inf', 'nan']);
/** Keywords followed by a parenthesised list of label names, not an expression. */
const LABEL_LISTS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
/** Aggregations may put their `by (…)`/`without (…)` before the parenthesised expression. */
const AGGREGATIONS = new Set(['sum', 'min', 'max', 'avg', 'group', 'stddev', 'stdvar', 'count', 'count_values', 'bottomk', 'topk', 'quantile', 'limitk', 'limit_ratio']);
const NAME_START = /[A-Za-z_:]/;
const NAME_PART = /[A-Za-z0-9_:]/;

/** `service="search"`, or `service=~"checkout|search"` with the values' regex characters escaped. */
export function promLabelMatcher(label: string, values: readonly string[]): string {
  const quoted = (text: string): string => JSON.stringify(text);
  if (values.length === 1) return `${label}=${quoted(values[0] ?? '')}`;
  return `${label}=~${quoted(values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'))}`;
}

/** Index just past the string literal starting at `i` (quote at `i`). */
function skipString(query: string, i: number): number {
  const quote = query[i];
  let j = i + 1;
  while (j < query.length && query[j] !== quote) j += quote !== '`' && query[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** Index of the `close` matching the `open` at `i`, strings skipped; the end when unbalanced. */
function matching(query: string, i: number, open: string, close: string): number {
  let depth = 0;
  let j = i;
  while (j < query.length) {
    const c = query[j] ?? '';
    if (c === '"' || c === "'" || c === '`') {
      j = skipString(query, j);
      continue;
    }
    if (c === open) depth += 1;
    else if (c === close && --depth === 0) return j;
    j += 1;
  }
  return query.length;
}

const skipSpace = (query: string, i: number): number => {
  let j = i;
  while (j < query.length && /\s/.test(query[j] ?? '')) j += 1;
  return j;
};

/** The query with `matcher` added to every vector selector. */
export function withPromLabelFilter(query: string, matcher: string): string {
  let out = '';
  let i = 0;
  /** Copies the braces at `open` with the matcher added before the closing one. */
  const selector = (open: number): number => {
    const close = matching(query, open, '{', '}');
    const inside = query.slice(open + 1, close);
    out += `{${inside.trim() === '' ? matcher : `${inside.replace(/\s*,?\s*$/, '')},${matcher}`}}`;
    return close + 1;
  };
  while (i < query.length) {
    const c = query[i] ?? '';
    if (c === '"' || c === "'" || c === '`' || c === '[' || c === '#') {
      const end = c === '[' ? matching(query, i, '[', ']') + 1 : c === '#' ? (query.indexOf('\n', i) + 1 || query.length) : skipString(query, i);
      out += query.slice(i, end);
      i = end;
    } else if (c === '{') {
      i = selector(i);
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(query[i + 1] ?? ''))) {
      // Numbers and durations (`5m`, `1e3`, `0x1f`) are one token, never a metric name.
      let j = i;
      while (j < query.length && /[A-Za-z0-9_.]/.test(query[j] ?? '')) j += 1;
      out += query.slice(i, j);
      i = j;
    } else if (NAME_START.test(c)) {
      let j = i;
      while (j < query.length && NAME_PART.test(query[j] ?? '')) j += 1;
      const name = query.slice(i, j);
      out += name;
      const next = skipSpace(query, j);
      const word = name.toLowerCase();
      if (query[next] === '(' && LABEL_LISTS.has(word)) {
        const end = matching(query, next, '(', ')') + 1;
        out += query.slice(j, end);
        i = end;
      } else if (query[next] === '(' || KEYWORDS.has(word) || (AGGREGATIONS.has(word) && /^(by|without)\s*\(/i.test(query.slice(next)))) {
        i = j;
      } else if (query[next] === '{') {
        out += query.slice(j, next);
        i = selector(next);
      } else {
        out += `{${matcher}}`;
        i = j;
      }
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}
