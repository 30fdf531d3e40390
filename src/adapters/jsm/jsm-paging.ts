/**
 * Paging through Jira Service Management (JSM) Operations, Opsgenie's successor. Its alert API is
 * Opsgenie's under other paths and auth, so the client is the shared Opsgenie-family one
 * (src/adapters/opsgenie-family/); this file is JSM's dialect:
 *
 * - alert writes (create, close, notes) and their request status go to the integration API,
 *   `{JSM_API_URL}/jsm/ops/integration/v2/alerts…` with `Authorization: GenieKey <integration key>`
 *   (https://developer.atlassian.com/cloud/jira/service-desk-ops/rest/v1/api-group-integration-events/);
 *   `identifierType=alias` works there although the reference leaves it out
 *   (https://jira.atlassian.com/browse/JSDCLOUD-14179);
 * - reads go to the REST API, `{JSM_API_URL}/jsm/ops/api/{cloudId}/v1/…` with Basic auth (Atlassian
 *   account email + API token) (https://developer.atlassian.com/cloud/jira/service-desk-ops/rest/v1/intro/):
 *   on-call of a schedule by id (…/schedules/{id}/on-calls?flat=true, api-group-schedule-on-calls),
 *   and an alert by alias through the list with `query=alias:"…"` (its GET takes only the alert id,
 *   JSDCLOUD-14179's documented workaround).
 */
import { z } from 'zod';
import type { PagingProvider } from '../../app/ports/paging.js';
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

// With flat=true JSM answers the on-call users; Opsgenie's older field name is read too, so either answer works.
const onCallsSchema = z.object({ onCallUsers: z.array(z.string()).nullish(), onCallRecipients: z.array(z.string()).nullish() });
// `owner` and `report.acknowledgedBy` as in Opsgenie's alert: usernames (emails), empty when nobody.
const alertListSchema = z.object({
  values: z.array(z.object({ id: z.string().nullish(), status: z.string(), acknowledged: z.boolean(), owner: z.string().nullish(), report: z.object({ acknowledgedBy: z.string().nullish() }).nullish() })),
});

export function createJsmPaging(options: JsmPagingOptions): PagingProvider {
  const base = options.apiUrl.replace(/\/+$/, '');
  const rest = `${base}/jsm/ops/api/${encodeURIComponent(options.cloudId)}/v1`;
  const basic = `Basic ${Buffer.from(`${options.apiEmail}:${options.apiToken}`).toString('base64')}`;
  const genieKey = `GenieKey ${options.integrationKey}`;
  const onCallsLabel = 'GET /v1/schedules/{id}/on-calls';
  const alertLabel = 'GET /v1/alerts?query=alias';
  return createOpsgenieFamilyPaging({
    provider: 'jsm',
    displayName: NAME,
    secrets: [options.apiToken, options.integrationKey, basic, genieKey],
    timeoutMs: options.timeoutMs,
    alerts: { url: `${base}/jsm/ops/integration/v2/alerts`, authorization: genieKey, label: '/jsm/ops/integration/v2/alerts' },
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
      const person = request.jsmUser ?? request.personUserId;
      if (person) responders.push({ username: person, type: 'user' });
      if (responders.length === 0) throw new Error(`Cannot page ${alias} on JSM Operations: give jsmSchedule (a schedule id) or jsmUser (a user's email)`);
      return responders;
    },
  });
}
