/** Who is in a Slack channel now (conversations.members): who may see a private incident. */
export interface ChannelMembers {
  /** Every member's user id but this bot's; throws when Slack cannot say (the caller then shows nothing private). */
  members(channelId: string): Promise<readonly string[]>;
}
