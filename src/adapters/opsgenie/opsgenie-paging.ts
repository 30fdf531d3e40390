/**
 * Paging through Opsgenie's REST API (DESIGN §6): a small typed `fetch` client instead of the
 * unmaintained opsgenie-sdk. The client is shared with Jira Service Management Operations
 * (src/adapters/opsgenie-family/); this file is Opsgenie's dialect: `/v2` paths under
 * OPSGENIE_API_URL, `GenieKey` auth, schedules and escalations by name, users by username (their
 * email) (https://docs.opsgenie.com/docs/alert-api, https://docs.opsgenie.com/docs/who-is-on-call-api,
 * https://docs.opsgenie.com/docs/user-api, https://docs.opsgenie.com/docs/escalation-api).
 */
import { z } from 'zod';
import type { PagingProvider } from '../../app/ports/paging.js';
import { answerReader, createOpsgenieFamilyPaging } from '../opsgenie-family/alert-paging.js';

export { cutText, OPSGENIE_LIMITS, OpsgenieApiError } from '../opsgenie-family/alert-api.js';

export interface OpsgeniePagingOptions {
  readonly apiKey: string;
  /** Base URL without the /v2 path, e.g. `https://api.opsgenie.com` or `https://api.eu.opsgenie.com`. */
  readonly apiUrl: string;
  /** Per call, connecting and reading the answer included (default 5000 ms). */
  readonly timeoutMs?: number;
  /** The Authorization header for a key (default `GenieKey <key>`). */
  readonly authorization?: (key: string) => string;
}

// Only the fields Warroom reads; Opsgenie sends many more.
const onCallsSchema = z.object({ data: z.object({ onCallRecipients: z.array(z.string()).nullish() }) });
// `owner` and `report.acknowledgedBy` are Opsgenie usernames (the user's email), empty when nobody.
const alertSchema = z.object({
  data: z.object({ status: z.string(), acknowledged: z.boolean(), owner: z.string().nullish(), report: z.object({ acknowledgedBy: z.string().nullish() }).nullish() }),
});
const notesSchema = z.object({ data: z.array(z.object({ note: z.string().nullish() })) });
const userSchema = z.object({ data: z.object({ username: z.string().min(1), fullName: z.string().nullish() }) });
const escalationSchema = z.object({
  data: z.object({ rules: z.array(z.object({ recipient: z.object({ type: z.string(), name: z.string().nullish(), username: z.string().nullish() }) })) }),
});

const requestStatusSchema = z.object({ data: z.object({ isSuccess: z.boolean(), status: z.string(), alertId: z.string().nullish() }) });

const NAME = 'Opsgenie';

export function createOpsgeniePaging(options: OpsgeniePagingOptions): PagingProvider {
  const base = options.apiUrl.replace(/\/+$/, '');
  const authorization = (options.authorization ?? ((key: string) => `GenieKey ${key}`))(options.apiKey);
  const alertUrl = (alias: string, action = '', query = '') => `${base}/v2/alerts/${encodeURIComponent(alias)}${action}?identifierType=alias${query ? `&${query}` : ''}`;
  const label = (what: string) => `GET ${what}`;
  return createOpsgenieFamilyPaging({
    provider: 'opsgenie',
    displayName: NAME,
    secrets: [options.apiKey, authorization],
    timeoutMs: options.timeoutMs,
    alerts: { url: `${base}/v2/alerts`, authorization, label: '/v2/alerts' },
    requests: {
      call: (requestId) => ({ method: 'GET', url: `${base}/v2/alerts/requests/${encodeURIComponent(requestId)}`, authorization, label: label('/v2/alerts/requests/{id}') }),
      status: answerReader(NAME, label('/v2/alerts/requests/{id}'), requestStatusSchema, ({ data }) => ({ isSuccess: data.isSuccess, status: data.status, alertId: data.alertId ?? null })),
    },
    onCalls: {
      call: (schedule) => ({
        method: 'GET',
        url: `${base}/v2/schedules/${encodeURIComponent(schedule)}/on-calls?scheduleIdentifierType=name&flat=true`,
        authorization,
        label: `GET on-calls of schedule "${schedule}"`,
      }),
      recipients: answerReader(NAME, label('/v2/schedules/{name}/on-calls'), onCallsSchema, (a) => a.data.onCallRecipients ?? []),
    },
    alertState: {
      call: (alias) => ({ method: 'GET', url: alertUrl(alias), authorization, label: label('/v2/alerts/{alias}') }),
      state: answerReader(NAME, label('/v2/alerts/{alias}'), alertSchema, (a) => ({
        acknowledged: a.data.acknowledged,
        closed: a.data.status === 'closed',
        owner: a.data.owner,
        acknowledgedBy: a.data.report?.acknowledgedBy,
      })),
    },
    // Actions take the alias directly: no read first.
    actions: {
      target: (alias) => Promise.resolve({ url: (action, query) => alertUrl(alias, action, query), authorization, label: '/v2/alerts/{alias}' }),
      notes: answerReader(NAME, label('/v2/alerts/{alias}/notes'), notesSchema, (a) => a.data.map((n) => n.note ?? '')),
      notesQuery: 'order=desc&limit=100',
      priority: 'PUT',
    },
    users: {
      call: (email) => ({ method: 'GET', url: `${base}/v2/users/${encodeURIComponent(email)}`, authorization, label: label('/v2/users/{username}') }),
      // Opsgenie usernames are emails; 404 when nobody has it.
      read: answerReader(NAME, label('/v2/users/{username}'), userSchema, (a) => ({ providerUserId: a.data.username, name: a.data.fullName || a.data.username })),
    },
    escalations: {
      call: (name) => ({ method: 'GET', url: `${base}/v2/escalations/${encodeURIComponent(name)}?identifierType=name`, authorization, label: `GET escalation "${name}"` }),
      rules: answerReader(NAME, label('/v2/escalations/{name}'), escalationSchema, (a) => a.data.rules.map((r) => r.recipient)),
      body: (name, annotation) => ({ escalation: { name, type: 'escalation' }, ...annotation }),
    },
    responders(request, alias) {
      const responders: Record<string, string>[] = [];
      if (request.opsgenieSchedule) responders.push({ name: request.opsgenieSchedule, type: 'schedule' });
      const person = request.opsgenieUser ?? request.personUserId;
      if (person) responders.push({ username: person, type: 'user' });
      if (responders.length === 0) throw new Error(`Cannot page ${alias} on Opsgenie: give opsgenieSchedule (a schedule name) or opsgenieUser (a user's email)`);
      return responders;
    },
  });
}
