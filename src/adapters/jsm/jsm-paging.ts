/**
 * Paging through Jira Service Management (JSM) Operations, Opsgenie's successor. Its alert API is
 * Opsgenie's under other paths and auth, so the client is the shared Opsgenie-family one
 * (src/adapters/opsgenie-family/); this file is JSM's dialect:
 *
 * - alert writes (create, close, notes) go to the integration API,
 *   `{JSM_API_URL}/jsm/ops/integration/v2/alerts…` with `Authorization: GenieKey <integration key>`
 *   (https://developer.atlassian.com/cloud/jira/service-desk-ops/rest/v1/api-group-integration-events/);
 *   `identifierType=alias` works there although the reference leaves it out
 *   (https://jira.atlassian.com/browse/JSDCLOUD-14179);
 * - reads go to the REST API, `{JSM_API_URL}/jsm/ops/api/{cloudId}/v1/…` with Basic auth (Atlassian
 *   account email + API token) (https://developer.atlassian.com/cloud/jira/service-desk-ops/rest/v1/intro/):
 *   the writes' request status (`…/alerts/requests/{id}`),
 *   on-call of a schedule by id (…/schedules/{id}/on-calls?flat=true, api-group-schedule-on-calls),
 *   and an alert by alias through the list with `query=alias:"…"` (its GET takes only the alert id,
 *   JSDCLOUD-14179's documented workaround);
 * - what Warroom does to a paged alert beyond closing and notes goes to the REST API by the alert's id
 *   (read through that list first): its notes (`GET …/alerts/{id}/notes`, to find a mirrored note
 *   again), its priority (`PATCH …/alerts/{id}/priority`) and escalating it (`POST …/alerts/{id}/escalate`
 *   with `{ escalationId }`). JSM escalations belong to a team, so `services.*.jsm.escalation` is
 *   `<team id>/<escalation id>`: the team id only reads its rules, `GET …/teams/{teamId}/escalations/{id}`
 *   (api-group-escalations);
 * - a person is found by email with Jira's user search on the same site and credentials
 *   (`GET {JSM_API_URL}/ex/jira/{cloudId}/rest/api/3/user/search?query=…`), and paged as a user
 *   responder by Atlassian account id.
 */
import { z } from 'zod';
import type { PagingProvider } from '../../app/ports/paging.js';
import type { AlertApiCall } from '../opsgenie-family/alert-api.js';
import type { OpsgenieFamilyExtras } from '../opsgenie-family/alert-extras.js';
import { answerReader, createOpsgenieFamilyPaging } from '../opsgenie-family/alert-paging.js';

export interface JsmPagingOptions {
  /** The site's cloud id (https://<site>.atlassian.net/_edge/tenant_info). */
  readonly cloudId: string;
  /** The Atlassian account whose API token reads on-call and alerts. */
  readonly apiEmail: string;
  readonly apiToken: string;
  /** The API key of a JSM Ops "API" integration: alert writes go through it. */
  readonly integrationKey: string;
  /** Default `https://api.atlassian.com`. */
  readonly apiUrl: string;
  /** Per call (default 5000 ms). */
  readonly timeoutMs?: number;
}

const NAME = 'JSM Operations';

// "List on-call responders", GET …/schedules/{scheduleId}/on-calls?flat=true → `{ onCallUsers: [user id] }`:
// https://developer.atlassian.com/cloud/jira/service-desk-ops/rest/v2/api-group-schedule-on-calls/ (getOnCalls). The documented entries are Atlassian account
// ids, not emails, so they are shown as given. Opsgenie's older field name is read too, so either answer works.
const onCallsSchema = z.object({ onCallUsers: z.array(z.string()).nullish(), onCallRecipients: z.array(z.string()).nullish() });
// "List alerts" with `query` (alert search syntax) → `{ values: [AlertResponse], count, links }`, `id`, `status` and
// `acknowledged` documented (https://developer.atlassian.com/cloud/jira/service-desk-ops/rest/v2/api-group-alerts/, listAlerts). Undocumented: `owner` is
// documented as the owner's display name, and `report.acknowledgedBy` is not in AlertResponse at all; both are read as
// Opsgenie's (usernames, empty when nobody) and stay optional.
const alertListSchema = z.object({
  values: z.array(z.object({ id: z.string().nullish(), status: z.string(), acknowledged: z.boolean(), owner: z.string().nullish(), report: z.object({ acknowledgedBy: z.string().nullish() }).nullish() })),
});

