/** The parts of the config the Slack room uses. */
export interface RoomSettings {
  readonly channelPrefix: string;
  readonly stakeholderChannels: readonly string[];
  /** Where a private incident is announced, without a word of what it is (absent or empty: nowhere). */
  readonly privateStakeholderChannels?: readonly string[];
  readonly services: Readonly<Record<string, { readonly runbook: string | null; readonly dashboards: readonly string[] }>>;
  /** `bridge.url`: the configured call link or its template (absent or null: none configured). */
  readonly bridge?: { readonly url: string | null };
}
