/**
 * Paging through an Opsgenie-family alert API (Opsgenie, JSM Operations): the alert's alias is the
 * page's idempotency key (a retried page de-duplicates into the open alert instead of paging twice),
 * and every write is asynchronous, so a 404 for that alias right after the page means "not applied
 * yet", not "gone". What differs between the two (URLs, auth, the on-call and alert-read shapes,
 * who to page) is the dialect; the rest is here once.
 */
import type { z } from 'zod';
import type { OnCallPerson, PageReceipt, PageRequest, PagingProvider } from '../../app/ports/paging.js';
import { createAlertApi, cutText, OPSGENIE_LIMITS, parseAnswer, type AlertApiCall, type OpsgenieFamilyProvider } from './alert-api.js';
import { createAlertExtras, type AlertState, type OpsgenieFamilyExtras } from './alert-extras.js';

export type { AlertState, AlertTarget } from './alert-extras.js';

/** The status of an asynchronous write (GET …/alerts/requests/{requestId}); null while not processed. */
export type RequestStatus = { readonly isSuccess: boolean; readonly status: string; readonly alertId: string | null } | null;

export interface OpsgenieFamilyDialect extends OpsgenieFamilyExtras {
  readonly provider: OpsgenieFamilyProvider;
  readonly displayName: string;
  readonly secrets: readonly string[];
  readonly timeoutMs?: number | undefined;
  /** The alert write API: base URL of `…/alerts` and its Authorization header. */
  readonly alerts: { readonly url: string; readonly authorization: string; readonly label: string };
  /** The call that lists who is on call for a schedule, and how to read its answer (recipients, primary first). */
  readonly onCalls: { call(schedule: string): AlertApiCall; recipients(json: unknown): string[] | Error };
  /** The call that polls an asynchronous write by its request id, and how to read its answer (404 is "not processed yet"). */
  readonly requests: { call(requestId: string): AlertApiCall; status(json: unknown): NonNullable<RequestStatus> | Error };
  /** The call that reads an alert by alias, and how to read its answer (404 is "not applied yet"). */
  readonly alertState: { call(alias: string): AlertApiCall; state(json: unknown): AlertState | Error };
  /** Who the page goes to; throws when the request names nobody this provider can page. */
  responders(request: PageRequest, alias: string): Record<string, string>[];
}

export interface OpsgenieFamilyPaging extends PagingProvider {
  /** Polls an asynchronous write (create, close, note) by the request id its 202 carried. */
  requestStatus(requestId: string): Promise<RequestStatus>;
}

const SOURCE = 'Warroom';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function createOpsgenieFamilyPaging(dialect: OpsgenieFamilyDialect): OpsgenieFamilyPaging {
  const api = createAlertApi(dialect);
  const { alerts } = dialect;

  const alertPath = (alias: string, action: string): string => `${alerts.url}/${encodeURIComponent(alias)}${action}?identifierType=alias`;
  const write = (alias: string, action: string, body: Record<string, unknown>): AlertApiCall => ({
    method: 'POST',
    url: alertPath(alias, action),
    authorization: alerts.authorization,
    label: `POST ${alerts.label}/{alias}${action}`,
    body,
  });

  function checkAlias(alias: string): void {
    if (alias.length === 0) throw new Error(`A ${dialect.displayName} alert alias (the incident ref) must not be empty`);
    if (alias.length > OPSGENIE_LIMITS.alias) throw new Error(`A ${dialect.displayName} alert alias is at most ${OPSGENIE_LIMITS.alias} characters`);
  }

  function orThrow<T>(value: T | Error): T {
    if (value instanceof Error) throw value;
    return value;
  }

  async function onCall(schedule: string): Promise<OnCallPerson[]> {
    const call = dialect.onCalls.call(schedule);
    const answer = await api.send(call);
    const recipients = orThrow(dialect.onCalls.recipients(answer.json));
    const unique = [...new Set(recipients.map((r) => r.trim()).filter((r) => r.length > 0))];
    return unique.map((recipient, index): OnCallPerson => ({ providerUserId: recipient, name: recipient, email: EMAIL.test(recipient) ? recipient : null, level: index + 1 }));
  }

  /** The alert by alias; null (a 404, or no alert listed) while the provider has not applied the create. */
  async function state(alias: string): Promise<AlertState> {
    const answer = await api.send(dialect.alertState.call(alias), [404]);
    return answer.status === 404 ? null : orThrow(dialect.alertState.state(answer.json));
  }

  return {
    name: dialect.provider,
    onCall,

    async page(request: PageRequest): Promise<PageReceipt> {
      const alias = request.dedupKey ?? request.incidentRef;
      checkAlias(alias);
      const responders = dialect.responders(request, alias);
      const title = request.title.trim() || alias;
      await api.accepted({
        method: 'POST',
        url: alerts.url,
        authorization: alerts.authorization,
        label: `POST ${alerts.label}`,
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
      return { provider: dialect.provider, reference: alias, url: null };
    },

    async isAcknowledged(alias) {
      checkAlias(alias);
      const now = await state(alias);
      return now !== null && (now.acknowledged || now.closed);
    },

    async resolve(alias, note) {
      checkAlias(alias);
      await api.accepted(write(alias, '/close', { source: SOURCE, ...(note.trim().length > 0 ? { note: cutText(note, OPSGENIE_LIMITS.note) } : {}) }));
    },

    async addNote(alias, text) {
      checkAlias(alias);
      if (text.trim().length === 0) throw new Error(`A ${dialect.displayName} note must not be empty`);
      await api.accepted(write(alias, '/notes', { note: cutText(text, OPSGENIE_LIMITS.note), source: SOURCE }));
    },

    async requestStatus(requestId) {
      // 404 until the provider has processed the write.
      const answer = await api.send(dialect.requests.call(requestId), [404]);
      return answer.status === 404 ? null : orThrow(dialect.requests.status(answer.json));
    },

    ...createAlertExtras({ provider: dialect.provider, api, extras: dialect, state, checkAlias, onCall }),
  };
}

/** A reader for `schema`: what `pick` takes from the parsed answer, or an error naming what was unexpected. */
export function answerReader<T, R>(displayName: string, label: string, schema: z.ZodType<T>, pick: (value: T) => R): (json: unknown) => R | Error {
  return (json) => {
    const parsed = parseAnswer(displayName, label, schema, json);
    return parsed instanceof Error ? parsed : pick(parsed);
  };
}
