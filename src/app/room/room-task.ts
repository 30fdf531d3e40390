import type { PayloadlessTaskKind, RoomTaskPayloads, SlackTaskKind, SlackTaskSpec } from '../ports/room.js';

/** What follows the kind: that kind's payload, or nothing for a kind that needs none. */
export type RoomTaskArgs<K extends SlackTaskKind> = K extends PayloadlessTaskKind ? [] : [payload: RoomTaskPayloads[K]];

/**
 * A Slack outbox task to enqueue, typed by its kind (as temporal's `defineSignal<[string]>` binds a
 * signal's name to its arguments): `roomTask('post_postmortem', { by })`, `roomTask('refresh_summary')`.
 * Every producer builds its tasks here, so a payload that does not fit its kind does not compile.
 */
export function roomTask<K extends SlackTaskKind>(kind: K, ...payload: RoomTaskArgs<K>): SlackTaskSpec<K> {
  // The union of specs cannot be narrowed by a generic K; RoomTaskArgs<K> above is the check.
  return (payload.length === 0 ? { kind } : { kind, payload: payload[0] }) as SlackTaskSpec<K>;
}
