/**
 * Atlassian Statuspage's REST API (https://developer.statuspage.io): incidents of one page, with
 * `Authorization: OAuth <key>`. Every call has a timeout. Network errors, timeouts, 420/429 (its
 * rate limit: about one request a second per key) and 5xx throw StatusPageUnavailableError with the
 * Retry-After it gave; other 4xx throw StatusPageRefusedError with Statuspage's own message. The key
 * never appears in an error.
 */
import { z } from 'zod';
import { StatusPageRefusedError, StatusPageUnavailableError, type StatusPage, type StatusPageIncident, type StatusPageRequest } from '../../app/ports/statuspage.js';

const TIMEOUT_MS = 10_000;
/** How many of the page's latest incidents are searched for a marker (its list answers at most 100 a page). */
const SEARCHED = 100;
/** The metadata namespace and key the marker is kept under (Statuspage keeps `metadata` as namespace → key → value). */
const METADATA = { namespace: 'warroom', key: 'incident' } as const;

const incidentSchema = z.object({
  id: z.string().min(1),
  status: z.string(),
  shortlink: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});
type IncidentJson = z.infer<typeof incidentSchema>;

const toIncident = (json: IncidentJson): StatusPageIncident => ({ id: json.id, url: json.shortlink ?? null, status: json.status });

/** Retry-After in seconds (Statuspage's form) or an HTTP date, as milliseconds; null when absent or unreadable. */
function retryAfterMs(header: string | null): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/** The body Statuspage documents for creating and updating an incident. */
function incidentBody(r: StatusPageRequest): Record<string, unknown> {
  return {
    incident: {
      name: r.name,
      status: r.status,
      body: r.body,
      components: r.components,
      component_ids: Object.keys(r.components),
      metadata: { [METADATA.namespace]: { [METADATA.key]: r.marker } },
    },
  };
}

export function createStatusPageApi(options: { apiUrl: string; apiKey: string; pageId: string; timeoutMs?: number }): StatusPage {
  const base = `${options.apiUrl}/pages/${encodeURIComponent(options.pageId)}`;

  async function call(method: 'GET' | 'POST' | 'PATCH', path: string, label: string, body?: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization: `OAuth ${options.apiKey}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(options.timeoutMs ?? TIMEOUT_MS),
      });
    } catch (err) {
      throw new StatusPageUnavailableError(new Error(`${label}: ${err instanceof Error ? err.name : 'network error'}`));
    }
    const text = await res.text();
    if (res.status === 420 || res.status === 429 || res.status >= 500) throw new StatusPageUnavailableError(new Error(`${label} answered ${res.status}`), retryAfterMs(res.headers.get('retry-after')));
    if (!res.ok) throw new StatusPageRefusedError(`${label} answered ${res.status}: ${reasonOf(text)}`);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new StatusPageUnavailableError(new Error(`${label} answered ${res.status} without JSON`));
    }
  }

  const read = (label: string, json: unknown): StatusPageIncident => {
    const parsed = incidentSchema.safeParse(json);
    if (!parsed.success) throw new StatusPageUnavailableError(new Error(`${label}: unexpected answer`));
    return toIncident(parsed.data);
  };

  return {
    async findByMarker(marker) {
      const json = await call('GET', `/incidents?limit=${SEARCHED}&page=1`, 'GET /pages/{page_id}/incidents');
      const list = z.array(incidentSchema).safeParse(json);
      if (!list.success) throw new StatusPageUnavailableError(new Error('GET /pages/{page_id}/incidents: unexpected answer'));
      const found = list.data.find((i) => (i.metadata?.[METADATA.namespace] as Record<string, unknown> | undefined)?.[METADATA.key] === marker);
      return found ? toIncident(found) : null;
    },
    async create(request) {
      return read('POST /pages/{page_id}/incidents', await call('POST', '/incidents', 'POST /pages/{page_id}/incidents', incidentBody(request)));
    },
    async update(incidentId, request) {
      const label = 'PATCH /pages/{page_id}/incidents/{incident_id}';
      return read(label, await call('PATCH', `/incidents/${encodeURIComponent(incidentId)}`, label, incidentBody(request)));
    },
  };
}

/** Statuspage's `{ error }` / `{ message }` text, cut short; the raw text otherwise. */
function reasonOf(text: string): string {
  try {
    const json = JSON.parse(text) as { error?: unknown; message?: unknown };
    const reason = json.error ?? json.message;
    const said = Array.isArray(reason) ? reason.join('; ') : typeof reason === 'string' ? reason : text;
    return said.slice(0, 300);
  } catch {
    return text.slice(0, 300);
  }
}
