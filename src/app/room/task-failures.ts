import type { SlackTask, SlackTaskKind } from '../ports/room.js';

/** The tasks that give an incident its room: an open incident without one must keep trying (DESIGN §4). */
export const ROOM_SETUP_KINDS: readonly SlackTaskKind[] = ['setup_channel'];

/** Whether the task gives an incident its room (an unusable row never does). */
export function isRoomSetup(task: Pick<SlackTask, 'kind'>): boolean {
  return task.kind !== 'unusable' && ROOM_SETUP_KINDS.includes(task.kind);
}

/** Any other task stops after this many failures of its own: its message is not worth a growing queue. */
export const MAX_TASK_FAILURES = 5;

/**
 * Thrown by a task whose room is gone (archived or deleted): no retry can help, so even a room
 * set-up stops. The hook for archived rooms (issue 15): a handler throws it, the worker completes
 * the task with this message instead of retrying.
 */
export class RoomGoneError extends Error {
  readonly code = 'room.gone';
  constructor(readonly detail: string) {
    super(`the room is gone: ${detail}`);
    this.name = 'RoomGoneError';
  }
}

/** What to do after the task failed on its own for the `failures`-th time (this one included). */
export function afterFailure(task: Pick<SlackTask, 'kind' | 'incidentOpen'>, failures: number, err: unknown): 'retry' | 'give_up' {
  if (err instanceof RoomGoneError) return 'give_up';
  if (isRoomSetup(task) && task.incidentOpen) return 'retry';
  return failures >= MAX_TASK_FAILURES ? 'give_up' : 'retry';
}
