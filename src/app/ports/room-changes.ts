/**
 * What the fallback room watches to push changes (issue 23): read from PostgreSQL, so a change made
 * through another replica (or Slack, or the API) shows on a page connected to this one.
 */
export interface RoomChanges {
  /**
   * A mark that differs whenever the incident or its timeline changed: its version and its newest
   * timeline event's id. null when the incident is gone. One indexed look-up, cheap to poll.
   */
  markOf(incidentId: number): Promise<string | null>;
}
