import { WebClient } from '@slack/web-api';
import type { ChannelMembers } from '../../app/ports/channel-members.js';

/** Slack's own maximum page; a channel of more members takes more pages. */
const PAGE = 1000;
/** A bound on pages: an incident channel of 20 000 people is not one to page through per request. */
const MAX_PAGES = 20;

/**
 * conversations.members without this bot (auth.test, once) (Tier 4; scopes channels:read and groups:read for a private channel). No
 * retries: it answers a person waiting on a slash command or the App Home, and a failure hides
 * private incidents rather than delay the answer.
 */
export function createSlackChannelMembers(options: { token: string; apiUrl: string; timeoutMs?: number }): ChannelMembers {
  const client = new WebClient(options.token, { slackApiUrl: options.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: options.timeoutMs ?? 2000 });
  let me: string | null = null;
  return {
    async members(channelId) {
      me ??= String((await client.auth.test()).user_id ?? '');
      const all: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const res = await client.conversations.members({ channel: channelId, limit: PAGE, ...(cursor ? { cursor } : {}) });
        all.push(...(res.members ?? []));
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!cursor) break;
      }
      return all.filter((id) => id !== me);
    },
  };
}
