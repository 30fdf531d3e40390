/** Why Slack no longer takes the incident channel: archived (kept, read-only) or deleted (or unknown to the workspace). */
export type RoomGoneReason = 'archived' | 'deleted';

export const ROOM_GONE_REASONS: readonly RoomGoneReason[] = ['archived', 'deleted'];

/** The incident channel is gone since `at`: nothing is posted there until a new room is opened. */
export interface RoomGone {
  readonly at: Date;
  readonly reason: RoomGoneReason;
}

export function isRoomGoneReason(value: unknown): value is RoomGoneReason {
  return typeof value === 'string' && (ROOM_GONE_REASONS as readonly string[]).includes(value);
}

/** The channel the incident's room work goes to: its channel, unless there is none or it is gone. */
export function liveChannel(incident: { readonly channelId: string | null; readonly roomGone?: RoomGone | null }): string | null {
  return incident.roomGone ? null : incident.channelId;
}

/** "The incident channel #inc-12-db was archived" (plain text: the timeline and the API read it). */
export function roomGoneText(channelName: string | null, reason: RoomGoneReason): string {
  return channelName ? `The incident channel #${channelName} was ${reason}` : `The incident channel was ${reason}`;
}
