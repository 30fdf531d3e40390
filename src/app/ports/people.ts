/**
 * Who a Slack user is, by name: the timeline stores people's names when events happen, so text read
 * outside Slack (the postmortem, the API, the CLI) can say "Alice Moreau" instead of an id.
 */
export interface PeopleDirectory {
  /**
   * The user's name: their real name, else their display name; null when their profile has
   * neither. Throws when the lookup fails (an unknown user, a Slack error, an outage, a rate limit).
   */
  nameOf(userId: string): Promise<string | null>;
}

/** A Slack user's email, to find the person at a paging provider (`/incident page @user`). */
export interface PeopleEmails {
  /** Their profile's email; null when Slack shows none (a bot, or no `users:read.email` scope). Throws when the lookup fails. */
  emailOf(userId: string): Promise<string | null>;
}
