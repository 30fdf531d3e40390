/** Date and time of day in UTC (`2026-11-23`, `10:00:03`); an invalid Date gives placeholders instead of a RangeError. */
export function utcParts(at: Date): { readonly date: string; readonly time: string; readonly minute: string } {
  if (Number.isNaN(at.getTime())) return { date: '????-??-??', time: '??:??:??', minute: '??:??' };
  const iso = at.toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 19), minute: iso.slice(11, 16) };
}
