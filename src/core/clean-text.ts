/** Normalisation of untrusted user text before it becomes incident state. */
export const TITLE_MAX = 200;
export const TEXT_MAX = 4000;

// Lone surrogates cannot be stored as UTF-8 (Postgres would get U+FFFD anyway), so replace them up front.
const LONE_SURROGATE = /\p{Cs}/gu;

/** Length in code points, so an emoji counts once, as Slack counts it. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** One line: control characters and line breaks become spaces, whitespace runs collapse, ends trimmed. */
export function cleanTitle(input: string): string {
  return input
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, ' ')
    .trim();
}

/** Multi-line text: keeps line breaks and tabs (normalised to `\n`), drops other control characters, trims. */
export function cleanText(input: string): string {
  return input
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(/\r\n?/g, '\n')
    .replace(/[^\P{Cc}\n\t]/gu, '')
    .trim();
}

/** A cleaned title, or null when it is empty or longer than TITLE_MAX code points. */
export function validTitle(input: string): string | null {
  const title = cleanTitle(input);
  const n = codePointLength(title);
  return n >= 1 && n <= TITLE_MAX ? title : null;
}

/** Cleaned text, or null when it is empty or longer than TEXT_MAX code points. */
export function validText(input: string): string | null {
  const text = cleanText(input);
  const n = codePointLength(text);
  return n >= 1 && n <= TEXT_MAX ? text : null;
}
