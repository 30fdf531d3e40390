/**
 * Markdown-safe text and formatting for the postmortem draft. Every string from an alert, a user
 * or a provider goes through `inline` (or `cell`) before it reaches the draft: it stays on one
 * line, cannot open an HTML tag, a Slack mention (`<!channel>`) or an autolink, and cannot split
 * a table cell.
 */
import { cleanTitle } from './clean-text.js';
import { mention, peopleOf, renderPieces, splitPeople, type PeopleNames } from './people.js';
import { isSlackUserId, SLACK_USER_ID_PATTERN } from './slack-user-id.js';
import type { TimelineEvent } from './timeline.js';

const MENTION = `<@(${SLACK_USER_ID_PATTERN})(?:\\|[^<>]*)?>`;
const SLACK_MENTION = new RegExp(MENTION, 'g');
const SLACK_MENTION_ALONE = new RegExp(`^${MENTION}$`);

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

// Printable ASCII, single spaces between words, no `<`, `\` or `|`: nothing to do (most timeline text).
const PLAIN = /^[\x21-\x3b\x3d-\x5b\x5d-\x7b\x7d\x7e]+(?: [\x21-\x3b\x3d-\x5b\x5d-\x7b\x7d\x7e]+)*$/;
const NON_ASCII = /[\u0080-\uffff]/;
// In ASCII text, what cleanTitle turns into one space: runs of white space and control characters
// (a single space is left alone, which keeps this fast on ordinary text).
const ASCII_BREAKS = /[^\x21-\x7e]{2,}|[^\x20-\x7e]/g;

/** One line: line breaks, control characters and white-space runs become single spaces, ends trimmed (as cleanTitle). */
export function oneLine(text: string): string {
  return NON_ASCII.test(text) ? cleanTitle(text) : text.replace(ASCII_BREAKS, ' ').trim();
}

function escapeInline(text: string): string {
  const mentions = text.includes('<@') ? text.replace(SLACK_MENTION, '@$1') : text;
  return mentions.replace(/\\/g, '\\\\').replace(/</g, '&lt;');
}

/**
 * Untrusted text for the middle of a Markdown line: one line, Slack user mentions shown as
 * `@U…`, backslashes kept literal, and `<` as an entity so that no tag, comment, autolink or
 * Slack special mention can form.
 */
export function inline(text: string): string {
  return PLAIN.test(text) ? text : escapeInline(oneLine(text));
}

/** Untrusted text for a table cell: `inline`, and `|` escaped so the row keeps its columns. */
export function cell(text: string): string {
  return PLAIN.test(text) ? text : escapeInline(oneLine(text)).replace(/\|/g, '\\|');
}

/**
 * Inline text placed where a block could start (the content of a list item): a leading `#`, `>`,
 * `-`, `+`, `*`, `_`, `=`, fence or `1.` would make a heading, quote, nested list, rule or code
 * block, so its first marker is escaped. Anywhere else these characters are left alone.
 */
