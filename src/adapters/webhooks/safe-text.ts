/**
 * Identifiers longer than this are refused: they become primary and unique keys, and a Postgres
 * btree entry must stay under ~2.7 kB (512 code units are at most 2 kB of UTF-8). Real ids are far
 * shorter (PagerDuty ~14 characters; Opsgenie's alias, the longest, is capped at 512 by Opsgenie).
 */
export const ID_MAX = 512;

const NEEDS_CLEANING = /[\0\ud800-\udfff]/;
const LONE_SURROGATE = /\p{Cs}/gu;

/**
 * Postgres text holds no NUL and jsonb refuses a lone surrogate (`\ud800`), both of which JSON
 * can carry: every string from a webhook payload goes through here on the way in.
 */
export function safeText(value: string): string {
  if (!NEEDS_CLEANING.test(value)) return value;
  return value.replace(/\0/g, '').replace(LONE_SURROGATE, '\uFFFD');
}
