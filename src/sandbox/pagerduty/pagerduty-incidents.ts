/**
 * PagerDuty's incident writes, with its rules: a write names its requester in `From`; a second
 * open incident with the same incident_key on a service is refused ("Open incident with matching
 * dedup key already exists on this service"; the answer does not say which one); resolving a
 * resolved incident is refused ("Incident Already Resolved").
 */
import { acknowledge, nextIncidentId, policyLevels, type IncidentState, type PagerDutyAccount, type PagerDutyNote } from './pagerduty-account.js';
import { argumentsCausedError, invalid, notFound } from './pagerduty-refusal.js';
import { incidentObject, userReference, type Json } from './pagerduty-shapes.js';

/** A request as the simulation reads it. */
export interface PagerDutyRequest {
  readonly method: string;
  /** Path under the API root, without the query, e.g. `/incidents`. */
  readonly path: string;
  /** Query parameters; repeated keys (`include[]`) keep every value. */
  readonly query: Readonly<Record<string, string[]>>;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body, the raw text when it is not JSON, or null when empty. */
  readonly body: unknown;
}

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export function requester(account: PagerDutyAccount, req: PagerDutyRequest): string {
  const from = req.headers.from;
  if (from === undefined || from.trim() === '') throw invalid('From header required');
  const user = [...account.users.values()].find((u) => u.email.toLowerCase() === from.trim().toLowerCase());
  if (user === undefined) throw invalid('Requester User Not Found');
  return user.id;
}

export function incidentById(account: PagerDutyAccount, id: string): IncidentState {
  const incident = account.incidents.get(id);
  if (incident === undefined) throw notFound();
  return incident;
}

function assignees(account: PagerDutyAccount, input: unknown, errors: string[]): string[] {
  const ids: string[] = [];
  if (input === undefined) return ids;
  if (!Array.isArray(input)) {
    errors.push('Assignments must be a list');
    return ids;
  }
  for (const a of input as unknown[]) {
    const assignee = isObject(a) ? a.assignee : undefined;
    if (!isObject(assignee) || assignee.type !== 'user_reference' || typeof assignee.id !== 'string') errors.push('Assignee must be a user_reference');
    else if (!account.users.has(assignee.id)) errors.push('Assignee User Not Found');
    else ids.push(assignee.id);
  }
  return ids;
}

export function createIncident(account: PagerDutyAccount, req: PagerDutyRequest): Json {
  const createdBy = requester(account, req);
  const input = isObject(req.body) ? req.body.incident : undefined;
  if (!isObject(input)) throw invalid('incident is required');
  const errors: string[] = [];
  if (input.type !== 'incident') errors.push("Incident type must be 'incident'");
  if (typeof input.title !== 'string' || input.title.trim() === '') errors.push('Title cannot be empty');
  const service = input.service;
  const serviceId = isObject(service) && typeof service.id === 'string' ? service.id : null;
  const services = account.options.services;
  if (serviceId === null || !isObject(service) || service.type !== 'service_reference') errors.push('Service must be a service_reference');
  else if (services !== undefined && !services.includes(serviceId)) errors.push('Service Not Found');
  const urgency = input.urgency ?? 'high';
  if (urgency !== 'high' && urgency !== 'low') errors.push('Urgency must be high or low');
  if (input.incident_key !== undefined && typeof input.incident_key !== 'string') errors.push('Incident key must be a string');
  const body = input.body;
  if (body !== undefined && (!isObject(body) || body.type !== 'incident_body' || (body.details !== undefined && typeof body.details !== 'string'))) {
    errors.push('Body must be an incident_body with string details');
  }
  const assignments = assignees(account, input.assignments, errors);
  if (errors.length > 0 || serviceId === null) throw invalid(...errors);
  const incidentKey = typeof input.incident_key === 'string' ? input.incident_key : null;
  if (incidentKey !== null) {
    const open = [...account.incidents.values()].some((i) => i.incidentKey === incidentKey && i.serviceId === serviceId && i.status !== 'resolved');
    if (open) throw argumentsCausedError('Open incident with matching dedup key already exists on this service');
  }
  const now = account.now();
  const escalationPolicyId = account.options.serviceEscalationPolicies?.[serviceId] ?? account.options.servicesEscalationPolicyId ?? null;
  const incident: IncidentState = {
    ...nextIncidentId(account),
    title: String(input.title),
    status: 'triggered',
    incidentKey,
    serviceId,
    urgency: urgency === 'low' ? 'low' : 'high',
    details: isObject(body) && typeof body.details === 'string' ? body.details : null,
    // Assigned directly, else to whoever is on call at the policy's first level.
    assignments: assignments.length > 0 || escalationPolicyId === null ? assignments : (policyLevels(account, escalationPolicyId)[0]?.userIds ?? []),
    escalationPolicyId,
    escalationLevel: 1,
    notes: [],
    createdBy,
    acknowledgedBy: null,
    acknowledgedAt: null,
    createdAt: now,
    updatedAt: now,
    resolvedAt: null,
  };
  account.incidents.set(incident.id, incident);
  return { incident: incidentObject(account, incident) };
}

