/**
 * An Opsgenie REST API fake: a real HTTP server on 127.0.0.1 answering the calls Warroom makes,
 * with Opsgenie's rules and shapes (docs.opsgenie.com: Alert API, Who is On Call API, Response):
 *
 * - `Authorization: GenieKey <key>`, else 401 `{ message: 'Could not authenticate', took, requestId }`;
 * - alert writes (create, close, add note, acknowledge) answer 202
 *   `{ result: 'Request will be processed', took, requestId }` and are applied later, in order,
 *   after `applyDelayMs` (Opsgenie's asynchronous processing): until then the alert is 404 and
 *   `GET /v2/alerts/requests/:id` is 404;
 * - a create whose alias matches an open alert de-duplicates into it (count + 1);
 * - bodies are validated (message required and ≤ 130, alias ≤ 512, description ≤ 15000, responders'
 *   shape, priority P1–P5, note ≤ 25000) with 422
 *   `{ message: 'Request body is not processable. Please check the errors.', errors: { field: problem }, … }`;
 * - `GET /v2/schedules/:id/on-calls` with `scheduleIdentifierType=name|id` and `flat=true|false`;
 * - `PUT /v2/alerts/:id/priority` (202, applied later) and `GET /v2/alerts/:id/notes` (`order`, `limit`);
 * - `GET /v2/users/:idOrUsername` (User API; 404 `No user exists with username […]`), `GET
 *   /v2/escalations/:id` with `identifierType=name|id` (Escalation API: its rules and their
 *   recipients), and `POST /v2/alerts/:id/escalate` (`escalation: {name|id}` required, 422 else;
 *   applied later: the escalation joins the alert's responders).
 *
 * Echo mode (`echoWebhooks`): each applied write is also sent to Warroom as Opsgenie's alert action webhook.
 *
 * Faults at run time: `failNext(count, status)`, `setLatency(ms)`, `stop()` / `start()` on the same port.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createFaultRules } from '../../src/sandbox/faults.js';
import { opsgenieAction } from '../helpers/provider-payloads.js';
import { startFakeServer } from './fake-server.js';
import { createWebhookEcho, type EchoedWebhook } from './webhook-echo.js';

export const OPSGENIE_FAKE_DEFAULT_KEY = 'eb243592-faa2-4ba2-a551-1afdf565c889';

export interface OpsgenieFakeOptions {
  /** The only API key accepted (default OPSGENIE_FAKE_DEFAULT_KEY). */
  readonly apiKey?: string;
  /** Further exact Authorization header values accepted (e.g. JSM Operations' `Basic …`). */
  readonly extraAuthorizations?: readonly string[];
  /** Schedules by name: who is on call, in order (emails or usernames). */
  readonly schedules?: Readonly<Record<string, readonly string[]>>;
  /** The account's users (User API): username (their email) and full name. */
  readonly users?: readonly { readonly username: string; readonly fullName: string }[];
  /** Escalations by name: each rule's recipient, in order (level 1 first). */
  readonly escalations?: Readonly<Record<string, readonly OpsgenieFakeResponder[]>>;
  /** How long after its 202 an alert write is applied (default 20 ms). */
  readonly applyDelayMs?: number;
  /** Delay every answer by this many milliseconds (default 0). */
  readonly latencyMs?: number;
  /**
   * Another API in front of the same alerts and schedules (JSM Operations, test/fakes/jsm-api-fake.ts):
   * it authenticates each call itself and names the Opsgenie route that serves it, or refuses it.
   * Without it, every call needs `GenieKey <apiKey>` and takes Opsgenie's paths.
   */
  readonly frontDoor?: FrontDoor;
}

/** A call as the front door sees it. */
export interface FrontDoorCall {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly authorization: string | null;
}

/** What the front door decides: a refusal, or the Opsgenie route that serves the call (and how its answer is reshaped). */
export type FrontDoorDecision =
  | { readonly refuse: number; readonly message: string }
  | {
      readonly path: string;
      readonly query: Readonly<Record<string, string>>;
      /** The Opsgenie route's method where it differs (JSM's `PATCH …/priority` is Opsgenie's `PUT`). */
      readonly method?: string;
      readonly reshape?: (status: number, body: Record<string, unknown>) => { status: number; body: Record<string, unknown> | unknown[] };
      /** The request body as the Opsgenie route takes it (e.g. JSM's `escalation: { id }`). */
      readonly body?: (body: Record<string, unknown>) => Record<string, unknown>;
    };

