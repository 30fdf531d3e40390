import { z } from 'zod';
import type { AlertSignal, AlertStatus, SignalAction } from '../../core/alert.js';
import { cleanText, cleanTitle, TEXT_MAX } from '../../core/clean-text.js';
import { DRILL_MARKER } from '../../core/drill.js';
import { providerPerson, type ProviderPerson } from '../../core/provider-person.js';
import type { Headers, ParseOutcome } from '../../app/ports/webhooks.js';
import { parseWebhookJson } from '../webhooks/parse-json.js';
import { describeIssue } from '../webhooks/describe-issue.js';
import { ID_MAX, safeText } from '../webhooks/safe-text.js';

/** The V3 incident event types Warroom acts on; every other event type is stored and ignored. */
const HANDLED = new Map<string, { action: SignalAction; status: AlertStatus | null }>([
  ['incident.triggered', { action: 'triggered', status: 'firing' }],
  ['incident.acknowledged', { action: 'acknowledged', status: 'acknowledged' }],
  ['incident.unacknowledged', { action: 'unacknowledged', status: 'firing' }],
  ['incident.resolved', { action: 'resolved', status: 'resolved' }],
  ['incident.reopened', { action: 'reopened', status: 'firing' }],
  ['incident.escalated', { action: 'escalated', status: null }],
  ['incident.priority_updated', { action: 'priority_updated', status: null }],
  ['incident.reassigned', { action: 'reassigned', status: null }],
  ['incident.annotated', { action: 'annotated', status: null }],
]);

const TITLE_LIMIT = 500;
const LINK_LIMIT = 2048;

// Postgres cannot hold NUL or lone surrogates, whatever else the provider sends: every string is cleaned on the way in.
const text = z.string().transform(safeText);
const nonEmptyText = text.pipe(z.string().min(1));
// Ids become database keys: bounded (safe-text.ts).
const idText = nonEmptyText.pipe(z.string().max(ID_MAX));
// Event or action names are short words; a delivery id may be built from one.
const nameText = nonEmptyText.pipe(z.string().max(100));

const envelopeSchema = z.object({
  event: z.object({
    id: idText,
    event_type: nameText,
    data: z.unknown().optional(),
  }),
});

const occurredAtSchema = z.object({ event: z.object({ occurred_at: z.string() }) });

// Who caused the event: a user_reference when a person did (acknowledged from their phone); a service or integration otherwise.
const agentSchema = z.object({ event: z.object({ agent: z.object({ id: text.nullish(), summary: text.nullish(), type: text.nullish() }).nullish() }) });

// Only the fields Warroom reads; unknown fields are allowed (and dropped).
const incidentSchema = z.object({
  id: idText,
  type: z.literal('incident').optional(),
  title: text,
  html_url: text.nullish(),
  service: z.object({ id: idText }).nullish(),
  priority: z.object({ summary: text.nullish() }).nullish(),
  urgency: text.nullish(),
  incident_key: text.nullish(),
});

// incident.annotated carries an incident_note: the note's content plus a reference to its incident.
const noteSchema = z.object({
  content: text,
  incident: z.object({
    id: idText,
    summary: text.nullish(),
    html_url: text.nullish(),
  }),
});

/** Parses a PagerDuty V3 webhook delivery (`{"event": {…}}`) into alert signals. */
export function parsePagerDutyDelivery(raw: Buffer, _headers: Headers): ParseOutcome {
  const json = parseWebhookJson(raw);
  if (!json.ok) return { ok: false, reason: json.reason };
  const envelope = envelopeSchema.safeParse(json.value);
  if (!envelope.success) return { ok: false, reason: describeIssue(envelope.error, json.value) };
  const event = envelope.data.event;
  const deliveryId = event.id;
  const eventType = event.event_type;
  const handled = HANDLED.get(eventType);
  if (handled === undefined) return { ok: true, delivery: { deliveryId, eventType, signals: [] } };

  const timing = occurredAtSchema.safeParse(json.value);
  if (!timing.success) return { ok: false, reason: describeIssue(timing.error, json.value) };
  const occurredAt = isoTimestamp(timing.data.event.occurred_at);
  if (occurredAt === null) return { ok: false, reason: 'event.occurred_at is not a valid timestamp' };

  // Who acted is kept where Warroom uses it: who acknowledged a page.
  const actor = handled.action === 'acknowledged' ? { actor: agentOf(json.value) } : {};
  const common = { provider: 'pagerduty', action: handled.action, status: handled.status, occurredAt, ...actor } as const;
  let signal: AlertSignal;
  if (handled.action === 'annotated') {
    const note = noteSchema.safeParse(event.data);
    if (!note.success) return { ok: false, reason: describeIssue(note.error, event.data, 'event.data') };
    const incident = note.data.incident;
    signal = {
      ...common,
      groupingKey: incident.id,
      fingerprint: incident.id,
      title: title(incident.summary ?? '', incident.id),
      priority: null,
      serviceHints: { pagerdutyServiceId: null, tags: [], labels: {} },
      links: links(incident.html_url),
      note: noteText(note.data.content),
    };
  } else {
    const parsed = incidentSchema.safeParse(event.data);
    if (!parsed.success) return { ok: false, reason: describeIssue(parsed.error, event.data, 'event.data') };
    const incident = parsed.data;
    signal = {
      ...common,
      groupingKey: incident.id,
      fingerprint: incident.id,
      title: title(incident.title, incident.id),
      priority: nonEmpty(incident.priority?.summary) ?? nonEmpty(incident.urgency),
      // A drill's incident key is `warroom_drill:<run id>` (Events API dedup_key): the drill marker.
      serviceHints: { pagerdutyServiceId: incident.service?.id ?? null, tags: incident.incident_key?.startsWith(`${DRILL_MARKER}:`) ? [incident.incident_key] : [], labels: {} },
      links: links(incident.html_url),
      note: null,
      dedupKey: nonEmpty(incident.incident_key),
    };
  }
  return { ok: true, delivery: { deliveryId, eventType, signals: [signal] } };
}

/** The person who caused the event, when the agent is a user; their email is not in the webhook. */
function agentOf(json: unknown): ProviderPerson | null {
  const agent = agentSchema.safeParse(json);
  const a = agent.success ? agent.data.event.agent : null;
  if (!a || (a.type !== 'user_reference' && a.type !== 'user')) return null;
  return providerPerson({ providerUserId: a.id, name: cleanTitle(a.summary ?? '') });
}

function nonEmpty(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim().length === 0 ? null : value;
}

/** One line, at most TITLE_LIMIT code points; an empty title falls back to the incident id. */
function title(input: string, fallback: string): string {
  const cleaned = cleanTitle(input);
  return cleaned.length === 0 ? fallback : Array.from(cleaned).slice(0, TITLE_LIMIT).join('');
}

function noteText(input: string): string {
  return Array.from(cleanText(input)).slice(0, TEXT_MAX).join('');
}

// Links are shown to responders, never fetched; only web links are kept.
function links(url: string | null | undefined): string[] {
  if (url === null || url === undefined) return [];
  return url.length <= LINK_LIMIT && /^https?:\/\/\S+$/i.test(url) ? [url] : [];
}

function isoTimestamp(input: string): string | null {
  const ms = Date.parse(input);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
