import { utcParts } from './utc-parts.js';

/**
 * How a time reads in Slack. Slack formats `<!date^…>` in each reader's own time zone and
 * preferences (12/24 h); the fallback, for clients that cannot, is UTC and says so.
 */
const FORMATS = {
  /** "today 10:00", "Nov 23, 2026 10:00" (fallback `2026-11-23 10:00 UTC`). */
  dateTime: { tokens: '{date_short_pretty} {time}', fallback: (p: UtcParts) => `${p.date} ${p.minute} UTC` },
  /** "10:00" (fallback `10:00 UTC`). */
  time: { tokens: '{time}', fallback: (p: UtcParts) => `${p.minute} UTC` },
  /** "10:00:03" (fallback `10:00:03 UTC`), for timeline lines. */
  timeSecs: { tokens: '{time_secs}', fallback: (p: UtcParts) => `${p.time} UTC` },
  /** "Today", "Monday, November 23rd, 2026" (fallback `2026-11-23 (UTC)`), for day headings. */
  day: { tokens: '{date_long_pretty}', fallback: (p: UtcParts) => `${p.date} (UTC)` },
  /** "3 minutes ago" (fallback `at 2026-11-23 10:00 UTC`): stays true in a message that is not edited. */
  ago: { tokens: '{ago}', fallback: (p: UtcParts) => `at ${p.date} ${p.minute} UTC` },
} as const;

type UtcParts = ReturnType<typeof utcParts>;
export type SlackDateFormat = keyof typeof FORMATS;

/** The one way a time is shown in Slack text (mrkdwn): `<!date^UNIX^TOKENS|FALLBACK>`. An invalid Date gives the placeholder text alone. */
export function slackDate(at: Date, format: SlackDateFormat = 'dateTime'): string {
  const { tokens, fallback } = FORMATS[format];
  const parts = utcParts(at);
  if (Number.isNaN(at.getTime())) return fallback(parts);
  return `<!date^${Math.floor(at.getTime() / 1000)}^${tokens}|${fallback(parts)}>`;
}
