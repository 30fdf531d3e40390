import { catchUp, firstJoin, type CatchUp } from '../../core/catch-up.js';
import { domainError } from '../../core/errors.js';
import type { Clock } from '../ports/runtime.js';
import type { IncidentStore } from '../ports/incidents.js';
import { fail, ok, type Result } from '../result.js';
import { roomTask } from './room-task.js';
import { cadenceMinutesOf, type CadenceSettings } from './stakeholder-updates.js';

export interface CatchUps {
  /** What happened so far in the incident, for `person` ("since you joined" when Warroom saw them join). */
  readonly forPerson: (incidentId: number, person: string) => Promise<Result<CatchUp>>;
  /**
   * Records that `person` joined the incident channel. Their first join queues their catch-up in
   * the same transaction, unless Warroom itself invited them at set-up (they saw it start): once per
   * person per incident, since the timeline keeps every join.
   */
  readonly memberJoined: (incidentId: number, person: string, invitedByWarroom: boolean) => Promise<void>;
}

export function createCatchUps(deps: { store: Pick<IncidentStore, 'find' | 'timeline' | 'evidence' | 'append' | 'followUps'>; settings: CadenceSettings; clock: Clock }): CatchUps {
  return {
    async forPerson(incidentId, person) {
      const incident = await deps.store.find(incidentId);
      if (!incident) return fail(domainError('incident.not_found', `No incident INC-${incidentId}.`));
      const [events, evidence, followUps] = await Promise.all([deps.store.timeline(incidentId), deps.store.evidence(incidentId), deps.store.followUps([incidentId])]);
      const cadenceMinutes = cadenceMinutesOf(deps.settings, incident);
      return ok(catchUp({ incident, events, scopeSnapshots: evidence.scopeSnapshots, person, cadenceMinutes, followUps: followUps.get(incidentId) ?? [] }));
    },

    async memberJoined(incidentId, person, invitedByWarroom) {
      const firstTime = firstJoin(await deps.store.timeline(incidentId), person) === null;
      const at = deps.clock.now();
      const event = { at, kind: 'member_joined' as const, actor: person, text: `<@${person}> joined the channel`, data: { user: person } };
      await deps.store.append(incidentId, [event], firstTime && !invitedByWarroom ? [roomTask('catch_up', { user: person, joinedAt: at.toISOString() })] : []);
    },
  };
}
