import type { Result } from '../../app/result.js';
import { escapeMrkdwn } from '../../core/mrkdwn.js';

/** One ephemeral line for a use case's answer: what happened, or why not (escaped for mrkdwn). */
export function describeResult<T>(result: Result<T>, success: (value: T) => string): string {
  return result.ok ? success(result.value) : `:warning: ${escapeMrkdwn(result.error.message)}`;
}
