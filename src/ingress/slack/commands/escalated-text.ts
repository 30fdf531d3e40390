import type { Escalated } from '../../../app/oncall/escalate-page.js';
import { escapeMrkdwn } from '../../../core/mrkdwn.js';

/** Slack's limit for a message's `text` is 40 000 characters; a policy level naming hundreds of people is cut well before. */
const PEOPLE_SHOWN_MAX = 20;

/** The channel's line for an escalation: who asked, the level, and who is paged now (mentions for Slack users, names otherwise). */
export function escalatedText(escalated: Escalated, by: string): string {
  const shown = escalated.nowPaged.slice(0, PEOPLE_SHOWN_MAX).map((p) => (p.slackUserId ? `<@${p.slackUserId}>` : escapeMrkdwn(p.name.slice(0, 100))));
  const more = escalated.nowPaged.length - shown.length;
  const who = shown.length === 0 ? `${escapeMrkdwn(escalated.provider)} did not say who` : `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  return `:arrow_double_up: <@${by}> escalated the ${escapeMrkdwn(escalated.provider)} page to level ${escalated.level}. Now paged: ${who}.`;
}
