/**
 * GitHub's webhook for follow-up state (issue 20): `X-Hub-Signature-256: sha256=<hex>`, the
 * HMAC-SHA256 of the raw body with GITHUB_WEBHOOK_SECRET, compared in constant time
 * (https://docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries). `issues` events
 * closed/reopened change a follow-up; `ping` (sent when the hook is created) and everything else
 * parse to no change.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { TrackerStateChange, TrackerWebhookOutcome, TrackerWebhookSource } from '../../app/ports/issue-tracker.js';
import type { Headers } from '../../app/ports/webhooks.js';
import { parseWebhookJson } from '../webhooks/parse-json.js';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;
/** GitHub caps webhook payloads at 25 MB; an `issues` event is a few kilobytes, so 1 MiB like the other webhooks. */
const BODY_LIMIT_BYTES = 1024 * 1024;

const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const issuesEvent = z.object({
  action: z.string(),
  issue: z.object({ number: z.number().int().positive() }),
  repository: z.object({ full_name: z.string().regex(/^[^/\s]+\/[^/\s]+$/) }),
  sender: z.object({ login: z.string() }).nullable().optional(),
});

function parseIssuesEvent(value: unknown): TrackerWebhookOutcome {
  const parsed = issuesEvent.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `not an issues event: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unexpected shape'}` };
  }
  const { action, issue, repository, sender } = parsed.data;
  if (action !== 'closed' && action !== 'reopened') return { ok: true, changes: [] };
  const change: TrackerStateChange = { ref: `${repository.full_name}#${issue.number}`, done: action === 'closed', by: sender?.login ?? null };
  return { ok: true, changes: [change] };
}

export function createGitHubWebhookSource(secret: string): TrackerWebhookSource {
  const key = Buffer.from(secret, 'utf8');
  return {
    tracker: 'github',
    bodyLimitBytes: BODY_LIMIT_BYTES,
    authenticateHeaders: (headers) => SIGNATURE.test(header(headers, 'x-hub-signature-256') ?? ''),
    authenticate(headers, rawBody) {
      const given = SIGNATURE.exec(header(headers, 'x-hub-signature-256') ?? '')?.[1];
      if (given === undefined) return false;
      const expected = createHmac('sha256', key).update(rawBody).digest();
      return timingSafeEqual(Buffer.from(given, 'hex'), expected);
    },
    parse(rawBody, headers) {
      const event = header(headers, 'x-github-event');
      if (event === undefined || event === '') return { ok: false, reason: 'the X-GitHub-Event header is missing' };
      const json = parseWebhookJson(rawBody);
      if (!json.ok) return { ok: false, reason: json.reason };
      return event === 'issues' ? parseIssuesEvent(json.value) : { ok: true, changes: [] };
    },
  };
}
