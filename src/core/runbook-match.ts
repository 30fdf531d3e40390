/**
 * Which runbooks apply to an incident: those naming one of its services, or whose alert patterns
 * match one of its alert titles or its own title. Pure: the runbooks are loaded by an adapter.
 */

export interface Runbook {
  /** The file name without `.md`. */
  readonly id: string;
  readonly title: string;
  readonly services: readonly string[];
  /** Glob patterns (`*`, `?`), matched case-insensitively against whole alert titles. */
  readonly alerts: readonly string[];
  /** Repository-relative, e.g. `runbooks/database-replication-lag.md`. */
  readonly path: string;
  /** The optional front-matter `url` of a published copy. */
  readonly url: string | null;
}

export interface RunbookIncident {
  readonly services: readonly string[];
  readonly alertTitles: readonly string[];
  readonly title: string;
  /** The runbooks the incident's type offers (`incidentTypes[].runbooks`): ids or repository paths. */
  readonly typeRunbooks?: readonly string[];
}

/** The type's runbooks first (in its order), then service matches, then alert matches, each ordered by title; a runbook appears once. */
export function matchRunbooks(runbooks: readonly Runbook[], incident: RunbookIncident): Runbook[] {
  const byType = (incident.typeRunbooks ?? []).flatMap((named) => runbooks.filter((r) => r.id === named || r.path === named));
  const services = new Set(incident.services);
  const texts = [...incident.alertTitles, incident.title];
  const byService = runbooks.filter((r) => r.services.some((s) => services.has(s))).sort(byTitle);
  const byAlert = runbooks.filter((r) => r.alerts.some((p) => texts.some((t) => globMatch(p, t)))).sort(byTitle);
  return dedupe([...byType, ...byService, ...byAlert]);
}

/** Case-insensitive by title, then by id, so the order never depends on the input's order. */
function byTitle(a: Runbook, b: Runbook): number {
  return compare(a.title.toLowerCase(), b.title.toLowerCase()) || compare(a.title, b.title) || compare(a.id, b.id);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A runbook matched by service and by alert, or listed twice (same id), is shown once, first place kept. */
function dedupe(runbooks: readonly Runbook[]): Runbook[] {
  const seen = new Set<string>();
  return runbooks.filter((r) => !seen.has(r.id) && seen.add(r.id));
}

/**
 * Whole-string glob match, case-insensitive: `*` is any run of characters (also none), `?` exactly
 * one, everything else is literal, so a pattern cannot inject regular-expression syntax.
 *
 * A two-pointer matcher instead of a RegExp: on a mismatch it only moves the most recent `*` one
 * character further, never revisits earlier stars, so the work is bounded by pattern × text
 * length and a pattern like `a*a*a*a*b` cannot backtrack catastrophically.
 */
export function globMatch(pattern: string, text: string): boolean {
  // Code points, so `?` matches one character even outside the BMP (an emoji is one `?`).
  const p = Array.from(pattern.toLowerCase());
  const t = Array.from(text.toLowerCase());
  let pi = 0;
  let ti = 0;
  let star = -1; // index in p of the last `*` seen
  let resume = 0; // index in t that the last `*` currently extends to
  while (ti < t.length) {
    const pc = p[pi];
    if (pc === '*') {
      star = pi++;
      resume = ti;
    } else if (pc !== undefined && (pc === '?' || pc === t[ti])) {
      pi++;
      ti++;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++resume;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}
