/**
 * Paging through PagerDuty's REST API v2 with `@pagerduty/pdjs` (DESIGN §6). pdjs builds
 * `https://${server}/…` from its `server` option, so every call passes an absolute `url` made from
 * PAGERDUTY_API_URL instead (an http fake in tests, a regional or proxied base in production), and
 * reads `response.data` (pdjs's `resource` guesses the key from a `.com/` host only).
 *
 * What pdjs does not do for us, and this file does:
 * - a real timeout (DESIGN §4): its `requestTimeout` only arms an empty timer (left running when the
 *   request fails), so it is set to 0 and each call is raced against our own deadline, which also
 *   aborts the request through `signal`;
 * - status handling: pdjs resolves 4xx/5xx answers like successes and rejects with the bare
 *   Response (not an Error) when an answer is not JSON, so both are mapped here;
 * - redirects: node-fetch would follow them with the Authorization header, so they are refused.
 * pdjs retries a 429 three times by itself; the pause between tries is kept inside our deadline.
 *
 * The page's dedup key (else the incident ref) is the incident_key: PagerDuty refuses a second open
 * incident with the same key on a service (400), and a retried page then answers with the incident
 * already open.
 *
 * Network errors, timeouts, 429 and 5xx throw PagingUnavailableError (the caller fails over); other
 * refusals throw PagerDutyApiError with PagerDuty's own message. The token never appears in an error.
 */
import { api } from '@pagerduty/pdjs';
import { z } from 'zod';
import { PagingUnavailableError, type EscalationOutcome, type OnCallPerson, type PageReceipt, type PageRequest, type PagingProvider, type ProviderUser } from '../../app/ports/paging.js';
import { acknowledger, assignees, incidentPeopleFields, withEmails } from './incident-people.js';

export interface PagerDutyPagingOptions {
  /** REST API key (PAGERDUTY_API_TOKEN), sent as `Authorization: Token token=<key>`. */
  readonly token: string;
  /** A PagerDuty user's email: the `From` header every write needs (PAGERDUTY_FROM_EMAIL). */
  readonly fromEmail: string;
  /** Base URL without a trailing slash, e.g. `https://api.pagerduty.com` (PAGERDUTY_API_URL). */
  readonly apiUrl: string;
  /** Per call, connecting and reading the answer included (default 5000 ms). */
  readonly timeoutMs?: number;
}

/** PagerDuty refused a call (4xx other than 408/429): a request or configuration problem, not an outage. */
export class PagerDutyApiError extends Error {
  readonly code = 'pagerduty.refused';
  constructor(
    readonly status: number,
    /** PagerDuty's error code (2001 invalid input, 2100 not found…), when the answer had one. */
    readonly pagerdutyCode: number | null,
    /** PagerDuty's `error.errors` details. */
    readonly details: readonly string[],
    message: string,
  ) {
    super(message);
    this.name = 'PagerDutyApiError';
  }
}

const DEFAULT_TIMEOUT_MS = 5_000;
const ONCALL_PAGE_LIMIT = 100;
const ONCALL_MAX_PAGES = 10;
const DUPLICATE_KEY = /matching dedup key already exists/i;
const OPEN_STATUSES = new Set(['triggered', 'acknowledged']);

// Only the fields Warroom reads; PagerDuty sends many more.
const userSchema = z.object({
  id: z.string().min(1),
  name: z.string().nullish(),
  summary: z.string().nullish(),
  email: z.string().nullish(),
});
const onCallsSchema = z.object({
  oncalls: z.array(z.object({ user: userSchema.nullish(), escalation_level: z.number().int() })),
  more: z.boolean().nullish(),
});
const incidentSchema = z.object({
  id: z.string().min(1),
  status: z.string(),
  html_url: z.string().nullish(),
  created_at: z.string().nullish(),
  ...incidentPeopleFields,
  escalation_policy: z.object({ id: z.string().min(1) }).nullish(),
});
const incidentAnswerSchema = z.object({ incident: incidentSchema });
const incidentListSchema = z.object({ incidents: z.array(incidentSchema) });
const userAnswerSchema = z.object({ user: userSchema });
const notesAnswerSchema = z.object({ notes: z.array(z.object({ content: z.string().nullish() })) });
const userListSchema = z.object({ users: z.array(userSchema) });
const policyAnswerSchema = z.object({ escalation_policy: z.object({ escalation_rules: z.array(z.unknown()) }) });
const errorSchema = z.object({
  error: z.object({
    message: z.string().nullish(),
    code: z.number().nullish(),
    errors: z.array(z.string()).nullish(),
  }),
});

