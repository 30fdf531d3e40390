/** The parts of the config the Slack room uses. */
export interface RoomSettings {
  readonly channelPrefix: string;
  readonly stakeholderChannels: readonly string[];
  readonly services: Readonly<Record<string, { readonly runbook: string | null; readonly dashboards: readonly string[] }>>;
}
