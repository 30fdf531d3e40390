/**
 * `POST /webhooks/jira`: Jira Cloud's admin webhook (System › WebHooks), registered with a secret.
 * Since February 2024 Jira signs such deliveries WebSub-style, `X-Hub-Signature: sha256=<hex
 * HMAC-SHA256 of the raw body, keyed with the secret>`
 * (https://developer.atlassian.com/cloud/jira/platform/webhooks/#secure-admin-webhooks); it is checked
 * in constant time against JIRA_WEBHOOK_SECRET, and an unset secret refuses every delivery.
 *
 * An issue's state is its status category: `jira:issue_updated` whose changelog changes the status,
 * and `jira:issue_created`, report `issue.fields.status.statusCategory.key` (done or not) with the
 * acting user's display name. `jira:issue_deleted` and every other event change nothing here: a deleted
 * issue is not a done one, and the periodic check sees it gone.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Headers } from '../../app/ports/webhooks.js';
import type { TrackerStateChange, TrackerWebhookOutcome, TrackerWebhookSource } from '../../app/ports/issue-tracker.js';
import { describeIssue } from '../webhooks/describe-issue.js';
import { parseWebhookJson } from '../webhooks/parse-json.js';
import { safeText } from '../webhooks/safe-text.js';

const ONE_MIB = 1024 * 1024;
const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/** The lower-case hex signature Jira sends for `rawBody`: `sha256=<hex>`. */
export function jiraSignature(rawBody: Buffer | string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

function signatureBytes(headers: Headers): Buffer | null {
  const header = headers['x-hub-signature'];
  // One signature only: a repeated header is not something Jira sends.
  if (typeof header !== 'string') return null;
  const hex = SIGNATURE.exec(header.trim())?.[1];
  return hex === undefined ? null : Buffer.from(hex, 'hex');
}

const eventSchema = z.object({ webhookEvent: z.string().min(1) });
const issueEventSchema = z.object({
  user: z.object({ displayName: z.string().nullish() }).nullish(),
  issue: z.object({
    key: z.string().min(1),
    fields: z.object({ status: z.object({ statusCategory: z.object({ key: z.string().min(1) }) }) }),
  }),
  changelog: z.object({ items: z.array(z.object({ field: z.string().nullish(), fieldId: z.string().nullish() })).nullish() }).nullish(),
});

const STATE_EVENTS = new Set(['jira:issue_created', 'jira:issue_updated']);

export function parseJiraWebhook(rawBody: Buffer): TrackerWebhookOutcome {
  const json = parseWebhookJson(rawBody);
  if (!json.ok) return json;
  const event = eventSchema.safeParse(json.value);
  if (!event.success) return { ok: false, reason: describeIssue(event.error, json.value) };
  if (!STATE_EVENTS.has(event.data.webhookEvent)) return { ok: true, changes: [] };
  const parsed = issueEventSchema.safeParse(json.value);
  if (!parsed.success) return { ok: false, reason: describeIssue(parsed.error, json.value) };
  const { user, issue, changelog } = parsed.data;
  const statusChanged = (changelog?.items ?? []).some((item) => item.fieldId === 'status' || item.field === 'status');
  // An update that leaves the status alone (a comment, a new summary) says nothing about done.
  if (event.data.webhookEvent === 'jira:issue_updated' && !statusChanged) return { ok: true, changes: [] };
  const by = user?.displayName ? safeText(user.displayName) : null;
  const change: TrackerStateChange = { ref: safeText(issue.key), done: issue.fields.status.statusCategory.key === 'done', by };
  return { ok: true, changes: [change] };
}

export function createJiraWebhookSource(options: { readonly secret: string | null }): TrackerWebhookSource {
  const secret = options.secret ?? '';
  return {
    tracker: 'jira',
    bodyLimitBytes: ONE_MIB,
    authenticateHeaders: (headers) => secret.length > 0 && signatureBytes(headers) !== null,
    authenticate(headers, rawBody) {
      const signature = signatureBytes(headers);
      if (secret.length === 0 || signature === null) return false;
      return timingSafeEqual(createHmac('sha256', secret).update(rawBody).digest(), signature);
    },
    parse: (rawBody) => parseJiraWebhook(rawBody),
  };
}
