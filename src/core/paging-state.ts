/**
 * Where paging stands for an incident, as the summary shows it: the pages the providers answered
 * for, oldest first; none means nobody was paged through Warroom.
 */
export interface PageState {
  /** How people name the provider: "PagerDuty", "Opsgenie". */
  readonly provider: string;
  readonly sentAt: Date;
  readonly acknowledgedAt: Date | null;
}

export type PagingState = readonly PageState[];
