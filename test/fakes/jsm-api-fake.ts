/**
 * A Jira Service Management (JSM) Operations fake: the Opsgenie fake's alerts and schedules behind
 * JSM's two front doors, as documented (https://developer.atlassian.com/cloud/jira/service-desk-ops/rest/v1/intro/):
 *
 * - the integration API, `/jsm/ops/integration/v2/alerts…` with `Authorization: GenieKey <integration key>`:
 *   create, close, add note, acknowledge (202 + requestId, applied later) and
 *   `GET …/alerts/requests/{requestId}` (404 until applied), exactly as Opsgenie's `/v2/alerts…` (that
 *   status path is not in JSM's reference; the adapter polls the REST API's documented one);
 * - the REST API, `/jsm/ops/api/{cloudId}/v1/…` with Basic auth (account email + API token), the
 *   cloud id checked: `GET schedules/{id}/on-calls?flat=true` → `{ onCallUsers }`,
 *   `GET alerts/requests/{id}` → the request status, flat (404 until applied),
 *   `GET alerts?query=alias:"…"` → `{ values, count }`, `GET alerts/{id}` → the alert,
 *   `GET alerts/{id}/notes` (`size`, default 20) → `{ values, links }`, `PATCH alerts/{id}/priority` (another method: 405) and
 *   `POST alerts/{id}/escalate` (`{ escalationId }`, 422 without it) → 202 + requestId, applied later, and
 *   `GET teams/{teamId}/escalations/{id}` → the escalation's rules (only the configured team's);
 * - Jira's user search on the same site and credentials, `GET /ex/jira/{cloudId}/rest/api/3/user/search?query=<email>`
 *   → `[{ accountId, displayName, emailAddress, active }]` (empty when nobody has it). A user
 *   responder by `id` is that account id.
 *
 * Opsgenie's own `/v2` paths are 404 here. Faults and inspection are the Opsgenie fake's.
 */
import { startOpsgenieFake, type FrontDoor, type FrontDoorDecision, type OpsgenieFake, type OpsgenieFakeResponder } from './opsgenie-api-fake.js';

export const JSM_FAKE_CLOUD_ID = '7c0d7c6a-2b4e-4f3c-9d0a-5b1e8a9f3c21';
export const JSM_FAKE_TEAM_ID = 'b3f1c0de-team-4e2a-9f00-0000000000aa';

export interface JsmFakeOptions {
  readonly cloudId?: string;
  readonly apiEmail?: string;
  readonly apiToken?: string;
  readonly integrationKey?: string;
  /** Schedules by id: who is on call, in order (Atlassian account ids or emails). */
  readonly schedules?: Readonly<Record<string, readonly string[]>>;
  /** The site's users (Jira user search): email and display name; each gets an account id. */
  readonly users?: readonly { readonly email: string; readonly displayName: string }[];
  /** Escalations of the team JSM_FAKE_TEAM_ID (or `team`) by id: their rules' recipients, level by level. */
  readonly escalations?: Readonly<Record<string, readonly OpsgenieFakeResponder[]>>;
  readonly team?: string;
  readonly applyDelayMs?: number;
}

export interface JsmFake extends OpsgenieFake {
  readonly cloudId: string;
  readonly apiEmail: string;
  readonly apiToken: string;
  readonly integrationKey: string;
  /** The Atlassian account id the user search answers for this email; undefined when unknown. */
  accountIdOf(email: string): string | undefined;
}

const NOT_FOUND: FrontDoorDecision = { refuse: 404, message: 'Could not find handler for the request.' };
const UNAUTHORIZED: FrontDoorDecision = { refuse: 401, message: 'Could not authenticate' };

export async function startJsmFake(options: JsmFakeOptions = {}): Promise<JsmFake> {
  const cloudId = options.cloudId ?? JSM_FAKE_CLOUD_ID;
  const apiEmail = options.apiEmail ?? 'warroom@example.com';
  const apiToken = options.apiToken ?? 'jsm-fake-api-token';
  const integrationKey = options.integrationKey ?? 'jsm-fake-integration-key';
  const basic = `Basic ${Buffer.from(`${apiEmail}:${apiToken}`).toString('base64')}`;
  // Accounts by email; the Opsgenie fake's users are keyed by the account id (its "username").
  const accounts = new Map((options.users ?? []).map((u, i) => [u.email.toLowerCase(), { accountId: `5b10ac8d82e05b22cc7d${String(i).padStart(4, '0')}`, ...u }]));
  const door = jsmFrontDoor({ cloudId, basic, genieKey: `GenieKey ${integrationKey}`, team: options.team ?? JSM_FAKE_TEAM_ID, accounts });
  const fake = await startOpsgenieFake({
    apiKey: integrationKey,
    schedules: options.schedules ?? {},
    escalations: options.escalations ?? {},
    applyDelayMs: options.applyDelayMs ?? 20,
    frontDoor: door,
  });
  // The Opsgenie fake as prototype: its getters (listening) stay live.
  return Object.assign(Object.create(fake) as OpsgenieFake, { cloudId, apiEmail, apiToken, integrationKey, accountIdOf: (email: string) => accounts.get(email.toLowerCase())?.accountId });
}

type Accounts = ReadonlyMap<string, { accountId: string; email: string; displayName: string }>;

