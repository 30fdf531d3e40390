/**
 * PagerDuty's JSON representations (REST API v2): the fields Warroom and pdjs users commonly read,
 * with `self` links on the simulation's own root and `html_url` links on the account's web host.
 */
import { settle, type IncidentState, type PagerDutyAccount } from './pagerduty-account.js';

export type Json = Record<string, unknown>;

const iso = (ms: number): string => new Date(ms).toISOString();

export function userReference(account: PagerDutyAccount, id: string): Json {
  const user = account.users.get(id);
  return {
    id,
    type: 'user_reference',
    summary: user?.name ?? id,
    self: `${account.options.selfUrl()}/users/${id}`,
    html_url: `${account.htmlBase}/users/${id}`,
  };
}

export function userObject(account: PagerDutyAccount, id: string): Json {
  const user = account.users.get(id);
  if (user === undefined) return userReference(account, id);
  return {
    id,
    type: 'user',
    summary: user.name,
    name: user.name,
    email: user.email,
    time_zone: 'Etc/UTC',
    role: 'user',
    self: `${account.options.selfUrl()}/users/${id}`,
    html_url: `${account.htmlBase}/users/${id}`,
  };
}

export function policyReference(account: PagerDutyAccount, id: string): Json {
  return {
    id,
    type: 'escalation_policy_reference',
    summary: `Escalation policy ${id}`,
    self: `${account.options.selfUrl()}/escalation_policies/${id}`,
    html_url: `${account.htmlBase}/escalation_policies/${id}`,
  };
}

export function incidentObject(account: PagerDutyAccount, incident: IncidentState): Json {
  const i = settle(account, incident);
  const self = account.options.selfUrl();
  return {
    id: i.id,
    type: 'incident',
    summary: `[#${i.number}] ${i.title}`,
    self: `${self}/incidents/${i.id}`,
    html_url: `${account.htmlBase}/incidents/${i.id}`,
    incident_number: i.number,
    title: i.title,
    created_at: iso(i.createdAt),
    updated_at: iso(i.updatedAt),
    status: i.status,
    incident_key: i.incidentKey,
    service: {
      id: i.serviceId,
      type: 'service_reference',
      summary: `Service ${i.serviceId}`,
      self: `${self}/services/${i.serviceId}`,
      html_url: `${account.htmlBase}/service-directory/${i.serviceId}`,
    },
    assignments: i.status === 'resolved' ? [] : i.assignments.map((id) => ({ at: iso(i.createdAt), assignee: userReference(account, id) })),
    assigned_via: i.assignments.length > 0 ? 'direct_assignment' : 'escalation_policy',
    escalation_policy: i.escalationPolicyId === null ? null : policyReference(account, i.escalationPolicyId),
    last_status_change_at: iso(i.updatedAt),
    resolved_at: i.resolvedAt === null ? null : iso(i.resolvedAt),
    // While acknowledged: who did (a user_reference as `acknowledger`) and when.
    acknowledgements:
      i.status === 'acknowledged' && i.acknowledgedBy !== null ? [{ at: iso(i.acknowledgedAt ?? i.updatedAt), acknowledger: userReference(account, i.acknowledgedBy) }] : [],
    urgency: i.urgency,
  };
}
