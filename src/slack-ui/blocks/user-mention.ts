import { isSlackUserId } from '../../core/slack-user-id.js';

/** `<@U123>` for a valid Slack user id; null for anything else, which must then be shown escaped. */
export function userMention(id: string | null | undefined): string | null {
  return isSlackUserId(id) ? `<@${id}>` : null;
}