export function updateIncident(account: PagerDutyAccount, req: PagerDutyRequest, id: string): Json {
  const by = requester(account, req);
  const incident = incidentById(account, id);
  const input = isObject(req.body) ? req.body.incident : undefined;
  if (!isObject(input)) throw invalid('incident is required');
  if (input.type !== 'incident' && input.type !== 'incident_reference') throw invalid("Incident type must be 'incident_reference'");
  const status = input.status;
  if (status !== undefined) {
    if (status !== 'acknowledged' && status !== 'resolved') throw invalid('Status must be acknowledged or resolved');
    if (incident.status === 'resolved') throw argumentsCausedError('Incident Already Resolved');
    // Acknowledged by the requester (the `From` user), as PagerDuty records it.
    if (status === 'acknowledged') acknowledge(account, incident, by);
    incident.status = status;
    incident.updatedAt = account.now();
    if (status === 'resolved') incident.resolvedAt = incident.updatedAt;
  }
  const urgency = input.urgency;
  if (urgency !== undefined) {
    if (urgency !== 'high' && urgency !== 'low') throw invalid('Urgency must be high or low');
    incident.urgency = urgency;
    incident.updatedAt = account.now();
  }
  if (input.escalation_level !== undefined) escalateIncident(account, incident, input.escalation_level);
  return { incident: incidentObject(account, incident) };
}

/** GET /incidents/{id}/notes: every note, oldest first (PagerDuty does not paginate them). */
export function listNotes(account: PagerDutyAccount, id: string): Json {
  const incident = incidentById(account, id);
  return { notes: incident.notes.map((n) => ({ id: n.id, user: userReference(account, n.userId), content: n.content, created_at: new Date(account.now()).toISOString() })) };
}

export function addNote(account: PagerDutyAccount, req: PagerDutyRequest, id: string): Json {
  const userId = requester(account, req);
  const incident = incidentById(account, id);
  const note = isObject(req.body) ? req.body.note : undefined;
  if (!isObject(note) || typeof note.content !== 'string' || note.content.trim() === '') throw invalid('Note content cannot be empty');
  account.noteSeq += 1;
  const stored: PagerDutyNote = { id: `PN${String(account.noteSeq).padStart(5, '0')}`, content: note.content, userId };
  incident.notes.push(stored);
  return { note: { id: stored.id, user: userReference(account, userId), content: stored.content, created_at: new Date(account.now()).toISOString() } };
}

/** `escalation_level`: reassigns the incident to whoever is on call at that level of its policy. */
function escalateIncident(account: PagerDutyAccount, incident: IncidentState, level: unknown): void {
  const levels = incident.escalationPolicyId === null ? [] : policyLevels(account, incident.escalationPolicyId);
  if (typeof level !== 'number' || !Number.isInteger(level) || level < 1 || level > levels.length) throw invalid('Escalation level is not valid for the escalation policy');
  if (incident.status === 'resolved') throw argumentsCausedError('Incident Already Resolved');
  incident.escalationLevel = level;
  incident.assignments = [...(levels[level - 1]?.userIds ?? [])];
  incident.updatedAt = account.now();
}
