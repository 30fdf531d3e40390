/**
 * Public status-page updates (issue 20): what customers read on Atlassian Statuspage. Pure: the
 * draft from the incident's state and scope in plain words (no internal notes, people or alert
 * text), the checks of what a person submitted, and the timeline event that records it.
 */
import { cleanText, cleanTitle, codePointLength } from './clean-text.js';
import type { Incident } from './incident.js';
import { inWords } from './scope.js';
import type { Severity } from './severity.js';
import type { Status } from './status.js';
import type { TimelineEvent } from './timeline.js';

/** Statuspage's incident statuses of a realtime incident: the same four words as ours. */
export const PUBLIC_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

/** The impacts a person picks for an affected component; `operational` when the incident is resolved. */
export const COMPONENT_IMPACTS = ['degraded_performance', 'partial_outage', 'major_outage'] as const;
export const COMPONENT_STATUSES = ['operational', ...COMPONENT_IMPACTS] as const;
export type ComponentStatus = (typeof COMPONENT_STATUSES)[number];

/** Statuspage keeps names up to 255 characters; the body is cut where Slack's text input stops. */
export const PUBLIC_NAME_MAX = 255;
export const PUBLIC_BODY_MAX = 3000;

/** One affected component: the Statuspage id, the Warroom services mapped to it, its status. */
export interface PublicComponent {
  readonly componentId: string;
  readonly services: readonly string[];
  readonly status: ComponentStatus;
}

/**
 * What the incident channel is told of the status page: an update published ('sent', with its public
 * link) or refused (Statuspage's reason), or, the incident being resolved while its status-page
 * incident is still open, the offer to resolve it there ('resolve_offer'). `by`: who pressed Publish.
 */
export interface StatusPageNotice {
  readonly outcome: 'sent' | 'refused' | 'resolve_offer';
  readonly by: string | null;
  readonly status: string;
  readonly url: string | null;
  readonly error: string | null;
}

/** What one public update says. */
export interface StatusPageUpdate {
  readonly name: string;
  readonly status: PublicStatus;
  readonly body: string;
  readonly components: readonly PublicComponent[];
}

export const isPublicStatus = (value: unknown): value is PublicStatus => typeof value === 'string' && (PUBLIC_STATUSES as readonly string[]).includes(value);
export const isComponentStatus = (value: unknown): value is ComponentStatus => typeof value === 'string' && (COMPONENT_STATUSES as readonly string[]).includes(value);

/** The components of the incident's services (`statuspage.components`), one per component id, in the services' order. */
export function affectedComponents(services: readonly string[], map: Readonly<Record<string, string>>, status: ComponentStatus): PublicComponent[] {
  const byId = new Map<string, string[]>();
  for (const service of services) {
    const id = map[service];
    if (id !== undefined) byId.set(id, [...(byId.get(id) ?? []), service]);
  }
  return [...byId].map(([componentId, mapped]) => ({ componentId, services: mapped, status }));
}

/** How bad it looks from outside: the measured failing share when there is one, else the severity. */
export function impactOf(incident: Pick<Incident, 'scope' | 'severity'>): ComponentStatus {
  const ratio = incident.scope?.failingRatio ?? null;
  if (ratio !== null) return ratio >= 0.5 ? 'major_outage' : ratio >= 0.05 ? 'partial_outage' : 'degraded_performance';
  const bySeverity: Record<Severity, ComponentStatus> = { SEV1: 'major_outage', SEV2: 'partial_outage', SEV3: 'degraded_performance', SEV4: 'degraded_performance' };
  return bySeverity[incident.severity];
}

/**
 * The public title: the incident's title without what only responders read (bracketed tags such as
 * `[FIRING:2]`, alert-rule words in CamelCase or snake_case), said as a disruption.
 */
