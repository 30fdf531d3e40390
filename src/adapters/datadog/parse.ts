import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Headers, ParseOutcome } from '../../app/ports/webhooks.js';
import type { AlertSignal, AlertStatus, SignalAction } from '../../core/alert.js';
import { cleanTitle } from '../../core/clean-text.js';
import { truncateText } from '../../core/mrkdwn.js';
import { parseWebhookJson } from '../webhooks/parse-json.js';

export const DATADOG_TITLE_MAX = 500;
/** Keys longer than this are hashed: a unique index entry in Postgres must stay under ~2.7 kB. */
const KEY_MAX = 256;
const LINK_MAX = 2048;

const LONE_SURROGATE = /\p{Cs}/gu;
/** A variable Datadog left as written (`$ALERT_CYCLE_KEY`) had no value for this event. */
const UNFILLED = /^\$[A-Z][A-Z0-9_]*$/;

/** Postgres stores neither NUL nor lone surrogates; everything from the payload goes through here. */
function safeText(value: string): string {
  return /[\0\ud800-\udfff]/.test(value) ? value.replace(/\0/g, '').replace(LONE_SURROGATE, '\uFFFD') : value;
}

/**
 * One template field. Datadog substitutes everything as a string; a hand-edited template may leave
 * numbers unquoted. A field of any other type is treated as absent rather than failing the whole
 * delivery: Datadog does not retry a 4xx, so a refusal loses the alert.
 */
const variable = z
  .union([z.string(), z.number()])
  .transform((v): string | undefined => {
    const s = safeText(String(v)).trim();
    return s.length === 0 || UNFILLED.test(s) ? undefined : s;
  })
  .optional()
  .catch(undefined);

/** The fields read from both the recommended template and Datadog's default one. */
const DatadogPayload = z.object({
  warroom_template: variable,
  id: variable,
  alert_id: variable,
  alert_cycle_key: variable,
  alert_transition: variable,
  alert_priority: variable,
  title: variable,
  body: variable,
  tags: variable,
  link: variable,
  hostname: variable,
  date: variable,
  last_updated: variable,
  event_type: variable,
});

interface Transition {
  readonly name: string;
  readonly action: SignalAction;
  readonly status: AlertStatus;
}

const firing = (name: string): Transition => ({ name, action: 'triggered', status: 'firing' });

/** `$ALERT_TRANSITION` values and `[…]` title prefixes (Datadog webhooks docs), by lower-case name. */
const TRANSITIONS = new Map<string, Transition>([
  ['triggered', firing('Triggered')],
  ['re-triggered', firing('Re-Triggered')],
  ['warn', firing('Warn')],
  ['re-warn', firing('Re-Warn')],
  ['no data', firing('No Data')],
  ['re-no data', firing('Re-No Data')],
  ['renotify', { name: 'Renotify', action: 'updated', status: 'firing' }],
  ['recovered', { name: 'Recovered', action: 'resolved', status: 'resolved' }],
]);

/** `Triggered`, or a multi-alert prefix such as `Triggered on {host:web-1}`. */
function transitionOf(token: string): Transition | undefined {
  const t = token.trim().toLowerCase().replace(/\s+/g, ' ');
  const exact = TRANSITIONS.get(t);
  if (exact !== undefined) return exact;
  for (const [key, transition] of TRANSITIONS) if (t.startsWith(`${key} on `)) return transition;
  return undefined;
}

const PRIORITY = /^P[1-5]$/i;
const BRACKET = /^\[([^\]]{0,500})\]\s*/;

interface TitleParts {
  readonly transition: Transition | undefined;
  readonly priority: string | null;
  readonly rest: string;
}

/** Peels `[P1]` and `[Triggered]` (in either order) off an event title; other brackets (`[TEST]`) stay. */
function splitTitle(title: string): TitleParts {
  let rest = title;
  let transition: Transition | undefined;
  let priority: string | null = null;
  for (;;) {
    const m = BRACKET.exec(rest);
    if (m === null) break;
    const token = (m[1] ?? '').trim();
    const asTransition = transition === undefined ? transitionOf(token) : undefined;
    if (priority === null && PRIORITY.test(token)) priority = token.toUpperCase();
    else if (asTransition !== undefined) transition = asTransition;
    else break;
    rest = rest.slice(m[0].length);
  }
  return { transition, priority, rest };
}

