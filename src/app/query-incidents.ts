import { NO_ALERTS, type IncidentAlerts } from '../core/alert.js';
import { bridgeUrlOf } from '../core/bridge.js';
import { domainError } from '../core/errors.js';
import type { FollowUp } from '../core/followup.js';
import { parseIncidentRef, type Incident } from '../core/incident.js';
import { defaultIncidentType, DEFAULT_TYPE, type IncidentType } from '../core/incident-type.js';
import { renderPostmortem } from '../core/postmortem.js';
import type { TimelineEvent } from '../core/timeline.js';
import type { IncidentQuery, IncidentReader } from './ports/incidents.js';
import { fail, ok, type Result } from './result.js';

export interface IncidentView {
  readonly incident: Incident;
  readonly alerts: IncidentAlerts;
  /** The incident's call link (its own, else the configured one filled in); absent: not looked up. */
  readonly bridgeUrl?: string | null;
  /** The incident's follow-ups, oldest first; absent: not looked up (none yet). */
  readonly followUps?: readonly FollowUp[];
  /** The incident type's name: its own, else the default type's (incidents declared before types); absent: not looked up. */
  readonly type?: string;
}

export interface IncidentQueries {
  list(query: IncidentQuery): Promise<IncidentView[]>;
  get(ref: string): Promise<Result<IncidentView>>;
  timeline(ref: string): Promise<Result<TimelineEvent[]>>;
  /** Every follow-up of the incident (open and done), oldest first. */
  followUps(ref: string): Promise<Result<FollowUp[]>>;
  postmortem(ref: string): Promise<Result<string>>;
  /** The incident whose room is this channel; null when it is not an incident channel. */
  byChannel(channelId: string): Promise<Incident | null>;
  /** The view of an incident at hand (just declared, or found by channel), its alerts not looked up. */
  viewOf(incident: Incident): IncidentView;
}

/**
 * Read-side use cases behind /api/incidents and the CLI; `bridgeTemplate` is `bridge.url` of warroom.yml.
 * With `publicOnly`, private incidents are left out of lists and are "not found" by ref, in the very
 * words of a ref that does not exist, so a caller cannot tell one from the other.
 */
export function createIncidentQueries(
  reader: IncidentReader,
  bridgeTemplate: string | null = null,
  options: { publicOnly?: boolean; types?: readonly IncidentType[] } = {},
): IncidentQueries {
  const publicOnly = options.publicOnly === true;
  const types = options.types ?? [DEFAULT_TYPE];
  const view = (incident: Incident, alerts: ReadonlyMap<number, IncidentAlerts> = new Map(), followUps: ReadonlyMap<number, FollowUp[]> = new Map()): IncidentView => ({
    incident,
    alerts: alerts.get(incident.id) ?? NO_ALERTS,
    bridgeUrl: bridgeUrlOf(incident, bridgeTemplate),
    type: incident.type ?? defaultIncidentType(types).name,
    followUps: followUps.get(incident.id) ?? [],
  });

  async function load(ref: string): Promise<Result<Incident>> {
    const id = parseIncidentRef(ref);
    if (id === null) return fail(domainError('incident.not_found', `"${ref.slice(0, 40)}" is not an incident ref (expected INC-<number>).`));
    const incident = await reader.find(id);
    return incident && !(publicOnly && incident.private === true) ? ok(incident) : fail(domainError('incident.not_found', `No incident INC-${id}.`));
  }

  return {
    async list(query) {
      const incidents = await reader.list(publicOnly ? { ...query, publicOnly } : query);
      const ids = incidents.map((i) => i.id);
      const [alerts, followUps] = await Promise.all([reader.alerts(ids), reader.followUps(ids)]);
      return incidents.map((incident) => view(incident, alerts, followUps));
    },
    async get(ref) {
      const found = await load(ref);
      if (!found.ok) return found;
      const [alerts, followUps] = await Promise.all([reader.alerts([found.value.id]), reader.followUps([found.value.id])]);
      return ok(view(found.value, alerts, followUps));
    },
    async followUps(ref) {
      const found = await load(ref);
      return found.ok ? ok((await reader.followUps([found.value.id])).get(found.value.id) ?? []) : found;
    },
    async timeline(ref) {
      const found = await load(ref);
      return found.ok ? ok(await reader.timeline(found.value.id)) : found;
    },
    byChannel: (channelId) => reader.findByChannel(channelId),
    viewOf: (incident) => view(incident),
    async postmortem(ref) {
      const found = await load(ref);
      if (!found.ok) return found;
      const events = await reader.timeline(found.value.id);
      const evidence = await reader.evidence(found.value.id);
      const followUps = (await reader.followUps([found.value.id])).get(found.value.id) ?? [];
      const charts = events.flatMap((e) => (e.kind === 'chart_uploaded' && typeof e.data.permalink === 'string' ? [{ title: e.text, url: e.data.permalink }] : []));
      return ok(renderPostmortem({ incident: found.value, events, alerts: evidence.alerts, scopeSnapshots: evidence.scopeSnapshots, charts, followUps }));
    },
  };
}
