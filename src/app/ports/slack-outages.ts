/** Slack outages as the room workers saw them (issue 23), shared by every replica. */
export interface SlackOutage {
  readonly startedAt: Date;
  /** null while Slack is still unreachable. */
  readonly endedAt: Date | null;
}

/** `via` in the data of a timeline event done in the fallback room: what the digest tells Slack when it returns. */
export const VIA_FALLBACK_ROOM = 'fallback_room';

export interface SlackOutages {
  /** Slack was found unreachable; the outage starts at `since` unless one is open already (any replica's). */
  wentDown(since: Date): Promise<void>;
  /**
   * Slack answered again at `at`: closes the open outage and, in the same transaction, queues an
   * `outage_digest` room task for every incident acted on in the fallback room meanwhile. Only the caller that
   * closed it gets the outage back (null for everyone else, and when none was open).
   */
  cameBack(at: Date): Promise<SlackOutage | null>;
  /** The outage `at` falls in (open or closed), if any: what was written then is delayed when it reaches Slack. */
  around(at: Date): Promise<SlackOutage | null>;
}
