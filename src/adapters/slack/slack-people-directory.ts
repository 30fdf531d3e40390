import { WebClient } from '@slack/web-api';
import type { PeopleDirectory, PeopleEmails } from '../../app/ports/people.js';

export interface SlackPeopleDirectoryOptions {
  readonly token: string;
  /** Base URL of the Web API, ending in `/` (SLACK_API_URL). */
  readonly apiUrl: string;
  readonly timeoutMs?: number;
}

/** A profile field Slack may leave out, set to null or to "" when the person never filled it in. */
const filled = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
};

/**
 * People's names from Slack's `users.info` (scope `users:read`): the real name, else the display
 * name (the profile's, then the user object's). No retries here: a failure throws and the caller's
 * cache remembers it briefly; names are a nicety that must never hold anything up.
 */
export function createSlackPeopleDirectory(options: SlackPeopleDirectoryOptions): PeopleDirectory & PeopleEmails {
  const client = new WebClient(options.token, {
    slackApiUrl: options.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 5000,
  });
  return {
    async nameOf(userId) {
      const { user } = await client.users.info({ user: userId });
      return filled(user?.profile?.real_name) ?? filled(user?.real_name) ?? filled(user?.profile?.display_name) ?? null;
    },
    // The same users.info answer: profile.email is there with the users:read.email scope.
    async emailOf(userId) {
      const { user } = await client.users.info({ user: userId });
      return filled(user?.profile?.email);
    },
  };
}