export function publicName(title: string): string {
  const plain = cleanTitle(title.replace(/\[[^\]]*\]|\([^)]*\)/g, ' ').replace(/\b\w*(?:[a-z][A-Z]|_)\w*\b/g, ' ')).replace(/^[\s:–—-]+|[\s:–—-]+$/g, '');
  return plain === '' ? 'Service disruption' : `Service disruption: ${plain}`.slice(0, PUBLIC_NAME_MAX);
}

const BODIES: Record<PublicStatus, (what: string, plural: boolean) => string> = {
  investigating: (what) => `We are investigating an issue affecting ${what}. We will post an update as soon as we know more.`,
  identified: (what) => `We have identified the cause of the issue affecting ${what} and are working on a fix.`,
  monitoring: (what) => `A fix has been applied for the issue affecting ${what}. We are monitoring the results.`,
  resolved: (what, plural) => `This incident has been resolved: ${what} ${plural ? 'are' : 'is'} working normally again.`,
};

/** The modal's pre-filled update; `resolve`: the resolution (status resolved, components operational). */
export function draftStatusPageUpdate(incident: Incident, components: Readonly<Record<string, string>>, resolve = false): StatusPageUpdate {
  const status: Status = resolve ? 'resolved' : incident.status;
  const affected = affectedComponents(incident.services, components, resolve ? 'operational' : impactOf(incident));
  const named = affected.flatMap((c) => c.services);
  return { name: publicName(incident.title), status, body: BODIES[status](named.length > 0 ? inWords(named) : 'some of our services', named.length !== 1), components: affected };
}

/** A submitted update, cleaned; or what is wrong with it, by field. */
export function checkStatusPageUpdate(update: StatusPageUpdate): { ok: true; update: StatusPageUpdate } | { ok: false; field: 'name' | 'body'; message: string } {
  const name = cleanTitle(update.name);
  const body = cleanText(update.body);
  if (name === '' || codePointLength(name) > PUBLIC_NAME_MAX) return { ok: false, field: 'name', message: `A public title needs 1 to ${PUBLIC_NAME_MAX} characters.` };
  if (body === '' || codePointLength(body) > PUBLIC_BODY_MAX) return { ok: false, field: 'body', message: `A public message needs 1 to ${PUBLIC_BODY_MAX} characters.` };
  return { ok: true, update: { ...update, name, body } };
}

/** The timeline event of a submitted update: who sent it (the actor) and exactly what the public sees. */
export function statusPageEvent(update: StatusPageUpdate, actor: string, at: Date): TimelineEvent {
  return {
    at,
    kind: 'statuspage_update',
    actor,
    text: `Status page (${update.status}): ${update.name} — ${update.body}`,
    data: { name: update.name, status: update.status, body: update.body, components: update.components.map((c) => ({ componentId: c.componentId, services: [...c.services], status: c.status })) },
  };
}

/** The update a `statuspage_update` event recorded; null for a row this release cannot read. */
export function updateOfEvent(event: Pick<TimelineEvent, 'data'>): StatusPageUpdate | null {
  const { name, status, body, components } = event.data;
  if (typeof name !== 'string' || typeof body !== 'string' || !isPublicStatus(status) || !Array.isArray(components)) return null;
  const parsed = (components as unknown[]).flatMap((c) => {
    const { componentId, services, status: s } = (c ?? {}) as Record<string, unknown>;
    return typeof componentId === 'string' && isComponentStatus(s) ? [{ componentId, services: Array.isArray(services) ? services.filter((x): x is string => typeof x === 'string') : [], status: s }] : [];
  });
  return { name, status, body, components: parsed };
}

/**
 * The marker the status-page incident carries in its metadata, by which a retry finds the one it
 * created before a crash: the ref and the moment the incident was declared, so two installations
 * (or a database restored from a backup) posting to one page do not take each other's incidents.
 */
export const statusPageMarker = (incident: Pick<Incident, 'ref' | 'createdAt'>): string => `${incident.ref}@${incident.createdAt.getTime().toString(36)}`;
