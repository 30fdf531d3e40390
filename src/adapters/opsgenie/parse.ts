import { z } from 'zod';
import type { AlertSignal, AlertStatus, SignalAction } from '../../core/alert.js';
import { cleanText, cleanTitle, TEXT_MAX } from '../../core/clean-text.js';
import { providerPerson, type ProviderPerson } from '../../core/provider-person.js';
import type { Headers, ParseOutcome } from '../../app/ports/webhooks.js';
import { parseWebhookJson } from '../webhooks/parse-json.js';
import { describeIssue } from '../webhooks/describe-issue.js';
import { ID_MAX, safeText } from '../webhooks/safe-text.js';

/** The alert actions Warroom acts on; every other action (AddTags, Delete, …) is stored and ignored. */
const HANDLED = new Map<string, { action: SignalAction; status: AlertStatus | null }>([
  ['Create', { action: 'triggered', status: 'firing' }],
  ['Acknowledge', { action: 'acknowledged', status: 'acknowledged' }],
  ['UnAcknowledge', { action: 'unacknowledged', status: 'firing' }],
  ['Close', { action: 'resolved', status: 'resolved' }],
  ['AddNote', { action: 'annotated', status: null }],
  ['Escalate', { action: 'escalated', status: null }],
  ['AssignOwnership', { action: 'reassigned', status: null }],
  ['TakeOwnership', { action: 'reassigned', status: null }],
  ['UpdatePriority', { action: 'priority_updated', status: null }],
]);

const TITLE_LIMIT = 500;
// Only a username that is an email names a person (Opsgenie's own actions are by "System").
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PRIORITY = /^P[1-5]$/;
// Date's range is ±8.64e15 ms around the epoch.
const MAX_DATE_MS = 8_640_000_000_000_000n;

// Postgres cannot hold NUL or lone surrogates, whatever else the provider sends: every string is cleaned on the way in.
const text = z.string().transform(safeText);
const nonEmptyText = text.pipe(z.string().min(1));
// Ids become database keys: bounded (safe-text.ts).
const idText = nonEmptyText.pipe(z.string().max(ID_MAX));
// Event or action names are short words; a delivery id may be built from one.
const nameText = nonEmptyText.pipe(z.string().max(100));
// parseWebhookJson keeps integers beyond 2^53 (updatedAt, in nanoseconds) as their exact digits.
const integer = z.union([z.number(), z.string()]);

const envelopeSchema = z.object({
  action: nameText,
  alert: z.object({
    alertId: idText,
    updatedAt: integer.nullish(),
    createdAt: integer.nullish(),
  }),
});

// Only the fields Warroom reads; unknown fields (source, integrationName, teams, …) are allowed.
const alertSchema = z.object({
  alert: z.object({
    message: text,
    alias: text.pipe(z.string().max(ID_MAX)).nullish(),
    priority: z.unknown().optional(),
    tags: z.unknown().optional(),
    // Who did the action: an Opsgenie username (the user's email); "System" or absent for automatic actions.
    username: text.nullish(),
  }),
});

const noteSchema = z.object({ alert: z.object({ note: text }) });

/**
 * Parses an Opsgenie outgoing-webhook delivery (`{"action": …, "alert": {…}}`) into alert signals.
 * JSM Operations' outgoing webhook sends the same alert action data
 * (https://support.atlassian.com/jira-service-management-cloud/docs/integrate-with-webhook/), so it
 * is parsed here too, as `provider`'s signals.
 */
