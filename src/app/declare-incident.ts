import { checkDeclaration, decide } from '../core/decide.js';
import type { Incident } from '../core/incident.js';
import { declaredType, DEFAULT_TYPE, withTypeServices, type IncidentType } from '../core/incident-type.js';
import type { Severity } from '../core/severity.js';
import type { Clock } from './ports/runtime.js';
import type { IncidentStore } from './ports/incidents.js';
import type { RoomWakeUp } from './ports/room.js';
import { fail, ok, type Result } from './result.js';
import { NO_ROOM, roomTasks, type RoomPolicy } from './room-tasks.js';

export interface DeclareIncidentInput {
  readonly title: string;
  readonly severity: Severity;
  readonly services: readonly string[];
  readonly description?: string | null;
  readonly drill?: boolean;
  /** Opens a private channel and hides the incident from non-members (a caller sets it: `--private`, the modal, an incident type). */
  readonly private?: boolean;
  /** The incident type's name (`incidentTypes`); absent or null: the default type. */
  readonly type?: string | null;
  /** Slack user id, provider name, or `api`. */
  readonly actor: string;
}

export type DeclareIncident = (input: DeclareIncidentInput) => Promise<Result<Incident>>;

/**
 * Declares a new incident: checks the request, allocates its number, decides its first state, stores
 * it with its timeline. The check comes before the number so a refused declare takes none (only a
 * failed insert leaves a gap; a gapless counter would serialise declares).
 */
export function createDeclareIncident(deps: { store: IncidentStore; clock: Clock; room?: RoomPolicy; roomWakeUp?: RoomWakeUp; types?: readonly IncidentType[] }): DeclareIncident {
  const types = deps.types ?? [DEFAULT_TYPE];
  return async (input) => {
    const type = declaredType(types, input.type);
    if (!type.ok) return fail(type.error);
    const request = {
      type: 'declare',
      incidentType: type.value.name,
      title: input.title,
      severity: input.severity,
      services: withTypeServices(type.value, input.services),
      description: input.description ?? null,
      drill: input.drill ?? false,
      // A type may be private (`incidentTypes[].private`); `--private` makes any incident private.
      private: input.private === true || type.value.private,
      actor: input.actor,
    } as const;
    const checked = checkDeclaration(request);
    if (!checked.ok) return fail(checked.error);
    const decision = decide(null, { ...request, id: await deps.store.allocateId() }, deps.clock.now());
    if (!decision.ok) return fail(decision.error);
    await deps.store.insert(decision.incident, decision.events, roomTasks.declared(deps.room ?? NO_ROOM));
    deps.roomWakeUp?.wake();
    return ok(decision.incident);
  };
}
