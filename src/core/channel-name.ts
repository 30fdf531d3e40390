/** Slack channel names for incidents (INTERFACE §6): `<prefix>-<n>-<slug>`. */
export const CHANNEL_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,79}$/;

const MAX_LENGTH = 80;
const PREFIX_MAX = 20;
const DEFAULT_PREFIX = 'inc';

/**
 * Folds text to ASCII where Unicode allows it: compatibility decomposition turns "ﬁ" into "fi",
 * "Ｃ" into "C" and "𝐁" into "B"; dropping the combining marks turns "é" into "e". Lowercasing
 * comes after decomposing because "𝐁", "ℌ" or "㎒" have no lowercase form until they are ASCII.
 * Invisible format characters (zero-width space and joiners, soft hyphen, bidi controls) go too,
 * so they cannot split a word the reader sees as one.
 */
function fold(text: string): string {
  return text.normalize('NFKD').toLowerCase().replace(/[\p{M}\p{Cf}]/gu, '');
}

/** The prefix as it appears in channel names: `[a-z0-9_-]`, at most 20 characters, never empty ("inc"). */
export function channelPrefix(prefix: string): string {
  const cleaned = fold(prefix)
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^[-_]+/, '')
    .slice(0, PREFIX_MAX)
    .replace(/[-_]+$/, '');
  return cleaned === '' ? DEFAULT_PREFIX : cleaned;
}

/** The incident number as digits: the absolute integer part, or 0 when there is no usable number. */
export function channelNumber(n: number): number {
  const abs = Math.trunc(Math.abs(n));
  // Beyond 2^53 the digits are not the real number any more (and 1e21 prints as "1e+21").
  return Number.isSafeInteger(abs) ? abs : 0;
}

/** The title as a slug: ASCII letters and digits, every other run of characters one '-'. */
export function channelSlug(title: string): string {
  return fold(title)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Always matches CHANNEL_NAME_PATTERN, whatever the input; the `<prefix>-<n>` part is never cut. */
export function channelName(prefix: string, n: number, title: string): string {
  const base = `${channelPrefix(prefix)}-${channelNumber(n)}`;
  const room = MAX_LENGTH - base.length - 1;
  const slug = channelSlug(title).slice(0, room).replace(/-+$/, '');
  return slug === '' ? base : `${base}-${slug}`;
}