export function parseOpsgenieDelivery(raw: Buffer, _headers: Headers, provider: 'opsgenie' | 'jsm' = 'opsgenie'): ParseOutcome {
  const json = parseWebhookJson(raw);
  if (!json.ok) return { ok: false, reason: json.reason };
  const envelope = envelopeSchema.safeParse(json.value);
  if (!envelope.success) return { ok: false, reason: describeIssue(envelope.error, json.value) };
  const { action, alert } = envelope.data;

  // updatedAt (ns) changes with every action, so it tells two actions apart even 1 µs apart; its exact digits matter.
  const when = timestamp(alert.updatedAt, 'alert.updatedAt', 1_000_000n) ?? timestamp(alert.createdAt, 'alert.createdAt', 1n);
  if (when === null) return { ok: false, reason: 'alert.updatedAt is missing' };
  if ('reason' in when) return { ok: false, reason: when.reason };
  const deliveryId = `${alert.alertId}:${action}:${when.digits}`;
  const handled = HANDLED.get(action);
  if (handled === undefined) return { ok: true, delivery: { deliveryId, eventType: action, signals: [] } };

  const parsed = alertSchema.safeParse(json.value);
  if (!parsed.success) return { ok: false, reason: describeIssue(parsed.error, json.value) };
  const fields = parsed.data.alert;
  let note: string | null = null;
  if (handled.action === 'annotated') {
    const added = noteSchema.safeParse(json.value);
    if (!added.success) return { ok: false, reason: describeIssue(added.error, json.value) };
    note = Array.from(cleanText(added.data.alert.note)).slice(0, TEXT_MAX).join('');
  }

  const alias = fields.alias?.trim() ?? '';
  const groupingKey = alias.length > 0 ? alias : alert.alertId;
  const signal: AlertSignal = {
    provider,
    groupingKey,
    fingerprint: alert.alertId,
    action: handled.action,
    status: handled.status,
    title: title(fields.message, groupingKey),
    priority: priority(fields.priority),
    serviceHints: { pagerdutyServiceId: null, tags: tags(fields.tags), labels: {} },
    // Opsgenie's action data carries no link to the alert.
    links: [],
    occurredAt: when.iso,
    note,
    dedupKey: alias.length > 0 ? alias : null,
    // Who acted is kept where Warroom uses it: who acknowledged a page.
    ...(handled.action === 'acknowledged' ? { actor: actorOf(fields.username) } : {}),
  };
  return { ok: true, delivery: { deliveryId, eventType: action, signals: [signal] } };
}

/** The user who did the action, named by their username; the email finds them in Slack. */
function actorOf(username: string | null | undefined): ProviderPerson | null {
  const name = cleanTitle(username ?? '');
  if (!EMAIL.test(name)) return null;
  return providerPerson({ providerUserId: name, name, email: name });
}

/**
 * An epoch timestamp in `unitsPerMs` units (updatedAt: nanoseconds, createdAt: milliseconds),
 * converted exactly with BigInt; null when absent.
 */
function timestamp(value: number | string | null | undefined, field: string, unitsPerMs: bigint): { digits: string; iso: string } | { reason: string } | null {
  if (value === null || value === undefined) return null;
  const digits = typeof value === 'number' ? (Number.isSafeInteger(value) && value >= 0 ? String(value) : null) : /^\d{1,30}$/.test(value) ? value : null;
  if (digits === null) return { reason: `${field} must be a non-negative integer` };
  const ms = BigInt(digits) / unitsPerMs;
  if (ms > MAX_DATE_MS) return { reason: `${field} is out of range` };
  return { digits, iso: new Date(Number(ms)).toISOString() };
}

/** One line, at most TITLE_LIMIT code points; an empty message falls back to the grouping key. */
function title(message: string, fallback: string): string {
  const cleaned = cleanTitle(message);
  return cleaned.length === 0 ? fallback : Array.from(cleaned).slice(0, TITLE_LIMIT).join('');
}

/** Opsgenie's P1 (critical) … P5 (informational); anything else is no priority. */
function priority(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const cleaned = safeText(value);
  return PRIORITY.test(cleaned) ? cleaned : null;
}

/** Tags are strings; anything else a sender puts in the list is dropped. */
function tags(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const result: string[] = [];
  for (const tag of value) {
    if (typeof tag !== 'string') continue;
    const cleaned = safeText(tag).trim();
    if (cleaned.length > 0) result.push(cleaned);
  }
  return result;
}
