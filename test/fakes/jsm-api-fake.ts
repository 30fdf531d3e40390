/**
 * A Jira Service Management (JSM) Operations fake: the Opsgenie fake's alerts and schedules behind
 * JSM's two front doors, as documented (https://developer.atlassian.com/cloud/jira/service-desk-ops/rest/v1/intro/):
 *
 * - the integration API, `/jsm/ops/integration/v2/alerts…` with `Authorization: GenieKey <integration key>`:
 *   create, close, add note, acknowledge (202 + requestId, applied later) and
 *   `GET …/alerts/requests/{requestId}` (404 until applied), exactly as Opsgenie's `/v2/alerts…`;
 * - the REST API, `/jsm/ops/api/{cloudId}/v1/…` with Basic auth (account email + API token), the
 *   cloud id checked: `GET schedules/{id}/on-calls?flat=true` → `{ onCallUsers }`,
 *   `GET alerts?query=alias:"…"` → `{ values, count }`, `GET alerts/{id}` → the alert.
 *
 * Opsgenie's own `/v2` paths are 404 here. Faults and inspection are the Opsgenie fake's.
 */
import { startOpsgenieFake, type FrontDoor, type FrontDoorDecision, type OpsgenieFake } from './opsgenie-api-fake.js';

export const JSM_FAKE_CLOUD_ID = '7c0d7c6a-2b4e-4f3c-9d0a-5b1e8a9f3c21';

export interface JsmFakeOptions {
  readonly cloudId?: string;
  readonly apiEmail?: string;
  readonly apiToken?: string;
  readonly integrationKey?: string;
  /** Schedules by id: who is on call, in order (Atlassian account ids or emails). */
  readonly schedules?: Readonly<Record<string, readonly string[]>>;
  readonly applyDelayMs?: number;
}

export interface JsmFake extends OpsgenieFake {
  readonly cloudId: string;
  readonly apiEmail: string;
  readonly apiToken: string;
  readonly integrationKey: string;
}

const NOT_FOUND: FrontDoorDecision = { refuse: 404, message: 'Could not find handler for the request.' };
const UNAUTHORIZED: FrontDoorDecision = { refuse: 401, message: 'Could not authenticate' };

export async function startJsmFake(options: JsmFakeOptions = {}): Promise<JsmFake> {
  const cloudId = options.cloudId ?? JSM_FAKE_CLOUD_ID;
  const apiEmail = options.apiEmail ?? 'warroom@example.com';
  const apiToken = options.apiToken ?? 'jsm-fake-api-token';
  const integrationKey = options.integrationKey ?? 'jsm-fake-integration-key';
  const basic = `Basic ${Buffer.from(`${apiEmail}:${apiToken}`).toString('base64')}`;
  const door = jsmFrontDoor({ cloudId, basic, genieKey: `GenieKey ${integrationKey}` });
  const fake = await startOpsgenieFake({ apiKey: integrationKey, schedules: options.schedules ?? {}, applyDelayMs: options.applyDelayMs ?? 20, frontDoor: door });
  // The Opsgenie fake as prototype: its getters (listening) stay live.
  return Object.assign(Object.create(fake) as OpsgenieFake, { cloudId, apiEmail, apiToken, integrationKey });
}

function jsmFrontDoor(auth: { cloudId: string; basic: string; genieKey: string }): FrontDoor {
  const integration = '/jsm/ops/integration/v2/alerts';
  const rest = `/jsm/ops/api/`;
  return (call) => {
    if (call.path === integration || call.path.startsWith(`${integration}/`)) {
      if (call.authorization !== auth.genieKey) return UNAUTHORIZED;
      return { path: `/v2/alerts${call.path.slice(integration.length)}`, query: call.query };
    }
    if (!call.path.startsWith(rest)) return NOT_FOUND;
    if (call.authorization !== auth.basic) return UNAUTHORIZED;
    const [site, v1, ...parts] = call.path.slice(rest.length).split('/').map((p) => decodeURIComponent(p));
    if (site !== auth.cloudId) return { refuse: 404, message: `No site with cloud id ${site ?? ''}` };
    if (v1 !== 'v1' || call.method !== 'GET') return NOT_FOUND;
    return restRoute(parts, call.query);
  };
}

function restRoute(parts: string[], query: Readonly<Record<string, string>>): FrontDoorDecision {
  const [resource, id, sub, extra] = parts;
  if (resource === 'schedules' && id && sub === 'on-calls' && extra === undefined) {
    const flat = query['flat'] === 'true';
    return {
      path: `/v2/schedules/${encodeURIComponent(id)}/on-calls`,
      query: { scheduleIdentifierType: 'name', flat: String(flat) },
      reshape: (status, body) => {
        if (status !== 200) return { status, body: { message: body['message'] } };
        const data = body['data'] as { onCallRecipients?: string[]; onCallParticipants?: unknown[] };
        return { status, body: flat ? { onCallUsers: data.onCallRecipients ?? [] } : { onCallParticipants: data.onCallParticipants ?? [] } };
      },
    };
  }
  if (resource === 'alerts' && id === undefined) {
    // Only the alias search Warroom makes: `alias:"<alias>"`.
    const alias = /^alias:"((?:[^"\\]|\\.)*)"$/.exec(query['query'] ?? '')?.[1]?.replace(/\\(.)/g, '$1');
    if (alias === undefined) return { refuse: 422, message: 'This fake answers only query=alias:"…"' };
    return {
      path: `/v2/alerts/${encodeURIComponent(alias)}`,
      query: { identifierType: 'alias' },
      reshape: (status, body) => (status === 200 ? { status, body: { values: [body['data']], count: 1 } } : { status: 200, body: { values: [], count: 0 } }),
    };
  }
  if (resource === 'alerts' && id && sub === undefined) {
    return { path: `/v2/alerts/${encodeURIComponent(id)}`, query: { identifierType: 'id' }, reshape: (status, body) => ({ status, body: status === 200 ? (body['data'] as Record<string, unknown>) : { message: body['message'] } }) };
  }
  return NOT_FOUND;
}
