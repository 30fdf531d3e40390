/**
 * Slack user ids: `U…`, or `W…` for an Enterprise Grid (org-wide) user, followed by upper-case
 * letters and digits. Slack documents no length and asks apps not to assume one (ids grew from 9 to
 * 11 characters), so this accepts 3 to 31 characters: every id Slack issues, while a stored actor
 * such as `api`, `pagerduty` or a 10 kB string is never taken for a person. The one definition for
 * every layer (core, app, slack-ui, ingress).
 */
export const SLACK_USER_ID_PATTERN = '[UW][A-Z0-9]{2,30}';

const WHOLE = new RegExp(`^${SLACK_USER_ID_PATTERN}$`);

/** True when `value` is a Slack user id (the whole string, nothing around it). */
export function isSlackUserId(value: string | null | undefined): value is string {
  return value != null && WHOLE.test(value);
}