const MONITOR_ID = /\/monitors[#/](\d{1,20})/;
const MARKDOWN_URL = /\((https?:\/\/[^\s()]{1,2048})\)/g;

function monitorIdIn(text: string | undefined): string | undefined {
  return text === undefined ? undefined : MONITOR_ID.exec(text)?.[1];
}

/** The `[Monitor Status](https://app.datadoghq.com/monitors#123)` link of a default-template body. */
function monitorUrlIn(body: string | undefined): string | undefined {
  if (body === undefined) return undefined;
  let seen = 0;
  for (const m of body.matchAll(MARKDOWN_URL)) {
    const url = m[1] ?? '';
    if (MONITOR_ID.test(url)) return url;
    if (++seen >= 50) break;
  }
  return undefined;
}

const isWebLink = (url: string): boolean => /^https?:\/\//i.test(url) && url.length <= LINK_MAX;

/** Epoch milliseconds (`$DATE`, `$LAST_UPDATED`), epoch seconds, or an ISO 8601 string. */
function toIso(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let ms: number;
  if (/^\d{1,16}$/.test(value)) {
    const n = Number(value);
    ms = n < 1e11 ? n * 1000 : n;
  } else {
    ms = Date.parse(value);
  }
  if (!Number.isFinite(ms) || ms <= 0 || ms >= 253402300800000) return undefined;
  return new Date(ms).toISOString();
}

function splitTags(tags: string | undefined): string[] {
  const out = new Set<string>();
  for (const part of (tags ?? '').split(',')) {
    const tag = part.trim();
    if (tag.length > 0) out.add(tag);
  }
  return [...out];
}

function boundedKey(key: string): string {
  return key.length <= KEY_MAX ? key : `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

/**
 * A Datadog Webhooks-integration delivery, in Warroom's recommended template (it has
 * `warroom_template` or `alert_transition`) or Datadog's default one (`{body, last_updated,
 * event_type, title, date, org, id}`), as at most one signal. Events that are not monitor
 * transitions (no `[Triggered]`-style prefix, `$ALERT_TRANSITION` Null) are stored without signals.
 */
export function parseDatadogDelivery(raw: Buffer, _headers: Headers, now: () => Date = () => new Date()): ParseOutcome {
  const json = parseWebhookJson(raw);
  if (!json.ok) return { ok: false, reason: json.reason };
  const parsed = DatadogPayload.safeParse(json.value);
  if (!parsed.success) return { ok: false, reason: 'the body must be a JSON object (a Datadog webhook payload)' };
  const p = parsed.data;
  const recommended = p.warroom_template !== undefined || p.alert_transition !== undefined;

  const titleParts = splitTitle(cleanTitle(p.title ?? ''));
  const transition = p.alert_transition !== undefined ? transitionOf(p.alert_transition) : titleParts.transition;
  const transitionName = transition?.name ?? p.alert_transition;

  // Every notification of one alert cycle carries the same cycle key: keyed by it, a Renotify
  // repeated within the cycle is a duplicate delivery, while the cycle's Recovered is new.
  const deliveryKey =
    recommended && p.alert_cycle_key !== undefined && transitionName !== undefined ? `${p.alert_cycle_key}:${transitionName}` : p.id;
  if (deliveryKey === undefined) {
    return { ok: false, reason: 'the Datadog payload has no "id" ($ID), nor "alert_cycle_key" and "alert_transition"' };
  }
  const deliveryId = `dd:${boundedKey(deliveryKey)}`;
  const eventType = truncateText(transitionName ?? p.event_type ?? 'unknown', 200);
  if (transition === undefined) return { ok: true, delivery: { deliveryId, eventType, signals: [] } };

  const shortTitle = truncateText(titleParts.rest, DATADOG_TITLE_MAX);
  const groupingKey = boundedKey(p.alert_id ?? monitorIdIn(p.body) ?? monitorIdIn(p.link) ?? (shortTitle || deliveryKey));
  const fingerprint =
    p.alert_id === undefined ? groupingKey : boundedKey(p.hostname === undefined ? p.alert_id : `${p.alert_id}:${p.hostname}`);
  const alertPriority = p.alert_priority !== undefined && PRIORITY.test(p.alert_priority) ? p.alert_priority.toUpperCase() : null;
  const link = recommended ? p.link : monitorUrlIn(p.body);

  const signal: AlertSignal = {
    provider: 'datadog',
    groupingKey,
    fingerprint,
    action: transition.action,
    status: transition.status,
    title: shortTitle || 'Datadog alert',
    priority: alertPriority ?? titleParts.priority,
    serviceHints: { pagerdutyServiceId: null, tags: splitTags(p.tags), labels: {} },
    links: link !== undefined && isWebLink(link) ? [link] : [],
    occurredAt: toIso(p.last_updated) ?? toIso(p.date) ?? now().toISOString(),
    note: null,
  };
  return { ok: true, delivery: { deliveryId, eventType, signals: [signal] } };
}
