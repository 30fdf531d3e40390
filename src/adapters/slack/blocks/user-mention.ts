/** Slack user ids (`U…`, or `W…` on Enterprise Grid); bounded so a stored value cannot flood a field. */
const USER_ID = /^[UW][A-Z0-9]{1,30}$/;

/** `<@U123>` for a valid Slack user id; null for anything else, which must then be shown escaped. */
export function userMention(id: string | null | undefined): string | null {
  return id != null && USER_ID.test(id) ? `<@${id}>` : null;
}
