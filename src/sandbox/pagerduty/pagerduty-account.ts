/**
 * The state of a simulated PagerDuty account (users, who is on call on which escalation policy,
 * incidents and their notes) and the options that make one account differ from another: the
 * sandbox's (ids `PSBX…`, a page acknowledged by itself after a while) or a test's.
 */

export interface PagerDutyUser {
  readonly id: string;
  readonly name: string;
  readonly email: string;
}

export type PagerDutyIncidentStatus = 'triggered' | 'acknowledged' | 'resolved';

export interface PagerDutyNote {
  readonly id: string;
  readonly content: string;
  /** Who wrote it (the `From` user). */
  readonly userId: string;
}

/** What a test (or the sandbox) sees of an incident. */
export interface PagerDutyIncident {
  readonly id: string;
  readonly number: number;
  readonly title: string;
  readonly status: PagerDutyIncidentStatus;
  readonly incidentKey: string | null;
  readonly serviceId: string;
  readonly urgency: 'high' | 'low';
  readonly details: string | null;
  /** Assigned user ids. */
  readonly assignments: readonly string[];
  /** The escalation policy it follows (its service's), and the level it is at (1 when it follows none). */
  readonly escalationPolicyId: string | null;
  readonly escalationLevel: number;
  readonly notes: readonly PagerDutyNote[];
  /** Who created it (the `From` user). */
  readonly createdBy: string;
  /** Who acknowledged it; null while nobody has. */
  readonly acknowledgedBy: string | null;
}

export interface PagerDutySimulationOptions {
  /** The only REST API key accepted. */
  readonly token: string;
  /** The account's users; `From` must be one of their emails. */
  readonly users?: readonly PagerDutyUser[];
  /** Escalation policy id → who is on call on it, at which escalation level. */
  readonly escalationPolicies?: Readonly<Record<string, readonly { readonly userId: string; readonly level: number }[]>>;
  /** Known service ids; when given, an incident on another service is refused (400). */
  readonly services?: readonly string[];
  /**
   * The escalation policy of every service not in `serviceEscalationPolicies`: an incident opened
   * without assignments is assigned to its level-1 on-call, as PagerDuty assigns through the
   * service's policy (default: to nobody).
   */
  readonly servicesEscalationPolicyId?: string;
  /** Service id → the escalation policy its incidents follow (an id of `escalationPolicies`). */
  readonly serviceEscalationPolicies?: Readonly<Record<string, string>>;
  /** The API root the `self` links name, e.g. `http://127.0.0.1:PORT` (read on every answer). */
  readonly selfUrl: () => string;
  /** Where `html_url` links point (default `https://warroom-fake.pagerduty.com`). */
  readonly htmlBase?: string;
  /** Incident ids are this prefix padded with the incident number to 7 characters (default `PF`). */
  readonly incidentIdPrefix?: string;
  /** A triggered incident reads as acknowledged this long after it was created (default: never). */
  readonly acknowledgedAfterMs?: number;
  readonly now?: () => number;
}

export interface IncidentState {
  id: string;
  number: number;
  title: string;
  status: PagerDutyIncidentStatus;
  incidentKey: string | null;
  serviceId: string;
  urgency: 'high' | 'low';
  details: string | null;
  assignments: string[];
  escalationPolicyId: string | null;
  escalationLevel: number;
  notes: PagerDutyNote[];
  createdBy: string;
  acknowledgedBy: string | null;
  acknowledgedAt: number | null;
  createdAt: number;
  updatedAt: number;
  resolvedAt: number | null;
}

export interface PagerDutyAccount {
  readonly options: PagerDutySimulationOptions;
  readonly users: Map<string, PagerDutyUser>;
  readonly incidents: Map<string, IncidentState>;
  readonly now: () => number;
  readonly htmlBase: string;
  incidentSeq: number;
  noteSeq: number;
}

export function createPagerDutyAccount(options: PagerDutySimulationOptions): PagerDutyAccount {
  return {
    options,
    users: new Map((options.users ?? []).map((u) => [u.id, { ...u }])),
    incidents: new Map(),
    now: options.now ?? Date.now,
    htmlBase: options.htmlBase ?? 'https://warroom-fake.pagerduty.com',
    incidentSeq: 0,
    noteSeq: 0,
  };
}

export function nextIncidentId(account: PagerDutyAccount): { id: string; number: number } {
  account.incidentSeq += 1;
  const prefix = account.options.incidentIdPrefix ?? 'PF';
  return { id: `${prefix}${String(account.incidentSeq).padStart(7 - prefix.length, '0')}`, number: account.incidentSeq };
}

/** A responder (by default the first assignee) acknowledges a triggered incident (as from their phone). */
export function acknowledge(account: PagerDutyAccount, incident: IncidentState, by?: string): void {
  if (incident.status !== 'triggered') return;
  incident.status = 'acknowledged';
  incident.updatedAt = account.now();
  incident.acknowledgedAt = incident.updatedAt;
  incident.acknowledgedBy = by ?? incident.assignments[0] ?? null;
}

/** The sandbox's responsive on-call engineer: acknowledged by itself after a while, unless resolved first. */
export function settle(account: PagerDutyAccount, incident: IncidentState): IncidentState {
  const after = account.options.acknowledgedAfterMs;
  if (after !== undefined && incident.status === 'triggered' && account.now() - incident.createdAt >= after) acknowledge(account, incident);
  return incident;
}

export function snapshot(account: PagerDutyAccount, incident: IncidentState): PagerDutyIncident {
  const i = settle(account, incident);
  return {
    id: i.id,
    number: i.number,
    title: i.title,
    status: i.status,
    incidentKey: i.incidentKey,
    serviceId: i.serviceId,
    urgency: i.urgency,
    details: i.details,
    assignments: [...i.assignments],
    escalationPolicyId: i.escalationPolicyId,
    escalationLevel: i.escalationLevel,
    notes: i.notes.map((n) => ({ ...n })),
    createdBy: i.createdBy,
    acknowledgedBy: i.acknowledgedBy,
  };
}

/** The levels of an escalation policy, lowest first: who is on call at each (its escalation rules). */
export function policyLevels(account: PagerDutyAccount, policyId: string): { level: number; userIds: string[] }[] {
  const levels = new Map<number, string[]>();
  for (const m of account.options.escalationPolicies?.[policyId] ?? []) levels.set(m.level, [...(levels.get(m.level) ?? []), m.userId]);
  return [...levels.entries()].sort((a, b) => a[0] - b[0]).map(([level, userIds]) => ({ level, userIds }));
}
