import { domainError } from '../../core/errors.js';
import type { Severity } from '../../core/severity.js';
import { typeOfIncident, updateCadenceOf, type IncidentType } from '../../core/incident-type.js';
import { draftStakeholderUpdate, nextUpdateDue, noteChoices, overduePeriod, withNotes, type NoteChoice } from '../../core/stakeholder-update.js';
import { validText } from '../../core/clean-text.js';
import type { Clock, Logger } from '../ports/runtime.js';
import type { IncidentStore } from '../ports/incidents.js';
import type { UpdateCadenceStore } from '../ports/room.js';
import { fail, ok, type Result } from '../result.js';
import { roomTask } from './room-task.js';

export interface CadenceSettings {
  readonly severities: Readonly<Record<Severity, { readonly updateEveryMinutes: number }>>;
  /** Minutes between "no commander yet" reminders; 0 = none. */
  readonly commanderReminderMinutes?: number;
  /** `incidentTypes` (issue 21): a type's `updateCadence` wins over `severities` (absent: none). */
  readonly incidentTypes?: readonly IncidentType[];
}

/** Minutes between stakeholder updates of an incident: its type's cadence for its severity, else the global one. */
export function cadenceMinutesOf(settings: CadenceSettings, incident: { readonly severity: Severity; readonly type?: string | null }): number {
  const global = settings.severities[incident.severity].updateEveryMinutes;
  return settings.incidentTypes ? updateCadenceOf(typeOfIncident(settings.incidentTypes, incident), incident.severity, global) : global;
}

/** What the update modal shows: the draft from the incident's state, and the recent internal notes one may add. */
export interface UpdateDraft {
  readonly text: string;
  readonly notes: readonly NoteChoice[];
}

export interface StakeholderUpdates {
  /** A draft from the current state, for the update modal. */
  draft(incidentId: number): Promise<Result<UpdateDraft>>;
  /**
   * Records the update on the timeline and queues it for the stakeholder channels and the room; the
   * notes named by `noteKeys` (picked in the modal) are added at its end.
   */
  post(incidentId: number, text: string, actor: string, noteKeys?: readonly string[], via?: string): Promise<Result<null>>;
  /** Sends the reminders of every overdue period not reminded yet (run on a timer by every replica). */
  remindOverdue(): Promise<number>;
}

export function createStakeholderUpdates(deps: { store: IncidentStore; cadence: UpdateCadenceStore; settings: CadenceSettings; clock: Clock; log: Logger }): StakeholderUpdates {
  const cadenceOf = (incident: { readonly severity: Severity; readonly type?: string | null }) => cadenceMinutesOf(deps.settings, incident);
  return {
    async draft(incidentId) {
      const incident = await deps.store.find(incidentId);
      if (!incident) return fail(domainError('incident.not_found', `No incident INC-${incidentId}.`));
      const text = draftStakeholderUpdate({ incident, nextDueAt: nextUpdateDue(deps.clock.now(), cadenceOf(incident)) });
      return ok({ text, notes: noteChoices(await deps.store.timeline(incidentId)) });
    },

    async post(incidentId, text, actor, noteKeys = [], via) {
      const incident = await deps.store.find(incidentId);
      if (!incident) return fail(domainError('incident.not_found', `No incident INC-${incidentId}.`));
      const picked = noteKeys.length > 0 ? noteChoices(await deps.store.timeline(incidentId)).filter((n) => noteKeys.includes(n.key)) : [];
      const cleaned = validText(withNotes(text, picked));
      if (cleaned === null) return fail(domainError('incident.invalid_text', 'An update needs 1 to 4000 characters.'));
      const at = deps.clock.now();
      await deps.store.append(
        incidentId,
        [{ at, kind: 'stakeholder_update', actor, text: cleaned, data: { severity: incident.severity, status: incident.status, ...(via === undefined ? {} : { via }) } }],
        [roomTask('stakeholder_update', { text: cleaned, by: actor, at: at.toISOString() })],
      );
      return ok(null);
    },

    async remindOverdue() {
      const now = deps.clock.now();
      let sent = 0;
      for (const room of await deps.cadence.openRooms()) {
        const cadence = cadenceOf(room);
        const period = overduePeriod(nextUpdateDue(room.lastUpdateAt ?? room.declaredAt, cadence), cadence, now);
        if (period !== null && (await deps.cadence.claimReminder(room.incidentId, 'stakeholder_update', period, roomTask('update_reminder', { dueAt: period.toISOString(), cadenceMinutes: cadence })))) sent++;
        // Until someone is in command, the room is asked to claim it, once per period.
        const claimEvery = deps.settings.commanderReminderMinutes ?? 0;
        const unclaimed = room.commander === null ? overduePeriod(nextUpdateDue(room.declaredAt, claimEvery), claimEvery, now) : null;
        if (unclaimed !== null && (await deps.cadence.claimReminder(room.incidentId, 'commander', unclaimed, roomTask('commander_reminder')))) sent++;
      }
      if (sent > 0) deps.log.info({ reminders: sent }, 'stakeholder update reminders sent');
      return sent;
    },
  };
}
