/**
 * Limits on a message's blocks taken together, beyond each block's own:
 * - `markdown` blocks: "The cumulative limit for all markdown blocks in a single payload is 12,000
 *   characters" (docs.slack.dev/reference/block-kit/blocks/markdown-block); Slack answers `invalid_blocks`.
 * - chat.postMessage/update answer `msg_blocks_too_long` past an undocumented sum of the blocks'
 *   text: about 13 200 characters (slackapi/bolt-js#2509). The workspace refuses past 13 000, so a
 *   message it accepts is one Slack accepts.
 */
import { chars, isObject } from './args.js';

export const MARKDOWN_TOTAL_MAX = 12_000;
export const BLOCKS_TEXT_TOTAL_MAX = 13_000;

/** Every `text` string anywhere inside `value` (text objects, markdown blocks, options…). */
function textLength(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, item: unknown) => n + textLength(item), 0);
  if (!isObject(value)) return 0;
  let n = 0;
  for (const [key, inner] of Object.entries(value)) {
    if (key === 'text' && typeof inner === 'string') n += chars(inner);
    else n += textLength(inner);
  }
  return n;
}

/** The `invalid_blocks` messages for the markdown blocks' total (blocks already known to be an array). */
export function checkMarkdownTotal(blocks: readonly unknown[], pointer: string): string[] {
  const total = blocks.reduce((n: number, b: unknown) => n + (isObject(b) && b.type === 'markdown' && typeof b.text === 'string' ? chars(b.text) : 0), 0);
  return total > MARKDOWN_TOTAL_MAX ? [`markdown blocks must be less than ${MARKDOWN_TOTAL_MAX + 1} characters in total [json-pointer:${pointer}]`] : [];
}

/** True when a message's blocks carry more text than Slack takes in one message (`msg_blocks_too_long`). */
export function blocksTooLong(blocks: readonly unknown[]): boolean {
  return textLength(blocks) > BLOCKS_TEXT_TOTAL_MAX;
}
