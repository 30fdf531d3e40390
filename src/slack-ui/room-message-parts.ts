import type { RoomMessage } from '../core/room-message.js';
import type { TimelineEvent } from '../core/timeline.js';
import { postmortemChunks } from './messages/postmortem-message.js';
import { TIMELINE_BUDGET, timelineLine } from './messages/timeline-message.js';

/**
 * A room message as the posts it takes inside Slack's limits: itself, or a first part and its
 * continuations, so a timeline of thousands of events or a long postmortem is posted whole
 * instead of refused (`msg_blocks_too_long`, `invalid_blocks`) or cut.
 */
export function roomMessageParts(message: RoomMessage): readonly RoomMessage[] {
  switch (message.kind) {
    case 'timeline': {
      const groups = timelineGroups(message.events);
      return groups.length <= 1 ? [message] : groups.map((events, i) => ({ ...message, events, part: { index: i + 1, of: groups.length } }));
    }
    case 'postmortem': {
      const chunks = postmortemChunks(message.markdown);
      return chunks.length <= 1 ? [message] : chunks.map((markdown, i) => ({ ...message, markdown, part: { index: i + 1, of: chunks.length } }));
    }
    default:
      return [message];
  }
}

/** Events in order, as many to a group as one timeline message holds. */
function timelineGroups(events: readonly TimelineEvent[]): TimelineEvent[][] {
  const groups: TimelineEvent[][] = [];
  let group: TimelineEvent[] = [];
  let used = 0;
  for (const event of events) {
    const { cost } = timelineLine(event);
    if (group.length > 0 && used + cost > TIMELINE_BUDGET) {
      groups.push(group);
      group = [];
      used = 0;
    }
    group.push(event);
    used += cost;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}
