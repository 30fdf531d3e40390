import type { KnownBlock } from '@slack/types';

/** The text of a private incident's stakeholder announcement: all that anyone outside its channel learns. */
export const PRIVATE_ANNOUNCEMENT_TEXT = ':lock: A private incident was declared.';

/** The pointer left in a public incident channel before it is archived for a private one. */
export const MOVED_TO_PRIVATE_TEXT = ':lock: This incident moved to a private channel; ask the incident commander to be added.';

/** Posted in `privateStakeholderChannels` for a private incident (and edited to it when one is moved to a private channel). */
export function privateAnnouncementMessage(): { text: string; blocks: KnownBlock[] } {
  return { text: PRIVATE_ANNOUNCEMENT_TEXT, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: PRIVATE_ANNOUNCEMENT_TEXT } }] };
}