// The request status answers flat, not under Opsgenie's `data`.
const requestStatusSchema = z.object({ isSuccess: z.boolean(), status: z.string(), alertId: z.string().nullish() });
const notesSchema = z.object({ values: z.array(z.object({ note: z.string().nullish() })) });
// Jira's "Find users", GET /rest/api/3/user/search?query=… → `[User]` (accountId, displayName, emailAddress, active); the
// email shows only where the user's privacy settings allow it:
// https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-user-search/#api-rest-api-3-user-search-get.
// Basic auth on api.atlassian.com/ex/jira/{cloudId} is documented for API tokens with scopes (read:user:jira)
// (https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/).
const usersSchema = z.array(z.object({ accountId: z.string().min(1), displayName: z.string().nullish(), emailAddress: z.string().nullish(), active: z.boolean().nullish() }));
// "Get escalation", GET …/teams/{teamId}/escalations/{id} → `{ rules: [{ recipient: { id, type: user|schedule|team } }] }`
// (https://developer.atlassian.com/cloud/jira/service-desk-ops/rest/v2/api-group-escalations/, getEscalation); `name`/`username` are Opsgenie's, read where present.
const escalationSchema = z.object({ rules: z.array(z.object({ recipient: z.object({ type: z.string(), id: z.string().nullish(), name: z.string().nullish(), username: z.string().nullish() }) })) });

/** The person the user search found for `email`: the exact email, else the one active account it answered. */
function userByEmail(users: z.infer<typeof usersSchema>, email: string) {
  const active = users.filter((u) => u.active !== false);
  const user = active.find((u) => u.emailAddress?.toLowerCase() === email) ?? (active.length === 1 && !active[0]?.emailAddress ? active[0] : undefined);
  return user ? { providerUserId: user.accountId, name: user.displayName || email } : null;
}

/** Notes, priority, escalation and people, through the REST API by alert id (see the file's comment). */
function jsmExtras(urls: { base: string; rest: string; cloudId: string }, basic: string): OpsgenieFamilyExtras {
  const get = (url: string, label: string): AlertApiCall => ({ method: 'GET', url, authorization: basic, label });
  /** `<team id>/<escalation id>`. */
  const escalationIds = (escalation: string) => {
    const [team = '', id = ''] = escalation.split('/', 2);
    if (!team || !id) throw new Error(`A JSM Operations escalation is "<team id>/<escalation id>", not "${escalation}"`);
    return { team, id };
  };
  return {
    actions: {
      async target(_alias, lookup) {
        const id = (await lookup())?.id;
        if (!id) return null;
        const at = `${urls.rest}/alerts/${encodeURIComponent(id)}`;
        return { url: (action, query) => `${at}${action}${query ? `?${query}` : ''}`, authorization: basic, label: '/v1/alerts/{id}' };
      },
      // "List alert notes" answers `{ values: [{ id, note, owner, createdAt, updatedAt }], links: { next } }` and takes
      // only `size` (1–100, default 20) and the `after` cursor; no `order` or `limit` (Opsgenie's), so the order is
      // JSM's own: https://developer.atlassian.com/cloud/jira/service-desk-ops/rest/v2/api-group-alerts/ (getAlertNotes).
      notes: answerReader(NAME, 'GET /v1/alerts/{id}/notes', notesSchema, (a) => a.values.map((n) => n.note ?? '')),
      notesQuery: 'size=100',
      // "Update alert priority" is PATCH (not Opsgenie's PUT) with `{ priority: P1…P5 }`, 202 + requestId:
      // https://developer.atlassian.com/cloud/jira/service-desk-ops/rest/v2/api-group-alerts/ (updateAlertPriority).
      priority: 'PATCH',
    },
    users: {
      call: (email) => get(`${urls.base}/ex/jira/${encodeURIComponent(urls.cloudId)}/rest/api/3/user/search?${new URLSearchParams({ query: email }).toString()}`, 'GET /rest/api/3/user/search'),
      read: (json, email) => {
        const users = answerReader(NAME, 'GET /rest/api/3/user/search', usersSchema, (a) => a)(json);
        return users instanceof Error ? users : userByEmail(users, email);
      },
    },
    escalations: {
      call: (escalation) => {
        const { team, id } = escalationIds(escalation);
        return get(`${urls.rest}/teams/${encodeURIComponent(team)}/escalations/${encodeURIComponent(id)}`, `GET escalation "${escalation}"`);
      },
      // A user recipient is an account id: named as such (a schedule's on-call is read by its id).
      rules: answerReader(NAME, 'GET /v1/teams/{teamId}/escalations/{id}', escalationSchema, (a) =>
        a.rules.map(({ recipient: r }) => ({ type: r.type, name: r.type === 'schedule' ? (r.id ?? r.name) : (r.name ?? r.id), username: r.username })),
      ),
      // "Escalate alert to next" takes only `{ escalationId }` (EscalateToNextRequest; no team id, source or note):
      // https://developer.atlassian.com/cloud/jira/service-desk-ops/rest/v2/api-group-alerts/ (escalateAlert).
      body: (escalation) => ({ escalationId: escalationIds(escalation).id }),
    },
  };
}