export type FrontDoor = (call: FrontDoorCall) => FrontDoorDecision;

export interface OpsgenieFakeRequest {
  /** Arrival order, starting at 1. */
  readonly seq: number;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly authorization: string | null;
  /** Parsed JSON body, the raw text when it is not JSON, or null when empty. */
  readonly body: unknown;
  /** HTTP status answered; null while the answer is pending. */
  readonly status: number | null;
  /** Arrival time, epoch milliseconds. */
  readonly at: number;
}

export interface OpsgenieFakeResponder {
  readonly type: string;
  readonly id?: string;
  readonly name?: string;
  readonly username?: string;
}

export interface OpsgenieFakeNote {
  readonly note: string;
  readonly source: string | null;
  readonly user: string | null;
  /** What added it: the create's `note`, a close's `note`, or the notes endpoint. */
  readonly via: 'create' | 'close' | 'note' | 'acknowledge';
}

export interface OpsgenieFakeAlert {
  readonly id: string;
  readonly tinyId: string;
  readonly alias: string;
  readonly message: string;
  readonly description: string | null;
  readonly status: 'open' | 'closed';
  readonly acknowledged: boolean;
  readonly responders: readonly OpsgenieFakeResponder[];
  readonly priority: string;
  readonly source: string | null;
  readonly tags: readonly string[];
  readonly notes: readonly OpsgenieFakeNote[];
  /** 1, plus one per de-duplicated create. */
  readonly count: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface OpsgenieFake {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:PORT` (the same across stop/start). */
  readonly url: string;
  readonly port: number;
  readonly apiKey: string;
  readonly listening: boolean;

  /** Answer the next `count` requests with `status` (default 500) and Opsgenie's error JSON. */
  failNext(count: number, status?: number): void;
  /** Delay every answer by `ms` (the request is handled on arrival; only the answer waits). */
  setLatency(ms: number): void;
  /** Stop listening and drop open connections (calls are refused); state and pending writes are kept. */
  stop(): Promise<void>;
  /** Listen again on the same port. */
  start(): Promise<void>;

  requests(): OpsgenieFakeRequest[];
  /** Every alert, oldest first (a closed alert stays; a later create with its alias makes a new one). */
  alerts(): OpsgenieFakeAlert[];
  /** The latest alert with this alias, if applied. */
  alert(alias: string): OpsgenieFakeAlert | undefined;
  /** Acknowledge the open alert with this alias, as a responder (a username) would; false when there is none. */
  acknowledge(alias: string, by?: string): boolean;
  /**
   * From now on, every alert created is acknowledged `ms` after Opsgenie applied the create, as a
   * responder on call would (null: nobody acknowledges by themselves, the default).
   */
  autoAcknowledge(ms: number | null): void;
  /** Replace who is on call for a schedule (created when new). */
  setSchedule(name: string, recipients: readonly string[]): void;
  /**
   * Holds accepted writes unapplied until `releaseApplies()`: a test can look at the window before
   * Opsgenie applies a write (404 for the alert and its request) without racing a timer.
   */
  holdApplies(): void;
  releaseApplies(): void;
  /** Resolves once every accepted write has been applied. */
  settled(): Promise<void>;
  /**
   * Echo mode (null turns it off): once a write is applied, the alert action webhook Opsgenie sends
   * its outgoing integrations (Create, AddNote, Acknowledge, Close, UpdatePriority) goes to `url`
   * with `Authorization: Bearer <token>`, as Warroom's Opsgenie webhook expects.
   */
  echoWebhooks(target: { readonly url: string; readonly token: string } | null): void;
  /** The webhooks echo mode sent, with Warroom's answers. */
  echoed(): EchoedWebhook[];
  /** Resolves once every echoed webhook has been answered. */
  echoesSettled(): Promise<void>;
  /** Stop for good and cancel pending writes and delayed answers. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------

type Json = Record<string, unknown>;

interface AlertState {
  id: string;
  tinyId: string;
  alias: string;
  message: string;
  description: string | null;
  status: 'open' | 'closed';
  acknowledged: boolean;
  /** Who acknowledged it (a username), who owns it: Opsgenie makes the acknowledger the owner. */
  acknowledgedBy: string | null;
  responders: OpsgenieFakeResponder[];
  priority: string;
  source: string | null;
  tags: string[];
  notes: OpsgenieFakeNote[];
  count: number;
  createdAt: string;
  updatedAt: string;
}

interface RequestStatus {
  success: boolean;
  action: string;
  processedAt: string;
  integrationId: string;
  isSuccess: boolean;
  status: string;
  alertId?: string;
  alias?: string;
}

interface Answer {
  status: number;
  body: Json;
}

interface Write {
  dueAt: number;
  apply: () => void;
}

const RESPONDER_TYPES = new Set(['team', 'user', 'escalation', 'schedule']);
const PRIORITIES = new Set(['P1', 'P2', 'P3', 'P4', 'P5']);
const UNPROCESSABLE = 'Request body is not processable. Please check the errors.';
const INTEGRATION_ID = 'c9cec2cb-e782-4ebb-bc1d-1b2fa703cf03';

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function clone<T>(value: T): T {
  return structuredClone(value);
}

export async function startOpsgenieFake(options: OpsgenieFakeOptions = {}): Promise<OpsgenieFake> {
  const apiKey = options.apiKey ?? OPSGENIE_FAKE_DEFAULT_KEY;
  const accepted = new Set([`GenieKey ${apiKey}`, ...(options.extraAuthorizations ?? [])]);
  const applyDelayMs = Math.max(0, options.applyDelayMs ?? 20);
  // The fault rules every simulation shares (src/sandbox/faults.ts): one script for every call ('*').
  const faults = createFaultRules({ latencyMs: options.latencyMs ?? 0 });

  const schedules = new Map<string, { id: string; name: string; recipients: string[] }>();
  for (const [name, recipients] of Object.entries(options.schedules ?? {})) schedules.set(name, { id: randomUUID(), name, recipients: [...recipients] });
  const userIds = new Map((options.users ?? []).map((u) => [u.username, randomUUID()]));
  const escalations = new Map(Object.entries(options.escalations ?? {}).map(([name, recipients]) => [name, { id: randomUUID(), name, recipients: [...recipients] }]));
  const alerts: AlertState[] = [];
  const requestStatuses = new Map<string, RequestStatus>();
  const requests: { seq: number; method: string; path: string; query: Record<string, string>; authorization: string | null; body: unknown; status: number | null; at: number }[] = [];
  let tinyIds = 0;
  const echo = createWebhookEcho();
  let echoToken = '';
  let echoNs = BigInt(Date.now()) * 1_000_000n;

  /** The alert action webhook for a write just applied (echo mode). */
  function echoAction(alert: AlertState, action: string, note?: string): void {
    if (!echo.enabled) return;
    echoNs += 1n;
    const body = opsgenieAction({ action, alertId: alert.id, alias: alert.alias, message: alert.message, updatedAtNs: echoNs.toString(), tags: [...alert.tags], priority: alert.priority, ...(note === undefined ? {} : { note }) });
    echo.send(action, body, { authorization: `Bearer ${echoToken}` });
  }

  // ---- asynchronous writes: applied in acceptance order, each `applyDelayMs` after its 202 ----

  const queue: Write[] = [];
  let closed = false;
  let queueTimer: NodeJS.Timeout | null = null;
  let held = false;
  let lastDueAt = 0;
  let settledWaiters: (() => void)[] = [];
  let autoAckMs: number | null = null;

  function enqueue(apply: () => void): void {
    const dueAt = Math.max(Date.now() + applyDelayMs, lastDueAt);
    lastDueAt = dueAt;
    queue.push({ dueAt, apply });
    pump();
  }

  function pump(): void {
    if (queueTimer !== null || closed || held) return;
    const head = queue[0];
    if (head === undefined) {
      const waiters = settledWaiters;
      settledWaiters = [];
      for (const resolve of waiters) resolve();
      return;
    }
    queueTimer = setTimeout(
      () => {
        queueTimer = null;
        const now = Date.now();
        while (queue[0] !== undefined && queue[0].dueAt <= now) queue.shift()?.apply();
        pump();
      },
      Math.max(0, head.dueAt - Date.now()),
    );
  }

  function processed(requestId: string, status: Omit<RequestStatus, 'processedAt' | 'integrationId' | 'success'>): void {
    requestStatuses.set(requestId, { success: status.isSuccess, processedAt: new Date().toISOString(), integrationId: INTEGRATION_ID, ...status });
  }

  // ---- lookups ---------------------------------------------------------------------------------

  function findAlert(identifier: string, identifierType: string): AlertState | undefined {
    const matches = (a: AlertState): boolean =>
      identifierType === 'alias' ? a.alias === identifier : identifierType === 'tiny' ? a.tinyId === identifier : a.id === identifier;
    // By alias: the open alert, else the latest closed one.
    const all = alerts.filter(matches);
    return all.find((a) => a.status === 'open') ?? all.at(-1);
  }

  function snapshot(a: AlertState): OpsgenieFakeAlert {
    return clone({ ...a });
  }

  // ---- answers ---------------------------------------------------------------------------------

  const took = (): number => Math.round(Math.random() * 20) / 1000 + 0.001;

  function ok(status: number, body: Json, requestId: string): Answer {
    return { status, body: { ...body, took: took(), requestId } };
  }

  function error(status: number, message: string, requestId: string, errors?: Record<string, string>): Answer {
    return { status, body: { message, ...(errors ? { errors } : {}), took: took(), requestId } };
  }

  function acceptedAnswer(requestId: string): Answer {
    return ok(202, { result: 'Request will be processed' }, requestId);
  }

  // ---- validation (Opsgenie's documented limits) -------------------------------------------------

  function checkString(errors: Record<string, string>, body: Json, field: string, max: number, required = false): string | null {
    const value = body[field];
    if (value === undefined || value === null) {
      if (required) errors[field] = `${field[0]?.toUpperCase()}${field.slice(1)} can not be empty.`;
      return null;
    }
    if (typeof value !== 'string') {
      errors[field] = `${field} must be a string.`;
      return null;
    }
    if (required && value.trim().length === 0) errors[field] = `${field[0]?.toUpperCase()}${field.slice(1)} can not be empty.`;
    else if (value.length > max) errors[field] = `${field[0]?.toUpperCase()}${field.slice(1)} length can not be greater than ${max}.`;
    return value;
  }

  function checkResponders(errors: Record<string, string>, value: unknown): OpsgenieFakeResponder[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      errors['responders'] = 'Responders must be a list.';
      return [];
    }
    if (value.length > 50) {
      errors['responders'] = 'Responders can not be more than 50.';
      return [];
    }
    const out: OpsgenieFakeResponder[] = [];
    for (const [i, r] of value.entries()) {
      if (!isObject(r) || typeof r['type'] !== 'string' || !RESPONDER_TYPES.has(r['type'])) {
        errors['responders'] = `Responder [${i}] type must be one of team, user, escalation, schedule.`;
        return [];
      }
      const type = r['type'];
      const id = typeof r['id'] === 'string' && r['id'] !== '' ? r['id'] : undefined;
      const name = typeof r['name'] === 'string' && r['name'] !== '' ? r['name'] : undefined;
      const username = typeof r['username'] === 'string' && r['username'] !== '' ? r['username'] : undefined;
      if (type === 'user' ? id === undefined && username === undefined : id === undefined && name === undefined) {
        errors['responders'] = `Responder [${i}] of type ${type} needs ${type === 'user' ? 'id or username' : 'id or name'}.`;
        return [];
      }
      out.push({ type, ...(id ? { id } : {}), ...(name && type !== 'user' ? { name } : {}), ...(username && type === 'user' ? { username } : {}) });
    }
    return out;
  }

  function checkTags(errors: Record<string, string>, value: unknown): string[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || !value.every((t) => typeof t === 'string')) {
      errors['tags'] = 'Tags must be a list of strings.';
      return [];
    }
    if (value.length > 20 || value.some((t: string) => t.length > 50)) {
      errors['tags'] = 'At most 20 tags of at most 50 characters.';
      return [];
    }
    return value;
  }

  // ---- routes ----------------------------------------------------------------------------------

  function createAlert(body: Json, requestId: string): Answer {
    const errors: Record<string, string> = {};
    const message = checkString(errors, body, 'message', 130, true);
    const alias = checkString(errors, body, 'alias', 512);
    const description = checkString(errors, body, 'description', 15_000);
    const source = checkString(errors, body, 'source', 100);
    const user = checkString(errors, body, 'user', 100);
    const note = checkString(errors, body, 'note', 25_000);
    const responders = checkResponders(errors, body['responders']);
    const tags = checkTags(errors, body['tags']);
    const rawPriority = body['priority'] ?? 'P3';
    const priority = typeof rawPriority === 'string' && PRIORITIES.has(rawPriority) ? rawPriority : null;
    if (priority === null) errors['priority'] = 'Priority should be one of [P1, P2, P3, P4, P5].';
    if (Object.keys(errors).length > 0 || message === null || priority === null) return error(422, UNPROCESSABLE, requestId, errors);

    enqueue(() => {
      const now = new Date().toISOString();
      const open = alias ? alerts.find((a) => a.alias === alias && a.status === 'open') : undefined;
      if (open) {
        open.count += 1;
        open.updatedAt = now;
        processed(requestId, { action: 'Create', isSuccess: true, status: 'Alert deduplicated', alertId: open.id, alias: open.alias });
        return;
      }
      const id = randomUUID();
      const alert: AlertState = {
        id,
        tinyId: String(++tinyIds),
        alias: alias || id,
        message,
        description,
        status: 'open',
        acknowledged: false,
        acknowledgedBy: null,
        responders,
        priority,
        source,
        tags,
        notes: note ? [{ note, source, user, via: 'create' }] : [],
        count: 1,
        createdAt: now,
        updatedAt: now,
      };
      alerts.push(alert);
      processed(requestId, { action: 'Create', isSuccess: true, status: 'Created alert', alertId: alert.id, alias: alert.alias });
      echoAction(alert, 'Create');
      if (autoAckMs !== null) {
        const timer = setTimeout(() => {
          delayTimers.delete(timer);
          if (alert.status === 'open') alert.acknowledged = true;
        }, autoAckMs);
        delayTimers.add(timer);
      }
    });
    return acceptedAnswer(requestId);
  }

  function alertAction(action: 'close' | 'notes' | 'acknowledge', identifier: string, identifierType: string, body: Json, requestId: string): Answer {
    const errors: Record<string, string> = {};
    const note = checkString(errors, body, 'note', 25_000, action === 'notes');
    const source = checkString(errors, body, 'source', 100);
    const user = checkString(errors, body, 'user', 100);
    if (Object.keys(errors).length > 0) return error(422, UNPROCESSABLE, requestId, errors);
    const actionName = action === 'close' ? 'Close' : action === 'notes' ? 'AddNote' : 'Acknowledge';

    enqueue(() => {
      const alert = findAlert(identifier, identifierType);
      if (alert === undefined) {
        processed(requestId, { action: actionName, isSuccess: false, status: 'Alert does not exist' });
        return;
      }
      const base = { action: actionName, alertId: alert.id, alias: alert.alias };
      if (action === 'close') {
        if (alert.status === 'closed') {
          processed(requestId, { ...base, isSuccess: false, status: 'Alert is already closed' });
          return;
        }
        alert.status = 'closed';
      } else if (action === 'acknowledge') {
        alert.acknowledged = true;
        alert.acknowledgedBy = user;
      }
      if (note) alert.notes.push({ note, source, user, via: action === 'notes' ? 'note' : action });
      alert.updatedAt = new Date().toISOString();
      const done = action === 'close' ? 'Closed alert' : action === 'notes' ? 'Added note' : 'Acknowledged alert';
      processed(requestId, { ...base, isSuccess: true, status: done });
      echoAction(alert, actionName, note ?? undefined);
    });
    return acceptedAnswer(requestId);
  }

  /** PUT /v2/alerts/:identifier/priority (Opsgenie "Update Alert Priority"): 202, applied later. */
  function updatePriority(identifier: string, identifierType: string, body: Json, requestId: string): Answer {
    const priority = body['priority'];
    if (typeof priority !== 'string' || !PRIORITIES.has(priority)) return error(422, UNPROCESSABLE, requestId, { priority: 'Priority should be one of [P1, P2, P3, P4, P5].' });
    enqueue(() => {
      const alert = findAlert(identifier, identifierType);
      if (alert === undefined) {
        processed(requestId, { action: 'UpdatePriority', isSuccess: false, status: 'Alert does not exist' });
        return;
      }
      alert.priority = priority;
      alert.updatedAt = new Date().toISOString();
      processed(requestId, { action: 'UpdatePriority', alertId: alert.id, alias: alert.alias, isSuccess: true, status: 'Updated priority' });
      echoAction(alert, 'UpdatePriority');
    });
    return acceptedAnswer(requestId);
  }

  function getUser(identifier: string, requestId: string): Answer {
    const user = (options.users ?? []).find((u) => u.username.toLowerCase() === identifier.toLowerCase());
    if (user === undefined) return error(404, `No user exists with username [${identifier}]`, requestId);
    return ok(200, { data: { id: userIds.get(user.username), username: user.username, fullName: user.fullName, role: { id: 'User', name: 'User' }, blocked: false, verified: true } }, requestId);
  }

  function getEscalation(identifier: string, query: Record<string, string>, requestId: string): Answer {
    const byName = (query['identifierType'] ?? 'id') === 'name';
    const found = byName ? escalations.get(identifier) : [...escalations.values()].find((e) => e.id === identifier);
    if (found === undefined) return error(404, `No escalation exists with ${byName ? 'name' : 'id'} [${identifier}]`, requestId);
    const rules = found.recipients.map((recipient) => ({ condition: 'if-not-acked', notifyType: 'default', delay: { timeAmount: 5, timeUnit: 'minutes' }, recipient: { id: randomUUID(), ...recipient } }));
    return ok(200, { data: { id: found.id, name: found.name, description: '', ownerTeam: null, rules, repeat: null } }, requestId);
  }

  function escalateAlert(identifier: string, identifierType: string, body: Json, requestId: string): Answer {
    const errors: Record<string, string> = {};
    const escalation = body['escalation'];
    const target = isObject(escalation) ? [...escalations.values()].find((e) => e.name === escalation['name'] || e.id === escalation['id']) : undefined;
    if (!isObject(escalation) || (typeof escalation['name'] !== 'string' && typeof escalation['id'] !== 'string')) errors['escalation'] = 'Escalation can not be empty.';
    checkString(errors, body, 'note', 25_000);
    checkString(errors, body, 'source', 100);
    if (Object.keys(errors).length > 0) return error(422, UNPROCESSABLE, requestId, errors);
    enqueue(() => {
      const alert = findAlert(identifier, identifierType);
      if (alert === undefined || target === undefined) {
        processed(requestId, { action: 'Escalate', isSuccess: false, status: alert === undefined ? 'Alert does not exist' : 'Escalation does not exist' });
        return;
      }
      alert.responders.push({ type: 'escalation', id: target.id, name: target.name });
      alert.updatedAt = new Date().toISOString();
      processed(requestId, { action: 'Escalate', isSuccess: true, status: 'Escalated alert', alertId: alert.id, alias: alert.alias });
    });
    return acceptedAnswer(requestId);
  }

  /** GET /v2/alerts/:identifier/notes (Opsgenie "List Alert Notes"): `order` asc (default) or desc, `limit` ≤ 100. */
  function listNotes(alert: AlertState, query: Record<string, string>, requestId: string): Answer {
    const ordered = query['order'] === 'desc' ? [...alert.notes].reverse() : alert.notes;
    const limit = Math.min(100, Math.max(1, Number(query['limit'] ?? 100) || 100));
    const data = ordered.slice(0, limit).map((n, i) => ({ note: n.note, owner: n.user ?? n.source ?? '', createdAt: alert.updatedAt, offset: String(i + 1) }));
    return ok(200, { data, paging: {} }, requestId);
  }

  function alertData(a: AlertState): Json {
    return {
      id: a.id,
      tinyId: a.tinyId,
      alias: a.alias,
      message: a.message,
      status: a.status,
      acknowledged: a.acknowledged,
      isSeen: false,
      tags: [...a.tags],
      snoozed: false,
      count: a.count,
      lastOccurredAt: a.updatedAt,
      createdAt: a.createdAt,
      updatedAt: a.updatedAt,
      source: a.source ?? '127.0.0.1',
      owner: a.acknowledgedBy ?? '',
      ...(a.acknowledgedBy === null ? {} : { report: { acknowledgedBy: a.acknowledgedBy } }),
      priority: a.priority,
      responders: a.responders.map((r) => ({ type: r.type, id: r.id ?? randomUUID() })),
      integration: { id: INTEGRATION_ID, name: 'Warroom API', type: 'API' },
      description: a.description ?? '',
      details: {},
    };
  }

  function onCalls(name: string, query: Record<string, string>, requestId: string): Answer {
    const byName = (query['scheduleIdentifierType'] ?? 'id') === 'name';
    const schedule = byName ? schedules.get(name) : [...schedules.values()].find((s) => s.id === name);
    if (schedule === undefined) {
      return error(404, `No schedule exists with ${byName ? 'name' : 'id'} [${name}]`, requestId);
    }
    const parent = { id: schedule.id, name: schedule.name, enabled: true };
    const data =
      query['flat'] === 'true'
        ? { _parent: parent, onCallRecipients: [...schedule.recipients] }
        : { _parent: parent, onCallParticipants: schedule.recipients.map((r) => ({ id: randomUUID(), name: r, type: 'user' })) };
    return ok(200, { data }, requestId);
  }

  function route(method: string, path: string, query: Record<string, string>, body: unknown, requestId: string): Answer {
    const json: Json = isObject(body) ? body : {};
    const parts = path.split('/').filter((p) => p !== '').map((p) => decodeURIComponent(p));
    const [v2, resource, first, second, third] = parts;
    if (v2 !== 'v2') return error(404, 'Could not find handler for the request.', requestId);

    if (resource === 'schedules' && first !== undefined && second === 'on-calls' && third === undefined && method === 'GET') {
      return onCalls(first, query, requestId);
    }
    if (resource === 'users' && first !== undefined && second === undefined && method === 'GET') return getUser(first, requestId);
    if (resource === 'escalations' && first !== undefined && second === undefined && method === 'GET') return getEscalation(first, query, requestId);
    if (resource !== 'alerts') return error(404, 'Could not find handler for the request.', requestId);

    if (first === undefined && method === 'POST') return createAlert(json, requestId);
    if (first === 'requests' && second !== undefined && third === undefined && method === 'GET') {
      const status = requestStatuses.get(second);
      return status ? ok(200, { data: { ...status } }, requestId) : error(404, 'Request does not exist', requestId);
    }
    if (first === undefined || third !== undefined) return error(404, 'Could not find handler for the request.', requestId);

    const identifierType = query['identifierType'] ?? 'id';
    if (!['id', 'alias', 'tiny'].includes(identifierType)) {
      return error(422, UNPROCESSABLE, requestId, { identifierType: 'Identifier type should be one of [id, alias, tiny].' });
    }
    if (second === undefined && method === 'GET') {
      const alert = findAlert(first, identifierType);
      return alert ? ok(200, { data: alertData(alert) }, requestId) : error(404, 'Alert does not exist', requestId);
    }
    if (second === 'priority' && method === 'PUT') return updatePriority(first, identifierType, json, requestId);
    if (second === 'notes' && method === 'GET') {
      const alert = findAlert(first, identifierType);
      return alert ? listNotes(alert, query, requestId) : error(404, 'Alert does not exist', requestId);
    }
    if ((second === 'close' || second === 'notes' || second === 'acknowledge') && method === 'POST') {
      return alertAction(second, first, identifierType, json, requestId);
    }
    if (second === 'escalate' && method === 'POST') return escalateAlert(first, identifierType, json, requestId);
    return error(404, 'Could not find handler for the request.', requestId);
  }

  function throughFrontDoor(door: FrontDoor, call: FrontDoorCall, body: unknown, badJson: boolean, requestId: string): Answer {
    const decision = door(call);
    if ('refuse' in decision) return error(decision.refuse, decision.message, requestId);
    if (badJson || (body !== null && call.method === 'POST' && !isObject(body))) return error(400, 'Could not parse the request body: expected a JSON object.', requestId);
    const routed = decision.body && isObject(body) ? decision.body(body) : body;
    const answer = route(decision.method ?? call.method, decision.path, { ...decision.query }, routed, requestId);
    return decision.reshape ? (decision.reshape(answer.status, answer.body) as Answer) : answer;
  }

  // ---- HTTP ------------------------------------------------------------------------------------

  const delayTimers = new Set<NodeJS.Timeout>();

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        delayTimers.delete(timer);
        resolve();
      }, ms);
      delayTimers.add(timer);
    });
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const parsedUrl = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(parsedUrl.searchParams.entries());
    const method = req.method ?? 'GET';
    const authorization = req.headers.authorization ?? null;
    const text = await readBody(req);
    let body: unknown = null;
    let badJson = false;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
        badJson = true;
      }
    }
    const record = { seq: requests.length + 1, method, path: parsedUrl.pathname, query, authorization, body, status: null as number | null, at };
    requests.push(record);
    const requestId = randomUUID();

    let answer: Answer;
    const delay = faults.latencyMs;
    const fault = faults.take('*');
    if (fault !== null) {
      const status = fault.kind === 'fail' ? fault.status : 429;
      const message = status === 429 ? 'You are making too many requests! To avoid errors, we recommend you limit requests.' : 'Internal Server Error';
      answer = error(status, message, requestId);
    } else if (options.frontDoor) {
      answer = throughFrontDoor(options.frontDoor, { method, path: parsedUrl.pathname, query, authorization }, body, badJson, requestId);
    } else if (authorization === null || !accepted.has(authorization)) {
      answer = error(401, 'Could not authenticate', requestId);
    } else if (badJson || (body !== null && method === 'POST' && !isObject(body))) {
      answer = error(400, 'Could not parse the request body: expected a JSON object.', requestId);
    } else {
      try {
        answer = route(method, parsedUrl.pathname, query, body, requestId);
      } catch (err) {
        answer = error(500, `opsgenie fake crashed: ${String(err)}`, requestId);
      }
    }

    if (delay > 0) await sleep(delay);
    record.status = answer.status;
    if (res.destroyed) return;
    res.writeHead(answer.status, {
      'content-type': 'application/json',
      'x-request-id': requestId,
      'x-response-time': typeof answer.body['took'] === 'number' ? String(answer.body['took']) : '0',
    });
    res.end(JSON.stringify(answer.body));
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  const server = await startFakeServer('opsgenie', handle, (res, err) => {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: `opsgenie fake crashed: ${String(err)}`, took: 0, requestId: randomUUID() }));
  });
  const url = `http://127.0.0.1:${server.port}`;

  return {
    url,
    port: server.port,
    apiKey,
    get listening() {
      return server.listening;
    },

    failNext(count, status = 500) {
      faults.failNext('*', { status, count });
    },
    setLatency(ms) {
      faults.setLatency(ms);
    },
    stop: () => server.stop(),
    start: () => server.start(),

    requests() {
      return requests.map((r) => clone({ ...r, query: { ...r.query } }));
    },
    alerts() {
      return alerts.map(snapshot);
    },
    alert(alias) {
      const found = findAlert(alias, 'alias');
      return found ? snapshot(found) : undefined;
    },
    acknowledge(alias, by) {
      const open = alerts.find((a) => a.alias === alias && a.status === 'open');
      if (!open) return false;
      open.acknowledged = true;
      open.acknowledgedBy = by ?? null;
      open.updatedAt = new Date().toISOString();
      return true;
    },
    autoAcknowledge(ms) {
      autoAckMs = ms;
    },
    setSchedule(name, recipients) {
      const existing = schedules.get(name);
      schedules.set(name, { id: existing?.id ?? randomUUID(), name, recipients: [...recipients] });
    },
    holdApplies() {
      held = true;
    },
    releaseApplies() {
      held = false;
      pump();
    },
    echoWebhooks(target) {
      echoToken = target?.token ?? '';
      echo.setTarget(target?.url ?? null);
    },
    echoed: () => echo.sent(),
    echoesSettled: () => echo.settled(),
    settled() {
      if (queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => settledWaiters.push(resolve));
    },
    async close() {
      closed = true;
      echo.setTarget(null);
      await echo.settled();
      if (queueTimer !== null) clearTimeout(queueTimer);
      queueTimer = null;
      queue.length = 0;
      for (const timer of delayTimers) clearTimeout(timer);
      delayTimers.clear();
      const waiters = settledWaiters;
      settledWaiters = [];
      for (const resolve of waiters) resolve();
      await server.close();
    },
  };
}