function jsmFrontDoor(auth: { cloudId: string; basic: string; genieKey: string; team: string; accounts: Accounts }): FrontDoor {
  const integration = '/jsm/ops/integration/v2/alerts';
  const rest = `/jsm/ops/api/`;
  const userSearch = `/ex/jira/${auth.cloudId}/rest/api/3/user/search`;
  return (call) => {
    if (call.path === integration || call.path.startsWith(`${integration}/`)) {
      if (call.authorization !== auth.genieKey) return UNAUTHORIZED;
      return { path: `/v2/alerts${call.path.slice(integration.length)}`, query: call.query };
    }
    if (call.path === userSearch) {
      if (call.authorization !== auth.basic) return UNAUTHORIZED;
      return call.method === 'GET' ? searchUsers(auth.accounts, call.query['query'] ?? '') : NOT_FOUND;
    }
    if (!call.path.startsWith(rest)) return NOT_FOUND;
    if (call.authorization !== auth.basic) return UNAUTHORIZED;
    const [site, v1, ...parts] = call.path.slice(rest.length).split('/').map((p) => decodeURIComponent(p));
    if (site !== auth.cloudId) return { refuse: 404, message: `No site with cloud id ${site ?? ''}` };
    if (v1 !== 'v1') return NOT_FOUND;
    if (call.method !== 'GET') return restWrite(call.method, parts);
    if (parts[0] === 'teams') return teamEscalation(parts, auth.team);
    return restRoute(parts, call.query);
  };
}

/** Jira's user search by email: the fake answers through the Opsgenie fake's "not found" route and reshapes to a list. */
function searchUsers(accounts: Accounts, query: string): FrontDoorDecision {
  const account = accounts.get(query.trim().toLowerCase());
  return {
    path: '/v2/users/nobody',
    query: {},
    reshape: () => ({ status: 200, body: account ? [{ accountId: account.accountId, accountType: 'atlassian', displayName: account.displayName, emailAddress: account.email, active: true }] : [] }),
  };
}

function teamEscalation(parts: string[], team: string): FrontDoorDecision {
  const [, teamId, resource, id, extra] = parts;
  if (resource !== 'escalations' || !id || extra !== undefined) return NOT_FOUND;
  if (teamId !== team) return { refuse: 404, message: `No team with id ${teamId ?? ''}` };
  return {
    path: `/v2/escalations/${encodeURIComponent(id)}`,
    query: { identifierType: 'name' },
    reshape: (status, body) => {
      if (status !== 200) return { status, body: { message: body['message'] } };
      const data = body['data'] as { rules: { recipient: Record<string, unknown> }[] };
      // JSM names recipients by id: a schedule's id is its name here; a user keeps the username the test gave.
      const rules = data.rules.map((r) => ({ ...r, recipient: { ...r.recipient, id: r.recipient['name'] ?? r.recipient['id'] } }));
      return { status, body: { id, name: id, rules, enabled: true } };
    },
  };
}

function restWrite(method: string, parts: string[]): FrontDoorDecision {
  const [resource, id, action, extra] = parts;
  if (resource !== 'alerts' || !id || extra !== undefined) return NOT_FOUND;
  const path = `/v2/alerts/${encodeURIComponent(id)}/${action ?? ''}`;
  // JSM's "Update alert priority" is PATCH; another method is refused as JSM's Spring front refuses it.
  if (action === 'priority') return method === 'PATCH' ? { path, query: { identifierType: 'id' }, method: 'PUT' } : unsupported(method);
  if (method === 'POST' && action === 'escalate') {
    // JSM's body is `{ escalationId }` only (EscalateToNextRequest); the Opsgenie fake keeps JSM's ids as
    // escalation names, and refuses (422) a body without one, e.g. Opsgenie's `escalation: { id }`.
    return { path, query: { identifierType: 'id' }, body: (b) => (typeof b['escalationId'] === 'string' ? { escalation: { name: b['escalationId'] } } : {}), reshape: escalateAnswer };
  }
  return NOT_FOUND;
}

function escalateAnswer(status: number, body: Record<string, unknown>): { status: number; body: Record<string, unknown> } {
  return status === 422 ? { status, body: { message: 'Request body could not be validated', errors: { escalationId: 'must not be blank' } } } : { status, body };
}

function unsupported(method: string): FrontDoorDecision {
  return { refuse: 405, message: `Request method '${method}' is not supported` };
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
  if (resource === 'alerts' && id === 'requests' && sub && extra === undefined) {
    // "Get request status": the same record as Opsgenie's, flat (not under `data`).
    return { path: `/v2/alerts/requests/${encodeURIComponent(sub)}`, query: {}, reshape: (status, body) => ({ status, body: status === 200 ? (body['data'] as Record<string, unknown>) : { message: body['message'] } }) };
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
  if (resource === 'alerts' && id && sub === 'notes' && extra === undefined) {
    // JSM takes `size` (1–100, default 20) and no `order`/`limit`: the fake lists newest first, as Opsgenie did.
    const size = query['size'] === undefined ? 20 : Number(query['size']);
    if (!Number.isInteger(size) || size < 1 || size > 100) return { refuse: 422, message: 'size must be between 1 and 100' };
    return {
      path: `/v2/alerts/${encodeURIComponent(id)}/notes`,
      query: { identifierType: 'id', order: 'desc', limit: String(size) },
      reshape: (status, body) => ({ status, body: status === 200 ? { values: body['data'], links: {} } : { message: body['message'] } }),
    };
  }
  if (resource === 'alerts' && id && sub === undefined) {
    return { path: `/v2/alerts/${encodeURIComponent(id)}`, query: { identifierType: 'id' }, reshape: (status, body) => ({ status, body: status === 200 ? (body['data'] as Record<string, unknown>) : { message: body['message'] } }) };
  }
  return NOT_FOUND;
}
