/** Public (`C…`) and private (`G…`) channel ids. */
const CHANNEL_ID = /^[CG][A-Z0-9]{1,30}$/;

/** `<#C123>` for a valid Slack channel id; null for anything else. */
export function channelMention(id: string | null | undefined): string | null {
  return id != null && CHANNEL_ID.test(id) ? `<#${id}>` : null;
}
