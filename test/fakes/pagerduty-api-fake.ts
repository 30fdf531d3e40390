/**
 * The tests' PagerDuty: the project's one PagerDuty simulation (src/sandbox/pagerduty, whose rules
 * are PagerDuty's REST API v2: token, Accept, `From` on writes, dedup by incident_key, PagerDuty's
 * error shape) served on its own real HTTP server on 127.0.0.1, so the real pdjs client can be
 * pointed at it (absolute URLs built from `fake.url`).
 *
 * What the fake adds for tests: faults at run time — `failNext` (5xx or any status, optionally a
 * non-JSON body, before any other check), `setLatency`, `beforeAnswer`, and an outage on the same
 * port (`stop()` / `start()`) — the record of every request (`requests()`), and echo mode
 * (`echoWebhooks`): the webhook PagerDuty would send for each write, delivered to Warroom.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PagerDutyIncident, PagerDutyNote, PagerDutyUser } from '../../src/sandbox/pagerduty/pagerduty-account.js';
import { BODY_TOO_LARGE, readPagerDutyRequest, writePagerDutyAnswer } from '../../src/sandbox/pagerduty/pagerduty-http.js';
import type { PagerDutyRequest } from '../../src/sandbox/pagerduty/pagerduty-incidents.js';
import { PagerDutyRefusal } from '../../src/sandbox/pagerduty/pagerduty-refusal.js';
import { createPagerDutySimulation, pagerDutyErrorAnswer, type PagerDutyAnswer } from '../../src/sandbox/pagerduty/pagerduty-simulation.js';
import { pagerDutyEvent, pagerDutySignature } from '../helpers/provider-payloads.js';
import { startFakeServer } from './fake-server.js';
import { createWebhookEcho, type EchoedWebhook } from './webhook-echo.js';

export { PAGERDUTY_ACCEPT } from '../../src/sandbox/pagerduty/pagerduty-simulation.js';
export const PAGERDUTY_FAKE_DEFAULT_TOKEN = 'pd-test-token-1234';

export type PagerDutyFakeUser = PagerDutyUser;
export type PagerDutyFakeNote = PagerDutyNote;
export type PagerDutyFakeIncident = PagerDutyIncident;

export interface PagerDutyFakeOptions {
  /** The only REST API key accepted (default `pd-test-token-1234`). */
  readonly token?: string;
  /** The account's users; `From` must be one of their emails. */
  readonly users?: readonly PagerDutyFakeUser[];
  /** Escalation policy id → who is on call on it, at which escalation level. */
  readonly escalationPolicies?: Readonly<Record<string, readonly { readonly userId: string; readonly level: number }[]>>;
  /** Known service ids; when given, an incident on another service is refused (400). */
  readonly services?: readonly string[];
  /** Every service's escalation policy: a new incident without assignments goes to its level-1 on-call (default: to nobody). */
  readonly servicesEscalationPolicyId?: string;
  /** Service id → the escalation policy its incidents follow (assigned to its first level; `escalation_level` moves them on). */
  readonly serviceEscalationPolicies?: Readonly<Record<string, string>>;
}

/** A request as the fake received it (path under the fake's root, lower-cased headers, parsed body). */
export type PagerDutyFakeRequest = PagerDutyRequest & {
  /** HTTP status answered; null while pending or if the connection died first. */
  readonly status: number | null;
};