type Method = 'GET' | 'POST' | 'PUT';
type Incident = z.infer<typeof incidentSchema>;

interface Call {
  readonly method: Method;
  /** Path and query, starting with `/`. */
  readonly path: string;
  /** Shown in errors instead of the path (which may carry ids and keys), e.g. `GET /incidents/{id}`. */
  readonly label: string;
  readonly body?: Readonly<Record<string, unknown>>;
}

type Answer = { readonly status: number; readonly json: unknown };

export function createPagerDutyPaging(options: PagerDutyPagingOptions): PagingProvider {
  const base = options.apiUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = api({ token: options.token, tokenType: 'token' });
  const secrets = [options.token].filter((s) => s.length >= 4);

  /** Removes the token from text that leaves this module. */
  function redact(text: string): string {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join('[redacted]');
    return out;
  }

  function unavailable(call: Call, reason: string): PagingUnavailableError {
    return new PagingUnavailableError('pagerduty', new Error(redact(`${call.label}: ${reason}`)));
  }

  function describeFailure(err: unknown): string {
    const message = err instanceof Error ? err.message : String(err);
    const code = (err as { code?: unknown } | null)?.code;
    return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
  }

  /** pdjs rejects with the Response itself when an answer is not JSON. */
  function isResponse(value: unknown): value is { status: number } {
    return typeof value === 'object' && value !== null && typeof (value as { status?: unknown }).status === 'number' && 'headers' in value;
  }

  /** One HTTP exchange through pdjs, bounded by the deadline. */
  async function exchange(call: Call): Promise<Answer> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Error(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    try {
      const request = client({
        url: `${base}${call.path}`,
        method: call.method,
        headers: {
          Accept: 'application/vnd.pagerduty+json;version=2',
          'Content-Type': 'application/json',
          ...(call.method === 'GET' ? {} : { From: options.fromEmail }),
        },
        ...(call.body === undefined ? {} : { data: call.body }),
        signal: controller.signal,
        redirect: 'error',
        // 0 = no empty 30 s timer from pdjs; the deadline above is the timeout.
        requestTimeout: 0,
        // pdjs waits this long before each of its three 429 retries: keep them within the deadline.
        retryTimeout: Math.floor(timeoutMs / 5),
      });
      const res = await Promise.race([request, deadline]);
      const json: unknown = res.data;
      return { status: res.status, json };
    } catch (err) {
      if (isResponse(err)) return { status: err.status, json: undefined };
      if ((err as { type?: unknown } | null)?.type === 'no-redirect') {
        throw new Error(`PagerDuty answered ${call.label} with a redirect; check PAGERDUTY_API_URL (${base})`);
      }
      throw unavailable(call, describeFailure(err));
    } finally {
      clearTimeout(timer);
    }
  }

  /** Returns 2xx answers; throws PagingUnavailableError or PagerDutyApiError otherwise. */
  async function send(call: Call): Promise<Answer> {
    const answer = await exchange(call);
    const { status, json } = answer;
    if (status >= 200 && status < 300) return answer;
    const error = errorSchema.safeParse(json);
    const detail = error.success ? error.data.error : null;
    const text = [detail?.message, ...(detail?.errors ?? [])].filter((s): s is string => typeof s === 'string' && s.length > 0).join('; ');
    const suffix = text.length > 0 ? `: ${text.slice(0, 1_000)}` : '';
    if (status === 408 || status === 429 || status >= 500) throw unavailable(call, `HTTP ${status}${suffix}`);
    throw new PagerDutyApiError(status, detail?.code ?? null, detail?.errors ?? [], redact(`PagerDuty refused ${call.label} (HTTP ${status})${suffix}`));
  }

  function read<T>(call: Call, schema: z.ZodType<T>, json: unknown): T {
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unexpected shape';
    throw new Error(`Unexpected answer from PagerDuty to ${call.label}: ${where}`);
  }

  function checkId(kind: string, id: string): void {
    if (id.trim().length === 0) throw new Error(`A PagerDuty ${kind} id must not be empty`);
  }

  const incidentPath = (id: string, rest = ''): string => `/incidents/${encodeURIComponent(id)}${rest}`;

  async function getIncident(id: string): Promise<Incident> {
    const call: Call = { method: 'GET', path: incidentPath(id), label: 'GET /incidents/{id}' };
    return read(call, incidentAnswerSchema, (await send(call)).json).incident;
  }

  async function getUserEmail(id: string): Promise<string | null> {
    const call: Call = { method: 'GET', path: `/users/${encodeURIComponent(id)}`, label: 'GET /users/{id}' };
    try {
      return read(call, userAnswerSchema, (await send(call)).json).user.email ?? null;
    } catch (err) {
      // A user removed since the on-call was computed: still on call, just no email to match.
      if (err instanceof PagerDutyApiError && err.status === 404) return null;
      throw err;
    }
  }

  /** The incident a duplicate incident_key points at: the open one, else the newest. */
  async function findByKey(incidentKey: string, serviceId: string): Promise<Incident | null> {
    const query = new URLSearchParams({ incident_key: incidentKey, date_range: 'all', limit: '100' });
    query.append('service_ids[]', serviceId);
    const call: Call = { method: 'GET', path: `/incidents?${query.toString()}`, label: 'GET /incidents?incident_key' };
    const incidents = read(call, incidentListSchema, (await send(call)).json).incidents;
    const open = incidents.find((i) => OPEN_STATUSES.has(i.status));
    if (open !== undefined) return open;
    return [...incidents].sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? ''))[0] ?? null;
  }

  /** The page's receipt, naming whom PagerDuty assigned it to (the escalation policy's on-call, or the user paged directly). */
  const receipt = async (incident: Incident): Promise<PageReceipt> => ({
    provider: 'pagerduty',
    reference: incident.id,
    url: incident.html_url ?? null,
    paged: await withEmails(assignees(incident), getUserEmail),
  });

  async function addNote(id: string, text: string): Promise<void> {
    checkId('incident', id);
    if (text.trim().length === 0) throw new Error('A PagerDuty note must not be empty');
    await send({ method: 'POST', path: incidentPath(id, '/notes'), label: 'POST /incidents/{id}/notes', body: { note: { content: text } } });
  }

  /** PUT /incidents/{id} with `escalation_level` (the policy's rules are its levels): who the incident is assigned to now. */
  async function escalate(id: string, fromLevel: number): Promise<EscalationOutcome> {
    checkId('incident', id);
    const policyId = (await getIncident(id)).escalation_policy?.id;
    if (policyId === undefined) throw new Error('PagerDuty did not say which escalation policy the incident follows');
    const policyCall: Call = { method: 'GET', path: `/escalation_policies/${encodeURIComponent(policyId)}`, label: 'GET /escalation_policies/{id}' };
    const levels = read(policyCall, policyAnswerSchema, (await send(policyCall)).json).escalation_policy.escalation_rules.length;
    if (fromLevel >= levels) return { kind: 'last_level', level: fromLevel };
    const call: Call = { method: 'PUT', path: incidentPath(id), label: 'PUT /incidents/{id}', body: { incident: { type: 'incident_reference', escalation_level: fromLevel + 1 } } };
    const escalated = read(call, incidentAnswerSchema, (await send(call)).json).incident;
    const nowPaged = (await withEmails(assignees(escalated), getUserEmail)).map(({ name, email }) => ({ name, email }));
    return { kind: 'escalated', level: fromLevel + 1, nowPaged };
  }

  /** GET /users?query= matches names and emails by substring: only an exact email is the person. */
  async function findUser(email: string): Promise<ProviderUser | null> {
    const wanted = email.trim().toLowerCase();
    if (wanted.length === 0) return null;
    const call: Call = { method: 'GET', path: `/users?${new URLSearchParams({ query: wanted, limit: '100' }).toString()}`, label: 'GET /users?query' };
    const user = read(call, userListSchema, (await send(call)).json).users.find((u) => u.email?.trim().toLowerCase() === wanted);
    // A user with no name is named by the email that found them: people never read a PagerDuty id.
    return user ? { providerUserId: user.id, name: user.name || user.summary || wanted } : null;
  }

  return {
    name: 'pagerduty',

    async onCall(escalationPolicyId) {
      checkId('escalation policy', escalationPolicyId);
      const people: { id: string; name: string; email: string | null | undefined; level: number }[] = [];
      for (let page = 0, more = true; more && page < ONCALL_MAX_PAGES; page++) {
        const query = new URLSearchParams({ earliest: 'true', limit: String(ONCALL_PAGE_LIMIT), offset: String(page * ONCALL_PAGE_LIMIT) });
        query.append('escalation_policy_ids[]', escalationPolicyId);
        query.append('include[]', 'users');
        const call: Call = { method: 'GET', path: `/oncalls?${query.toString()}`, label: 'GET /oncalls' };
        const answer = read(call, onCallsSchema, (await send(call)).json);
        for (const entry of answer.oncalls) {
          if (!entry.user) continue;
          const { user } = entry;
          people.push({ id: user.id, name: user.name || user.summary || user.id, email: user.email, level: entry.escalation_level });
        }
        more = answer.more === true && answer.oncalls.length > 0;
      }
      // Primary first; someone on several levels counts once, at their lowest level (sort is stable).
      people.sort((a, b) => a.level - b.level);
      const seen = new Set<string>();
      const result: OnCallPerson[] = [];
      for (const person of people) {
        if (seen.has(person.id)) continue;
        seen.add(person.id);
        // Without `include[]=users` honoured (or a user_reference only), the email comes from /users/{id}.
        const email = person.email === undefined ? await getUserEmail(person.id) : person.email;
        result.push({ providerUserId: person.id, name: person.name, email: email || null, level: person.level });
      }
      return result;
    },

    async page(request: PageRequest): Promise<PageReceipt> {
      const serviceId = request.pagerdutyServiceId;
      if (serviceId === undefined || serviceId.trim().length === 0) {
        throw new Error(`Cannot page ${request.incidentRef} on PagerDuty: pagerdutyServiceId (the service to open the incident on) is missing`);
      }
      const incidentKey = request.dedupKey ?? request.incidentRef;
      if (incidentKey.trim().length === 0) throw new Error('A PagerDuty page needs an incident_key (its dedup key or incident ref)');
      const directly = request.pagerdutyUserId ?? request.personUserId;
      const call: Call = {
        method: 'POST',
        path: '/incidents',
        label: 'POST /incidents',
        body: {
          incident: {
            type: 'incident',
            title: request.title.trim() || request.incidentRef,
            service: { id: serviceId, type: 'service_reference' },
            urgency: request.urgency,
            incident_key: incidentKey,
            body: { type: 'incident_body', details: request.details },
            ...(directly ? { assignments: [{ assignee: { id: directly, type: 'user_reference' } }] } : {}),
          },
        },
      };
      try {
        return await receipt(read(call, incidentAnswerSchema, (await send(call)).json).incident);
      } catch (err) {
        // Already paged (a retry, or an answer lost to a timeout): the open incident is the receipt.
        const duplicate = err instanceof PagerDutyApiError && err.status === 400 && [err.message, ...err.details].some((m) => DUPLICATE_KEY.test(m));
        if (!duplicate) throw err;
        const existing = await findByKey(incidentKey, serviceId);
        if (existing === null) throw err;
        return receipt(existing);
      }
    },

    async isAcknowledged(id) {
      checkId('incident', id);
      const { status } = await getIncident(id);
      return status === 'acknowledged' || status === 'resolved';
    },

    async acknowledgement(id) {
      checkId('incident', id);
      const incident = await getIncident(id);
      const by = acknowledger(incident);
      return {
        acknowledged: incident.status === 'acknowledged' || incident.status === 'resolved',
        acknowledgedBy: by ? ((await withEmails([by], getUserEmail))[0] ?? by) : null,
        paged: await withEmails(assignees(incident), getUserEmail),
      };
    },

    async resolve(id, note) {
      checkId('incident', id);
      try {
        await send({
          method: 'PUT',
          path: incidentPath(id),
          label: 'PUT /incidents/{id}',
          body: { incident: { type: 'incident_reference', status: 'resolved' } },
        });
      } catch (err) {
        // PagerDuty refuses to resolve a resolved incident; that is the state we want.
        if (!(err instanceof PagerDutyApiError) || err.status !== 400) throw err;
        if ((await getIncident(id)).status !== 'resolved') throw err;
      }
      if (note.trim().length > 0) await addNote(id, note);
    },

    addNote,

    async hasNote(id, marker) {
      checkId('incident', id);
      const call: Call = { method: 'GET', path: incidentPath(id, '/notes'), label: 'GET /incidents/{id}/notes' };
      return read(call, notesAnswerSchema, (await send(call)).json).notes.some((n) => n.content?.includes(marker) === true);
    },

    // Urgency only: PagerDuty's priorities are per-account ids (not configured here). SEV1/SEV2 page with high urgency, so they set it back to high.
    async setSeverity(id, severity) {
      checkId('incident', id);
      const urgency = severity === 'SEV1' || severity === 'SEV2' ? 'high' : 'low';
      await send({ method: 'PUT', path: incidentPath(id), label: 'PUT /incidents/{id}', body: { incident: { type: 'incident_reference', urgency } } });
    },
    findUser,
    escalate: (id, step) => escalate(id, step.fromLevel),
  };
}
