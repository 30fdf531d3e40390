/**
 * Incidents and their timelines: what the use cases read and change.
 */
import type { IncidentAlerts } from '../../core/alert.js';
import type { FollowUp } from '../../core/followup.js';
import type { Incident } from '../../core/incident.js';
import type { PostmortemAlert } from '../../core/postmortem.js';
import type { Scope } from '../../core/scope.js';
import type { Status } from '../../core/status.js';
import type { TimelineEvent } from '../../core/timeline.js';
import type { SlackTaskSpec } from './room.js';

export type IncidentStatusFilter = 'open' | 'all' | Status;

export interface IncidentQuery {
  readonly status?: IncidentStatusFilter;
  /** At most this many, newest first. */
  readonly limit?: number;
  /** Leave private incidents out (in the query, so a page of `limit` stays full). */
  readonly publicOnly?: boolean;
}

/** Reads incidents and their timelines. */
export interface IncidentReader {
  find(id: number): Promise<Incident | null>;
  list(query: IncidentQuery): Promise<Incident[]>;
  timeline(id: number): Promise<TimelineEvent[]>;
  /** Every alert ever attached (oldest first) and every scope snapshot (oldest first): the postmortem's evidence. */
  evidence(id: number): Promise<{ alerts: PostmortemAlert[]; scopeSnapshots: Scope[] }>;
  /** The incident whose room is this Slack channel, if any. */
  findByChannel(channelId: string): Promise<Incident | null>;
  /** The alerts of each given incident (the latest 100, oldest first, and counts); incidents without alerts are absent. */
  alerts(ids: readonly number[]): Promise<Map<number, IncidentAlerts>>;
  /** The follow-ups of each given incident (oldest first); incidents without any are absent. */
  followUps(ids: readonly number[]): Promise<Map<number, FollowUp[]>>;
  /** One follow-up by its id; null when there is none. */
  findFollowUp(id: number): Promise<FollowUp | null>;
}

/**
 * Thrown by a write whose `followup_done` event names a follow-up that is not open (any more): the
 * whole write is refused, so two clicks on "Done" record it once.
 */
export class FollowUpNotOpenError extends Error {
  constructor(readonly followUpId: number) {
    super(`Follow-up ${followUpId} is not open.`);
    this.name = 'FollowUpNotOpenError';
  }
}

/**
 * Writes incidents. A state change and its timeline events commit in one transaction;
 * `update` refuses a stale base version (optimistic locking) by returning 'conflict'.
 */
/**
 * How an update went: saved; 'conflict' when the base version is stale (decide again on fresh
 * state); or refused because reopening would make a second open incident for its grouping key
 * (the database allows one), naming the incident that holds the key.
 */
export type IncidentUpdate = 'ok' | 'conflict' | { readonly groupingKeyOpenIn: number };

export interface IncidentStore extends IncidentReader {
  allocateId(): Promise<number>;
  /** `tasks` are Slack outbox tasks committed in the same transaction (transactional outbox). */
  insert(incident: Incident, events: readonly TimelineEvent[], tasks?: readonly SlackTaskSpec[]): Promise<void>;
  update(incident: Incident, baseVersion: number, events: readonly TimelineEvent[], tasks?: readonly SlackTaskSpec[]): Promise<IncidentUpdate>;
  /**
   * Timeline facts that change no state (a pinned message, someone joining, a stakeholder update), with their Slack work.
   * Every write keeps the follow-ups in step with its `followup_added` / `followup_done` events (FollowUpNotOpenError).
   */
  append(incidentId: number, events: readonly TimelineEvent[], tasks?: readonly SlackTaskSpec[]): Promise<void>;
}