export interface PagerDutyFake {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:PORT` (the same across stop/start). */
  readonly url: string;
  readonly port: number;
  readonly token: string;

  /** Answer the next `count` requests with `status` (default 500), before any other check. */
  failNext(count: number, status?: number, body?: string): void;
  /** Delay every answer by `ms` (the request is carried out on arrival; only the answer waits). */
  setLatency(ms: number): void;
  /**
   * Run `hook` after a request is carried out and before its answer is sent (null removes it): a
   * test can act exactly between PagerDuty doing something and Warroom hearing about it.
   */
  beforeAnswer(hook: ((request: PagerDutyFakeRequest, status: number) => Promise<void>) | null): void;
  /** Stop listening and drop open connections: requests are refused. State is kept. */
  stop(): Promise<void>;
  /** Listen again on the same port. */
  start(): Promise<void>;

  requests(): PagerDutyFakeRequest[];
  incidents(): PagerDutyFakeIncident[];
  /** A responder (a user id; by default the first assignee) acknowledges the incident (as from their phone). */
  acknowledge(id: string, by?: string): void;
  /**
   * Echo mode (null turns it off): for every incident created, note added or status changed through
   * the API, PagerDuty's v3 webhook (incident.triggered / .annotated / .acknowledged / .resolved) is
   * sent to `url`, signed with `secret`, after the answer — as PagerDuty tells its subscribers.
   */
  echoWebhooks(target: { readonly url: string; readonly secret: string } | null): void;
  /** The webhooks echo mode sent, with Warroom's answers. */
  echoed(): EchoedWebhook[];
  /** Resolves once every echoed webhook has been answered. */
  echoesSettled(): Promise<void>;
  /** Stop for good. */
  close(): Promise<void>;
}

type RequestState = Omit<PagerDutyFakeRequest, 'status'> & { status: number | null };

export async function startPagerDutyFake(options: PagerDutyFakeOptions = {}): Promise<PagerDutyFake> {
  const token = options.token ?? PAGERDUTY_FAKE_DEFAULT_TOKEN;
  let baseUrl = '';
  const simulation = createPagerDutySimulation({ ...options, token, selfUrl: () => baseUrl });
  const requests: RequestState[] = [];
  let faults: { remaining: number; status: number; body: string | undefined } | null = null;
  let latencyMs = 0;
  let answerHook: ((request: PagerDutyFakeRequest, status: number) => Promise<void>) | null = null;
  const echo = createWebhookEcho();
  let echoSecret = '';
  let echoSeq = 0;

  /** The webhook PagerDuty sends for a write it carried out (none for reads, refusals, or urgency changes, which have no v3 event). */
  function echoWrite(request: PagerDutyRequest, answer: PagerDutyAnswer): void {
    if (!echo.enabled || answer.status >= 300 || request.method === 'GET') return;
    const json = JSON.parse(answer.body) as { incident?: { id?: string }; note?: { content?: string } };
    const id = json.incident?.id ?? /^\/incidents\/([^/]+)\/notes$/.exec(request.path)?.[1];
    const incident = simulation.incidents().find((i) => i.id === id);
    if (incident === undefined) return;
    const status = (request.body as { incident?: { status?: string } } | null)?.incident?.status;
    const type = json.note ? 'incident.annotated' : request.method === 'POST' ? 'incident.triggered' : status ? `incident.${status}` : null;
    if (type === null) return;
    echoSeq += 1;
    const body = JSON.stringify(
      pagerDutyEvent({ eventId: `ECHO-${echoSeq}`, type, incidentId: incident.id, incidentKey: incident.incidentKey ?? '', title: incident.title, serviceId: incident.serviceId, status: incident.status, urgency: incident.urgency, content: json.note?.content ?? '' }),
    );
    echo.send(type, body, { 'x-pagerduty-signature': pagerDutySignature(body, echoSecret) });
  }

  function injectedFault(): PagerDutyAnswer | null {
    if (faults === null || faults.remaining <= 0) return null;
    const fault = faults;
    fault.remaining -= 1;
    if (fault.remaining === 0) faults = null;
    if (fault.body !== undefined) return { status: fault.status, body: fault.body, contentType: 'text/html; charset=utf-8' };
    return pagerDutyErrorAnswer(new PagerDutyRefusal(fault.status, fault.status >= 500 ? 'Internal Server Error' : 'Injected failure', fault.status >= 500 ? 5000 : 2001));
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const read = await readPagerDutyRequest(req);
    if (read === null) {
      writePagerDutyAnswer(res, BODY_TOO_LARGE);
      return;
    }
    const state: RequestState = { ...read.request, query: { ...read.request.query }, headers: { ...read.request.headers }, status: null };
    requests.push(state);
    let answer: PagerDutyAnswer;
    try {
      answer = injectedFault() ?? simulation.answer(read.request, read.malformedBody);
    } catch (err) {
      answer = { status: 500, body: `pagerduty fake crashed: ${String(err)}`, contentType: 'text/plain' };
    }
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (answerHook !== null) await answerHook({ ...state }, answer.status);
    if (writePagerDutyAnswer(res, answer)) state.status = answer.status;
    echoWrite(read.request, answer);
  }

  const server = await startFakeServer('pagerduty', handle);
  baseUrl = `http://127.0.0.1:${server.port}`;

  return {
    url: baseUrl,
    port: server.port,
    token,

    failNext(count, status = 500, body) {
      faults = count > 0 ? { remaining: count, status, body } : null;
    },
    beforeAnswer(hook) {
      answerHook = hook;
    },
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    stop: () => server.stop(),
    start: () => server.start(),

    requests() {
      return requests.map((r) => ({ ...r, query: structuredClone(r.query), headers: { ...r.headers }, body: structuredClone(r.body) }));
    },
    incidents: () => simulation.incidents(),
    acknowledge: (id, by) => simulation.acknowledge(id, by),
    echoWebhooks(target) {
      echoSecret = target?.secret ?? '';
      echo.setTarget(target?.url ?? null);
    },
    echoed: () => echo.sent(),
    echoesSettled: () => echo.settled(),
    close: async () => {
      echo.setTarget(null);
      await echo.settled();
      await server.close();
    },
  };
}
