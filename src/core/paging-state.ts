/** A person a page names (who it went to, who acknowledged it), as the summary shows them. */
export interface PagedPerson {
  /** Their name as the paging provider gives it; untrusted provider text. */
  readonly name: string;
  /** Their Slack user id when found (by email): Slack text mentions them instead of printing the name. */
  readonly slackUserId: string | null;
}

/**
 * Where paging stands for an incident, as the summary shows it: the pages the providers answered
 * for, oldest first; none means nobody was paged through Warroom.
 */
export interface PageState {
  /** How people name the provider: "PagerDuty", "Opsgenie". */
  readonly provider: string;
  readonly sentAt: Date;
  readonly acknowledgedAt: Date | null;
  /** Who the provider says it paged (assignees, the alert's owner); empty or absent when it does not say. */
  readonly paged?: readonly PagedPerson[];
  /** Who acknowledged it, when the provider says. */
  readonly acknowledgedBy?: PagedPerson | null;
}

export type PagingState = readonly PageState[];
