/**
 * Paging through Opsgenie's REST API (DESIGN §6): a small typed `fetch` client instead of the
 * unmaintained opsgenie-sdk. Base URL and the Authorization header are options, so Jira Service
 * Management Operations (same /v2 paths under its own base URL, Basic auth) is a configuration
 * change, not another client.
 *
 * Opsgenie processes alert writes asynchronously: create, close and add-note answer 202 with a
 * request id and are applied shortly after. So the alert's alias is the incident ref (a retried
 * page de-duplicates into the open alert instead of paging twice), and a 404 for that alias right
 * after the page means "not applied yet", not "gone".
 *
 * Every call has a timeout (DESIGN §4). Network errors, timeouts, 429 and 5xx throw
 * PagingUnavailableError (the caller fails over); other refusals throw OpsgenieApiError with
 * Opsgenie's own message. The API key never appears in an error.
 */
import { z } from 'zod';
import type { Severity } from '../../core/severity.js';
import { PagingUnavailableError, type EscalationOutcome, type EscalationStep, type OnCallPerson, type PageAcknowledgement, type PagedPerson, type PageReceipt, type PageRequest, type PagingProvider, type ProviderUser } from '../../app/ports/paging.js';
import { providerPerson } from '../../core/provider-person.js';

export interface OpsgeniePagingOptions {
  readonly apiKey: string;
  /** Base URL without the /v2 path, e.g. `https://api.opsgenie.com` or `https://api.eu.opsgenie.com`. */
  readonly apiUrl: string;
  /** Per call, connecting and reading the answer included (default 5000 ms). */
  readonly timeoutMs?: number;
  /** The Authorization header for a key (default `GenieKey <key>`); JSM Operations uses Basic auth. */
  readonly authorization?: (key: string) => string;
}

/** Opsgenie refused a call (4xx other than 429): a request or configuration problem, not an outage. */
export class OpsgenieApiError extends Error {
  readonly code = 'opsgenie.refused';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'OpsgenieApiError';
  }
}

/** Opsgenie's documented field limits (Alert API). */
export const OPSGENIE_LIMITS = { message: 130, alias: 512, description: 15_000, note: 25_000 } as const;

const DEFAULT_TIMEOUT_MS = 5_000;
const SOURCE = 'Warroom';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

// Only the fields Warroom reads; Opsgenie sends many more.
const acceptedSchema = z.object({ requestId: z.string().min(1) });
const notesSchema = z.object({ data: z.array(z.object({ note: z.string().nullish() })) });
/** Our severity as an Opsgenie alert priority (P5, "informational", is never used). */
const PRIORITY: Record<Severity, string> = { SEV1: 'P1', SEV2: 'P2', SEV3: 'P3', SEV4: 'P4' };
const onCallsSchema = z.object({
  data: z.object({ onCallRecipients: z.array(z.string()).nullish() }),
});
// `owner` and `report.acknowledgedBy` are Opsgenie usernames (the user's email), empty when nobody.
const alertSchema = z.object({
  data: z.object({ status: z.string(), acknowledged: z.boolean(), owner: z.string().nullish(), report: z.object({ acknowledgedBy: z.string().nullish() }).nullish() }),
});
const userSchema = z.object({ data: z.object({ username: z.string().min(1), fullName: z.string().nullish() }) });
const escalationSchema = z.object({
  data: z.object({ rules: z.array(z.object({ recipient: z.object({ type: z.string(), name: z.string().nullish(), username: z.string().nullish() }) })) }),
});
const errorSchema = z.object({
  message: z.string().optional(),
  errors: z.record(z.string(), z.unknown()).optional(),
});

type Method = 'GET' | 'POST' | 'PUT';

interface Call {
  readonly method: Method;
  /** Path and query, starting with `/v2/`. */
  readonly path: string;
  /** Shown in errors instead of the path (which may carry user data); e.g. `POST /v2/alerts`. */
  readonly label: string;
  readonly body?: Readonly<Record<string, unknown>>;
}

type Answer = { readonly status: number; readonly json: unknown };

