import { SLACK_LIMITS } from './slack-limits.js';

/**
 * A view's private_metadata within its 3 000 characters: a modal with more is refused
 * (`invalid_arguments`) and never opens. What we keep there (a ref, a channel id) is far shorter;
 * anything longer is cut, so the modal still opens and its submission names an unknown incident.
 */
export function privateMetadata(value: string): string {
  return value.length <= SLACK_LIMITS.privateMetadata ? value : value.slice(0, SLACK_LIMITS.privateMetadata);
}
