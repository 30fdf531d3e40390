import { domainError } from '../../core/errors.js';
import { followUpAddedEvent, followUpDoneEvent, followUpTitle, isDueDate, type FollowUp, type FollowUpSource } from '../../core/followup.js';
import { isSlackUserId } from '../../core/slack-user-id.js';
import { FollowUpNotOpenError, type IncidentStore } from '../ports/incidents.js';
import type { Clock } from '../ports/runtime.js';
import { fail, ok, type Result } from '../result.js';

export interface FollowUpRequest {
  readonly title: string;
  /** A Slack user id, or null. */
  readonly owner: string | null;
  /** `YYYY-MM-DD`, or null. */
  readonly dueDate: string | null;
  readonly source: FollowUpSource;
  readonly actor: string;
}

export interface FollowUps {
  /** Records a follow-up of the incident (a `followup_added` event); answers the title as recorded. */
  add(incidentId: number, request: FollowUpRequest): Promise<Result<{ title: string }>>;
  /** The incident's follow-ups still open, oldest first. */
  open(incidentId: number): Promise<FollowUp[]>;
  /** Marks a follow-up done (a `followup_done` event naming who); refused when it is done already. */
  complete(followUpId: number, actor: string): Promise<Result<FollowUp>>;
}

/** Follow-ups from Slack: every way in records the same event, which the store turns into the record. */
export function createFollowUps(deps: { store: Pick<IncidentStore, 'find' | 'append' | 'followUps' | 'findFollowUp'>; clock: Clock }): FollowUps {
  const alreadyDone = (f: Pick<FollowUp, 'title'>) => fail<FollowUp>(domainError('followup.already_done', `"${f.title}" is done already.`));
  return {
    async add(incidentId, request) {
      const title = followUpTitle(request.title);
      if (title === null) return fail(domainError('followup.invalid_title', 'A follow-up needs a title.'));
      if (request.dueDate !== null && !isDueDate(request.dueDate)) return fail(domainError('followup.invalid_due_date', 'The due date must be a day, YYYY-MM-DD.'));
      if (request.owner !== null && !isSlackUserId(request.owner)) return fail(domainError('followup.invalid_owner', 'The owner must be a Slack user.'));
      if ((await deps.store.find(incidentId)) === null) return fail(domainError('incident.not_found', `No incident INC-${incidentId}.`));
      const event = followUpAddedEvent({ title, owner: request.owner, dueDate: request.dueDate, source: request.source }, request.actor, deps.clock.now());
      await deps.store.append(incidentId, [event]);
      return ok({ title });
    },
    async open(incidentId) {
      return ((await deps.store.followUps([incidentId])).get(incidentId) ?? []).filter((f) => f.status === 'open');
    },
    async complete(followUpId, actor) {
      const found = await deps.store.findFollowUp(followUpId);
      if (found === null) return fail(domainError('followup.not_found', 'That follow-up no longer exists.'));
      if (found.status !== 'open') return alreadyDone(found);
      const at = deps.clock.now();
      try {
        await deps.store.append(found.incidentId, [followUpDoneEvent(found, actor, at)]);
      } catch (err) {
        // Someone else marked it done between the read and the write: the store refused the second one.
        if (err instanceof FollowUpNotOpenError) return alreadyDone(found);
        throw err;
      }
      return ok({ ...found, status: 'done', doneBy: actor, doneAt: at });
    },
  };
}