/** Cuts `text` to at most `max` UTF-16 units (Opsgenie's count) without splitting a surrogate pair; marks the cut with `…`. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

export function createOpsgeniePaging(options: OpsgeniePagingOptions): PagingProvider {
  const base = options.apiUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const authorize = options.authorization ?? ((key: string) => `GenieKey ${key}`);
  const secrets = [options.apiKey, authorize(options.apiKey)].filter((s) => s.length >= 4);

  /** Removes the key (and the header built from it) from text that leaves this module. */
  function redact(text: string): string {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join('[redacted]');
    return out;
  }

  function unavailable(call: Call, reason: string): PagingUnavailableError {
    return new PagingUnavailableError('opsgenie', new Error(redact(`${call.label}: ${reason}`)));
  }

  function describeFailure(err: unknown): string {
    if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
    const cause = err instanceof Error ? (err.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
    const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : null;
    const message = err instanceof Error ? err.message : String(err);
    return detail === null ? message : `${message} (${detail})`;
  }

  /** One HTTP exchange. Returns 2xx answers and the 4xx statuses listed in `allow`; throws otherwise. */
  async function send(call: Call, allow: readonly number[] = []): Promise<Answer> {
    let status: number;
    let text: string;
    try {
      const res = await fetch(`${base}${call.path}`, {
        method: call.method,
        headers: {
          authorization: authorize(options.apiKey),
          accept: 'application/json',
          ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      throw unavailable(call, describeFailure(err));
    }

    let json: unknown = undefined;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      // not JSON (a proxy's error page): the status decides
    }

    if (status >= 200 && status < 300) return { status, json };
    if (status === 429 || status >= 500) throw unavailable(call, `HTTP ${status}${opsgenieMessage(json, ': ')}`);
    if (allow.includes(status)) return { status, json };
    throw new OpsgenieApiError(status, redact(`Opsgenie refused ${call.label} (HTTP ${status})${opsgenieMessage(json, ': ')}`));
  }

  /** `Opsgenie's message {field: problem}` of an error answer, or '' when it has none. */
  function opsgenieMessage(json: unknown, prefix: string): string {
    const parsed = errorSchema.safeParse(json);
    if (!parsed.success) return '';
    const parts: string[] = [];
    if (parsed.data.message) parts.push(parsed.data.message);
    const fields = Object.entries(parsed.data.errors ?? {}).map(([field, problem]) => `${field}: ${String(problem)}`);
    if (fields.length > 0) parts.push(`(${fields.join('; ')})`);
    return parts.length === 0 ? '' : `${prefix}${parts.join(' ')}`.slice(0, 1_000);
  }

  function read<T>(call: Call, schema: z.ZodType<T>, json: unknown): T {
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unexpected shape';
    throw new Error(`Unexpected answer from Opsgenie to ${call.label}: ${where}`);
  }

  async function accepted(call: Call): Promise<string> {
    const answer = await send(call);
    return read(call, acceptedSchema, answer.json).requestId;
  }

  const alertPath = (alias: string, action = ''): string => `/v2/alerts/${encodeURIComponent(alias)}${action}?identifierType=alias`;

  function checkAlias(alias: string): void {
    if (alias.length === 0) throw new Error('An Opsgenie alert alias (the incident ref) must not be empty');
    if (alias.length > OPSGENIE_LIMITS.alias) throw new Error(`An Opsgenie alert alias is at most ${OPSGENIE_LIMITS.alias} characters`);
  }

  /** The alert's state, with its owner (whom it went to) and who acknowledged it, as usernames. */
  async function acknowledgement(alias: string): Promise<PageAcknowledgement> {
    checkAlias(alias);
    const call: Call = { method: 'GET', path: alertPath(alias), label: 'GET /v2/alerts/{alias}' };
    const answer = await send(call, [404]);
    // 404 right after the page: Opsgenie has not applied the create yet.
    if (answer.status === 404) return { acknowledged: false, acknowledgedBy: null, paged: [] };
    const alert = read(call, alertSchema, answer.json).data;
    const person = (username: string | null | undefined) => providerPerson({ providerUserId: username, name: username, email: username && EMAIL.test(username) ? username : null });
    const owner = person(alert.owner);
    return { acknowledged: alert.acknowledged || alert.status === 'closed', acknowledgedBy: person(alert.report?.acknowledgedBy), paged: owner ? [owner] : [] };
  }

  /** The escalation's rules are its levels; the rule after `fromLevel` names who is notified next. */
  async function escalate(alias: string, step: EscalationStep, onCall: (schedule: string) => Promise<OnCallPerson[]>): Promise<EscalationOutcome> {
    checkAlias(alias);
    if (step.escalation === null) return { kind: 'no_escalation' };
    const rulesCall: Call = { method: 'GET', path: `/v2/escalations/${encodeURIComponent(step.escalation)}?identifierType=name`, label: `GET escalation "${step.escalation}"` };
    const rules = read(rulesCall, escalationSchema, (await send(rulesCall)).json).data.rules;
    const next = rules[step.fromLevel];
    if (next === undefined) return { kind: 'last_level', level: step.fromLevel };
    await accepted({
      method: 'POST',
      path: alertPath(alias, '/escalate'),
      label: 'POST /v2/alerts/{alias}/escalate',
      body: { escalation: { name: step.escalation, type: 'escalation' }, source: SOURCE, note: `Escalated from Warroom to level ${step.fromLevel + 1}` },
    });
    const { type, name, username } = next.recipient;
    let nowPaged: PagedPerson[] = [];
    if (type === 'user' && username) nowPaged = [{ name: username, email: EMAIL.test(username) ? username : null }];
    else if (type === 'schedule' && name) nowPaged = (await onCall(name).catch(() => [])).map((p) => ({ name: p.name, email: p.email }));
    else if (name) nowPaged = [{ name: `${type} ${name}`, email: null }];
    return { kind: 'escalated', level: step.fromLevel + 1, nowPaged };
  }

  /** GET /v2/users/{username}: Opsgenie usernames are emails; 404 when nobody has it. */
  async function findUser(email: string): Promise<ProviderUser | null> {
    const wanted = email.trim().toLowerCase();
    if (!EMAIL.test(wanted)) return null;
    const call: Call = { method: 'GET', path: `/v2/users/${encodeURIComponent(wanted)}`, label: 'GET /v2/users/{username}' };
    const answer = await send(call, [404]);
    if (answer.status === 404) return null;
    const user = read(call, userSchema, answer.json).data;
    return { providerUserId: user.username, name: user.fullName || user.username };
  }

  const provider: PagingProvider = {
    name: 'opsgenie',

    async onCall(scheduleName) {
      const call: Call = {
        method: 'GET',
        path: `/v2/schedules/${encodeURIComponent(scheduleName)}/on-calls?scheduleIdentifierType=name&flat=true`,
        label: `GET on-calls of schedule "${scheduleName}"`,
      };
      const answer = await send(call);
      const recipients = read(call, onCallsSchema, answer.json).data.onCallRecipients ?? [];
      const unique = [...new Set(recipients.map((r) => r.trim()).filter((r) => r.length > 0))];
      return unique.map(
        (recipient, index): OnCallPerson => ({
          providerUserId: recipient,
          name: recipient,
          email: EMAIL.test(recipient) ? recipient : null,
          level: index + 1,
        }),
      );
    },

    async page(request: PageRequest): Promise<PageReceipt> {
      // The alias is the idempotency key Opsgenie keeps: one open alert per alias.
      const alias = request.dedupKey ?? request.incidentRef;
      checkAlias(alias);
      const responders: Record<string, string>[] = [];
      if (request.opsgenieSchedule) responders.push({ name: request.opsgenieSchedule, type: 'schedule' });
      const person = request.opsgenieUser ?? request.personUserId;
      if (person) responders.push({ username: person, type: 'user' });
      if (responders.length === 0) {
        throw new Error(`Cannot page ${alias} on Opsgenie: give opsgenieSchedule (a schedule name) or opsgenieUser (a user's email)`);
      }
      const title = request.title.trim() || alias;
      await accepted({
        method: 'POST',
        path: '/v2/alerts',
        label: 'POST /v2/alerts',
        body: {
          message: cutText(title, OPSGENIE_LIMITS.message),
          alias,
          description: cutText(request.details, OPSGENIE_LIMITS.description),
          responders,
          priority: request.urgency === 'high' ? 'P1' : 'P3',
          source: SOURCE,
          tags: ['warroom'],
        },
      });
      return { provider: 'opsgenie', reference: alias, url: null };
    },

    async isAcknowledged(alias) {
      return (await acknowledgement(alias)).acknowledged;
    },

    acknowledgement,

    async resolve(alias, note) {
      checkAlias(alias);
      await accepted({
        method: 'POST',
        path: alertPath(alias, '/close'),
        label: 'POST /v2/alerts/{alias}/close',
        body: { source: SOURCE, ...(note.trim().length > 0 ? { note: cutText(note, OPSGENIE_LIMITS.note) } : {}) },
      });
    },

    async addNote(alias, text) {
      checkAlias(alias);
      if (text.trim().length === 0) throw new Error('An Opsgenie note must not be empty');
      await accepted({
        method: 'POST',
        path: alertPath(alias, '/notes'),
        label: 'POST /v2/alerts/{alias}/notes',
        body: { note: cutText(text, OPSGENIE_LIMITS.note), source: SOURCE },
      });
    },

    // The newest 100 notes (the most Opsgenie lists at once): a retried mirror looks for a note it posted moments ago.
    async hasNote(alias, marker) {
      checkAlias(alias);
      const call: Call = { method: 'GET', path: `${alertPath(alias, '/notes')}&order=desc&limit=100`, label: 'GET /v2/alerts/{alias}/notes' };
      const answer = await send(call, [404]);
      if (answer.status === 404) return false;
      return read(call, notesSchema, answer.json).data.some((n) => n.note?.includes(marker) === true);
    },

    async setSeverity(alias, severity) {
      checkAlias(alias);
      await accepted({ method: 'PUT', path: alertPath(alias, '/priority'), label: 'PUT /v2/alerts/{alias}/priority', body: { priority: PRIORITY[severity] } });
    },
    findUser,
    escalate: (alias, step) => escalate(alias, step, (schedule) => provider.onCall(schedule)),
  };
  return provider;
}
