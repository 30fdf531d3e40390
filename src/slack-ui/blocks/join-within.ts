/**
 * Joins already-escaped mrkdwn pieces with `sep` within `max` characters: pieces that do not fit
 * are left out, and `more(n)` says how many, counting `hidden` ones the caller never passed.
 * Each piece should itself be shorter than `max`.
 */
export function joinWithin(pieces: readonly string[], sep: string, max: number, more: (left: number) => string, hidden = 0): string {
  if (hidden <= 0) {
    const all = pieces.join(sep);
    if (all.length <= max) return all;
  }
  // The note is never longer than with the full count, so reserving that much is enough.
  const budget = max - sep.length - more(pieces.length + hidden).length;
  const kept: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    const next = length + (kept.length > 0 ? sep.length : 0) + piece.length;
    if (next > budget) break;
    kept.push(piece);
    length = next;
  }
  const note = more(pieces.length - kept.length + Math.max(0, hidden));
  return kept.length > 0 ? kept.join(sep) + sep + note : note;
}