export function blockSafe(inlineText: string): string {
  const ordered = /^(\d{1,9})([.)])/.exec(inlineText);
  if (ordered?.[1] !== undefined) return `${ordered[1]}\\${inlineText.slice(ordered[1].length)}`;
  return /^(?:[#>+*_=-]|`{3}|~{3})/.test(inlineText) ? `\\${inlineText}` : inlineText;
}

/** Text for an ATX heading: `inline`, and a trailing run of `#` escaped so it is not taken for the closing sequence. */
export function headingText(text: string): string {
  return inline(text).replace(/(^|\s)(#+)$/, '$1\\$2');
}

/** A Slack user id from an actor (`U123ABC` or `<@U123ABC>`), or null for providers, `warroom`, `api`… */
export function slackUserId(actor: string): string | null {
  const trimmed = actor.trim();
  if (isSlackUserId(trimmed)) return trimmed;
  return SLACK_MENTION_ALONE.exec(trimmed)?.[1] ?? null;
}

/**
 * An actor as shown: a Slack user (`U…` or `<@U…>`) by name, or in the mention form `<@U…>` when no
 * name is known (never a bare id); any other actor (`pagerduty`, `api`) as it is, escaped.
 */
export function displayActor(actor: string, names: PeopleNames = {}): string {
  const id = slackUserId(actor);
  return id === null ? inline(actor) : personInline(id, names);
}

// A name comes from a Slack profile: untrusted text like any other. The mention form is left raw:
// `<@U…>` is no tag nor autolink in Markdown, and in Slack it is the person Warroom means.
function personInline(userId: string, names: PeopleNames): string {
  const name = names[userId];
  return name === undefined ? mention(userId) : inline(name);
}

/**
 * An event's text for a table cell (`cell`), each person the event names shown by name: the name
 * the event captured, else the incident's (`names`), else the mention form.
 */
export function eventCell(event: Pick<TimelineEvent, 'actor' | 'data' | 'text' | 'names'>, names: PeopleNames): string {
  const people = peopleOf(event);
  if (PLAIN.test(event.text) && !people.some((id) => event.text.includes(id))) return event.text;
  const own = event.names ?? {};
  return renderPieces(
    splitPeople(oneLine(event.text), people),
    (run) => escapeInline(run).replace(/\|/g, '\\|'),
    (id) => personInline(id, own[id] === undefined ? names : own).replace(/\|/g, '\\|'),
  );
}

const isValidDate = (d: Date | null | undefined): d is Date => d instanceof Date && !Number.isNaN(d.getTime());

/** `YYYY-MM-DD HH:MM:SS UTC`; "not recorded" without a date, "invalid time" for an invalid one. */
export function formatTime(d: Date | null | undefined): string {
  if (d === null || d === undefined) return 'not recorded';
  if (!isValidDate(d)) return 'invalid time';
  const iso = d.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/**
 * The date and UTC clock time of an event, for the two timeline columns. A timeline spans a few
 * days, so each render gets its own formatter that formats each day once.
 */
export function dateAndClockFormatter(): (d: Date) => readonly [string, string] {
  const days = new Map<number, string>();
  return (d) => {
    const t = d.getTime();
    if (Number.isNaN(t)) return ['invalid date', ''];
    const day = Math.floor(t / 86_400_000);
    let date = days.get(day);
    if (date === undefined) {
      date = d.toISOString().slice(0, 10);
      days.set(day, date);
    }
    const s = Math.floor((t - day * 86_400_000) / 1000);
    return [date, `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}`];
  };
}

/** An ISO timestamp, as the existing summary line shows it; "invalid date" rather than a throw. */
export function isoTime(d: Date): string {
  return isValidDate(d) ? d.toISOString() : 'invalid date';
}

/** Milliseconds since the epoch, or null for a missing or invalid date or ISO string. */
export function timeOf(value: Date | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const t = typeof value === 'string' ? Date.parse(value) : value.getTime();
  return Number.isNaN(t) ? null : t;
}

/** `2 d 03 h 05 min`, `1 h 05 min`, `12 min 30 s`, `45 s`; rounded to the second. */
export function formatDuration(ms: number): string {
  const total = Math.round(Math.abs(ms) / 1000);
  const sign = ms < 0 && total > 0 ? '-' : '';
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (days > 0) return `${sign}${days} d ${pad2(hours)} h ${pad2(minutes)} min`;
  if (hours > 0) return `${sign}${hours} h ${pad2(minutes)} min`;
  if (minutes > 0) return `${sign}${minutes} min ${pad2(seconds)} s`;
  return `${sign}${seconds} s`;
}

/** A 0..1 ratio as a percentage with one decimal: `18.3%`. */
export function percent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)}%`;
}

/**
 * An http(s) URL safe to put in a Markdown link destination, or null. URLs are shown, never
 * fetched (DESIGN §5); characters that could end the destination or a table cell are encoded.
 */
export function safeUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 2000) return null;
  if (!/^https?:\/\/[^\s/?#<>"'`\\]+[^\s<>"'`\\]*$/i.test(value)) return null;
  return /[()|[\]]/.test(value) ? value.replace(/[()|[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`) : value;
}

/** Text for a Markdown link label: `inline`, with the brackets escaped. */
export function linkLabel(text: string): string {
  return inline(text).replace(/[[\]]/g, '\\$&').replace(/\|/g, '\\|');
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
