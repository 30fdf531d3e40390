import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Headers, ParseOutcome } from '../../app/ports/webhooks.js';
import type { AlertSignal } from '../../core/alert.js';
import { cleanTitle } from '../../core/clean-text.js';
import { truncateText } from '../../core/mrkdwn.js';
import { parseWebhookJson } from '../webhooks/parse-json.js';

export const ALERTMANAGER_MAX_ALERTS = 10_000;
export const ALERTMANAGER_TITLE_MAX = 500;
/** Keys longer than this are hashed: a unique index entry in Postgres must stay under ~2.7 kB. */
const KEY_MAX = 256;
const LINK_MAX = 2048;
const LONE_SURROGATE = /\p{Cs}/gu;
const NEEDS_CLEANING = /[\0\ud800-\udfff]/;

/**
 * The envelope is small and read once, so zod checks it; the alerts (up to 10 000 per delivery)
 * are checked by hand below, which keeps a full group well under the time budget.
 */
const Envelope = z.object({
  version: z.literal('4', { error: 'unsupported webhook version (Warroom reads Alertmanager webhook version "4")' }),
  groupKey: z.string({ error: 'a non-empty string is required' }).min(1, { error: 'a non-empty string is required' }),
  status: z.string({ error: 'a string is required' }),
  alerts: z
    .array(z.unknown(), { error: 'an array is required' })
    .max(ALERTMANAGER_MAX_ALERTS, { error: `more than ${ALERTMANAGER_MAX_ALERTS} alerts in one delivery` }),
  commonLabels: z.unknown().optional(),
  externalURL: z.unknown().optional(),
});

type Entries = [string, string][];

/** Postgres stores neither NUL nor lone surrogates; everything from the payload goes through here. */
function safeText(value: string): string {
  // One cheap scan first: most strings need nothing, and a group can hold 100 000 of them.
  if (!NEEDS_CLEANING.test(value)) return value;
  return value.replace(/\0/g, '').replace(LONE_SURROGATE, '\uFFFD');
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const ownValue = (record: Record<string, string>, key: string): string | undefined => (Object.hasOwn(record, key) ? record[key] : undefined);

const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? safeText(value) : undefined);

/** The string-valued entries of a label set; other values are dropped. */
function stringEntries(value: unknown): Entries {
  const out: Entries = [];
  if (!isRecord(value)) return out;
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (typeof v === 'string') out.push([safeText(key), safeText(v)]);
  }
  return out;
}

/** Alertmanager's own fingerprint hashes the label set; without one, do the same, order-independent. */
function labelsFingerprint(labels: Entries): string {
  const sorted = [...labels].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(sorted), 'utf8').digest('hex').slice(0, 16);
}

/** RFC 3339 (nanoseconds allowed); Go's zero time `0001-01-01T00:00:00Z` means "not set". */
function toIso(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms) || ms <= 0 || ms >= 253402300800000) return undefined;
  return new Date(ms).toISOString();
}

const webLink = (url: string | undefined): string | undefined =>
  url !== undefined && /^https?:\/\//i.test(url) && url.length <= LINK_MAX ? url : undefined;

function boundedKey(key: string): string {
  return key.length <= KEY_MAX ? key : `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

function firstTitle(candidates: readonly (string | undefined)[]): string {
  for (const candidate of candidates) {
    if (candidate === undefined) continue;
    const title = truncateText(cleanTitle(candidate), ALERTMANAGER_TITLE_MAX);
    if (title.length > 0) return title;
  }
  return 'Alertmanager alert';
}

/**
 * An Alertmanager `webhook_config` delivery (version 4) as one signal per alert. Alertmanager sends
 * no delivery id: the body's hash is one, so an identical re-send is a duplicate and any change in
 * the group's state is a new delivery.
 */
export function parseAlertmanagerDelivery(raw: Buffer, _headers: Headers, now: () => Date = () => new Date()): ParseOutcome {
  const json = parseWebhookJson(raw);
  if (!json.ok) return { ok: false, reason: json.reason };
  if (!isRecord(json.value)) return { ok: false, reason: 'the body must be a JSON object (an Alertmanager webhook payload)' };
  const parsed = Envelope.safeParse(json.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `${issue?.path.join('.') ?? 'body'}: ${issue?.message ?? 'invalid payload'}` };
  }
  const envelope = parsed.data;
  const groupingKey = boundedKey(safeText(envelope.groupKey));
  const commonLabels = stringEntries(envelope.commonLabels);
  const externalUrl = webLink(stringOf(envelope.externalURL));
  let receivedAt: string | undefined;
  const nowIso = (): string => (receivedAt ??= now().toISOString());

  const signals: AlertSignal[] = [];
  for (let i = 0; i < envelope.alerts.length; i++) {
    const alert = envelope.alerts[i];
    if (!isRecord(alert)) return { ok: false, reason: `alerts.${i}: an object is required` };
    const status = alert['status'];
    if (status !== 'firing' && status !== 'resolved') return { ok: false, reason: `alerts.${i}.status: "firing" or "resolved" is required` };

    const ownLabels = stringEntries(alert['labels']);
    // fromEntries defines own properties (a `__proto__` label stays a label); later entries win.
    const labels: Record<string, string> = Object.fromEntries(commonLabels.length === 0 ? ownLabels : [...commonLabels, ...ownLabels]);
    const annotations = alert['annotations'];
    const summary = isRecord(annotations) ? stringOf(annotations['summary']) : undefined;
    const fingerprint = stringOf(alert['fingerprint'])?.trim();
    const generatorUrl = webLink(stringOf(alert['generatorURL']));
    const links = generatorUrl === undefined ? [] : [generatorUrl];
    if (externalUrl !== undefined && externalUrl !== generatorUrl) links.push(externalUrl);
    const at = toIso(stringOf(status === 'firing' ? alert['startsAt'] : alert['endsAt']));

    signals.push({
      provider: 'alertmanager',
      groupingKey,
      fingerprint: fingerprint ? boundedKey(fingerprint) : labelsFingerprint(ownLabels),
      action: status === 'firing' ? 'triggered' : 'resolved',
      status,
      title: firstTitle([summary, ownValue(labels, 'alertname')]),
      priority: ownValue(labels, 'severity') ?? null,
      serviceHints: { pagerdutyServiceId: null, tags: [], labels },
      links,
      occurredAt: at ?? nowIso(),
      note: null,
    });
  }

  const deliveryId = `am:${createHash('sha256').update(raw).digest('hex')}`;
  return { ok: true, delivery: { deliveryId, eventType: truncateText(safeText(envelope.status), 200), signals } };
}
