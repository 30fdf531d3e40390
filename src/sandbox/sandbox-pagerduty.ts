/**
 * The sandbox's PagerDuty: the shared PagerDuty simulation (src/sandbox/pagerduty) served under
 * `/sandbox/pagerduty/`, with two people on call for the sandbox's escalation policy. Their emails
 * are those of two sandbox Slack users, so the on-call person becomes incident commander. A page
 * goes to the on-call person and is acknowledged by them after a short while, as a responsive
 * on-call engineer would.
 */
import type { Route } from '../ingress/http/route.js';
import { servePagerDuty } from './pagerduty/pagerduty-http.js';
import { createPagerDutySimulation } from './pagerduty/pagerduty-simulation.js';

export interface SandboxPerson {
  readonly pagerdutyId: string;
  readonly slackId: string;
  readonly name: string;
  readonly email: string;
}

const ACKNOWLEDGED_AFTER_MS = 15_000;
const API_ROOT = '/sandbox/pagerduty';
const ENDPOINTS: readonly (readonly [Route['method'], string])[] = [
  ['GET', '/oncalls'],
  ['GET', '/users/:id'],
  ['GET', '/incidents'],
  ['POST', '/incidents'],
  ['GET', '/incidents/:id'],
  ['PUT', '/incidents/:id'],
  ['POST', '/incidents/:id/notes'],
];

export function sandboxPagerDutyRoutes(options: { token: string; people: readonly SandboxPerson[]; escalationPolicyId: string; selfUrl: string; now?: () => number }): Route[] {
  const simulation = createPagerDutySimulation({
    token: options.token,
    users: options.people.map((p) => ({ id: p.pagerdutyId, name: p.name, email: p.email })),
    escalationPolicies: { [options.escalationPolicyId]: options.people.map((p, i) => ({ userId: p.pagerdutyId, level: i + 1 })) },
    // A page goes to the on-call person, who acknowledges it: the sandbox's summary names them.
    servicesEscalationPolicyId: options.escalationPolicyId,
    selfUrl: () => `${options.selfUrl}${API_ROOT}`,
    htmlBase: 'https://sandbox.pagerduty.invalid',
    incidentIdPrefix: 'PSBX',
    acknowledgedAfterMs: ACKNOWLEDGED_AFTER_MS,
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  return ENDPOINTS.map(([method, path]) => ({ method, path: `${API_ROOT}${path}`, handler: (req, res) => servePagerDuty(simulation, req, res, API_ROOT) }));
}