export function createJsmPaging(options: JsmPagingOptions): PagingProvider {
  const base = options.apiUrl.replace(/\/+$/, '');
  const rest = `${base}/jsm/ops/api/${encodeURIComponent(options.cloudId)}/v1`;
  const basic = `Basic ${Buffer.from(`${options.apiEmail}:${options.apiToken}`).toString('base64')}`;
  const genieKey = `GenieKey ${options.integrationKey}`;
  const onCallsLabel = 'GET /v1/schedules/{id}/on-calls';
  const alertLabel = 'GET /v1/alerts?query=alias';
  const requestsLabel = 'GET /v1/alerts/requests/{id}';
  return createOpsgenieFamilyPaging({
    ...jsmExtras({ base, rest, cloudId: options.cloudId }, basic),
    provider: 'jsm',
    displayName: NAME,
    secrets: [options.apiToken, options.integrationKey, basic, genieKey],
    timeoutMs: options.timeoutMs,
    // Integration events: "Create alert", POST …/integration/v2/alerts with GenieKey → 202 `{ result, requestId }`, documented
    // (https://developer.atlassian.com/cloud/jira/service-desk-ops/rest/v1/api-group-integration-events/); close and add note
    // by alias (`…/{alias}/close|notes?identifierType=alias`) follow Opsgenie's paths: the reference lists the actions
    // but not those paths or `identifierType` (JSDCLOUD-14179 shows the close path working). Undocumented, kept.
    alerts: { url: `${base}/jsm/ops/integration/v2/alerts`, authorization: genieKey, label: '/jsm/ops/integration/v2/alerts' },
    // Writes go through the integration API, but the documented request status is the REST API's "Get request
    // status" (Basic auth; the integration API documents none):
    // https://developer.atlassian.com/cloud/jira/service-desk-ops/rest/v2/api-group-alerts/ (getRequestStatus).
    requests: {
      call: (requestId) => ({ method: 'GET', url: `${rest}/alerts/requests/${encodeURIComponent(requestId)}`, authorization: basic, label: requestsLabel }),
      status: answerReader(NAME, requestsLabel, requestStatusSchema, (s) => ({ isSuccess: s.isSuccess, status: s.status, alertId: s.alertId ?? null })),
    },
    onCalls: {
      call: (schedule) => ({ method: 'GET', url: `${rest}/schedules/${encodeURIComponent(schedule)}/on-calls?flat=true`, authorization: basic, label: `GET on-calls of schedule "${schedule}"` }),
      recipients: answerReader(NAME, onCallsLabel, onCallsSchema, (a) => a.onCallUsers ?? a.onCallRecipients ?? []),
    },
    alertState: {
      call: (alias) => {
        const query = new URLSearchParams({ query: `alias:"${alias.replace(/["\\]/g, '\\$&')}"`, limit: '1', sort: 'createdAt', order: 'desc' });
        return { method: 'GET', url: `${rest}/alerts?${query.toString()}`, authorization: basic, label: alertLabel };
      },
      // No alert yet: JSM has not applied the create.
      state: answerReader(NAME, alertLabel, alertListSchema, (a) => {
        const alert = a.values[0];
        return alert ? { acknowledged: alert.acknowledged, closed: alert.status === 'closed', owner: alert.owner, acknowledgedBy: alert.report?.acknowledgedBy, id: alert.id } : null;
      }),
    },
    responders(request, alias) {
      const responders: Record<string, string>[] = [];
      if (request.jsmSchedule) responders.push({ id: request.jsmSchedule, type: 'schedule' });
      // A responder is documented as `{ id, type }` only (Responder); a user by `username` (email) is Opsgenie's, undocumented here.
      if (request.jsmUser) responders.push({ username: request.jsmUser, type: 'user' });
      // A person found by email is paged by their Atlassian account id.
      if (request.personUserId) responders.push({ id: request.personUserId, type: 'user' });
      if (responders.length === 0) throw new Error(`Cannot page ${alias} on JSM Operations: give jsmSchedule (a schedule id) or jsmUser (a user's email)`);
      return responders;
    },
  });
}
