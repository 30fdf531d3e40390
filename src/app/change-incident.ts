import { decide } from '../core/decide.js';
import { decideAll, type ChangeCommand } from '../core/decide-all.js';
import { domainError } from '../core/errors.js';
import type { Incident } from '../core/incident.js';
import { roleProblem, typeOfIncident, type IncidentType } from '../core/incident-type.js';
import type { TimelineEvent } from '../core/timeline.js';
import { firstMitigationOnly, milestonesOfChange, reportMilestones, type MilestoneTelemetry } from './incident-milestones.js';
import type { Clock } from './ports/runtime.js';
import type { IncidentStore } from './ports/incidents.js';
import type { RoomWakeUp } from './ports/room.js';
import { fail, ok, type Result } from './result.js';
import { NO_ROOM, roomTasks, type RoomPolicy } from './room-tasks.js';

/** One command, or several applied together as one change (all or nothing; see `decideAll`). */
export type ChangeIncident = (id: number, command: ChangeCommand | readonly ChangeCommand[]) => Promise<Result<Incident>>;

const isCommandList = (command: ChangeCommand | readonly ChangeCommand[]): command is readonly ChangeCommand[] => Array.isArray(command);

const MAX_ATTEMPTS = 5;

/**
 * Applies a command to an existing incident. Two replicas (or two responders) may change the
 * same incident at once: on a version conflict the command is decided again on fresh state.
 */
export function createChangeIncident(deps: {
  store: IncidentStore;
  clock: Clock;
  room?: RoomPolicy;
  /** The change may have queued Slack work (room tasks): start it now. */
  roomWakeUp?: RoomWakeUp;
  /** Runs after a change that resolved the incident committed (e.g. queue the provider sync). */
  onResolved?: (incident: Incident) => Promise<void>;
  /** Runs after any change committed, with its events (e.g. queue the note and severity syncs to the providers). */
  onCommitted?: (before: Incident, after: Incident, events: readonly TimelineEvent[]) => Promise<void>;
  /** Time to mitigate and to resolve, observed once the change committed. */
  telemetry?: MilestoneTelemetry;
  /** The configured incident types: a role is assigned only if the incident's type has it (absent: the four roles). */
  types?: readonly IncidentType[];
  /** Where the changes come from, kept in each event's data (`via`): the fallback room's changes are told back to Slack (absent: not kept). */
  via?: string;
}): ChangeIncident {
  return async (id, command) => {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const current = await deps.store.find(id);
      if (!current) return fail(domainError('incident.not_found', `No incident INC-${id}.`));
      const refused = deps.types ? rolesRefused(deps.types, current, isCommandList(command) ? command : [command]) : null;
      if (refused !== null) return fail(refused);
      const decision = isCommandList(command) ? decideAll(current, command, deps.clock.now()) : decide(current, command, deps.clock.now());
      if (!decision.ok) return fail(decision.error);
      // Several commands that all found their value already set: nothing to store, nothing to tell the room.
      if (decision.events.length === 0) return ok(current);
      const events = deps.via === undefined ? decision.events : decision.events.map((e) => ({ ...e, data: { ...e.data, via: deps.via } }));
      const saved = await deps.store.update(decision.incident, current.version, events, roomTasks.changedFrom(deps.room ?? NO_ROOM, current, decision.incident));
      if (saved === 'ok') {
        deps.roomWakeUp?.wake();
        if (deps.telemetry) reportMilestones(deps.telemetry, await firstMitigationOnly(() => deps.store.timeline(id), milestonesOfChange(current, decision.incident, deps.clock.now())));
        if (decision.incident.status === 'resolved' && current.status !== 'resolved') await deps.onResolved?.(decision.incident);
        await deps.onCommitted?.(current, decision.incident, events);
        return ok(decision.incident);
      }
      if (saved !== 'conflict') {
        const holder = `INC-${saved.groupingKeyOpenIn}`;
        return fail(domainError('incident.reopen_conflict', `${holder} is already open for this alert; work in ${holder}, or resolve it before reopening ${current.ref}.`));
      }
    }
    return fail(domainError('incident.version_conflict', `INC-${id} kept changing under this command; try again.`));
  };
}

/** The first role the commands assign that the incident's type does not have. */
function rolesRefused(types: readonly IncidentType[], incident: Incident, commands: readonly ChangeCommand[]) {
  const type = typeOfIncident(types, incident);
  for (const command of commands) {
    const problem = command.type === 'assign_role' ? roleProblem(type, command.role) : null;
    if (problem !== null) return problem;
  }
  return null;
}
