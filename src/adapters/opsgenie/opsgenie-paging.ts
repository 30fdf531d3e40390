/**
 * Paging through Opsgenie's REST API (DESIGN §6): a small typed `fetch` client instead of the
 * unmaintained opsgenie-sdk. The client is shared with Jira Service Management Operations
 * (src/adapters/opsgenie-family/); this file is Opsgenie's dialect: `/v2` paths under
 * OPSGENIE_API_URL, `GenieKey` auth, schedules by name
 * (https://docs.opsgenie.com/docs/alert-api, https://docs.opsgenie.com/docs/who-is-on-call-api).
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
const alertSchema = z.object({ data: z.object({ status: z.string(), acknowledged: z.boolean() }) });

const NAME = 'Opsgenie';

export function createOpsgeniePaging(options: OpsgeniePagingOptions): PagingProvider {
  const base = options.apiUrl.replace(/\/+$/, '');
  const authorization = (options.authorization ?? ((key: string) => `GenieKey ${key}`))(options.apiKey);
  const onCallsLabel = 'GET /v2/schedules/{name}/on-calls';
  const alertLabel = 'GET /v2/alerts/{alias}';
  return createOpsgenieFamilyPaging({
    provider: 'opsgenie',
    displayName: NAME,
    secrets: [options.apiKey, authorization],
    timeoutMs: options.timeoutMs,
    alerts: { url: `${base}/v2/alerts`, authorization, label: '/v2/alerts' },
    onCalls: {
      call: (schedule) => ({
        method: 'GET',
        url: `${base}/v2/schedules/${encodeURIComponent(schedule)}/on-calls?scheduleIdentifierType=name&flat=true`,
        authorization,
        label: `GET on-calls of schedule "${schedule}"`,
      }),
      recipients: answerReader(NAME, onCallsLabel, onCallsSchema, (a) => a.data.onCallRecipients ?? []),
    },
    alertState: {
      call: (alias) => ({ method: 'GET', url: `${base}/v2/alerts/${encodeURIComponent(alias)}?identifierType=alias`, authorization, label: alertLabel }),
      state: answerReader(NAME, alertLabel, alertSchema, (a) => ({ acknowledged: a.data.acknowledged, closed: a.data.status === 'closed' })),
    },
    responders(request, alias) {
      const responders: Record<string, string>[] = [];
      if (request.opsgenieSchedule) responders.push({ name: request.opsgenieSchedule, type: 'schedule' });
      if (request.opsgenieUser) responders.push({ username: request.opsgenieUser, type: 'user' });
      if (responders.length === 0) throw new Error(`Cannot page ${alias} on Opsgenie: give opsgenieSchedule (a schedule name) or opsgenieUser (a user's email)`);
      return responders;
    },
  });
}
