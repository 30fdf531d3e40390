/**
 * POST /webhooks/<tracker> (issue 20): an issue tracker tells Warroom that a follow-up's issue was
 * closed or reopened. One route per configured TrackerWebhookSource (GitHub today; Jira plugs in the
 * same way): authenticate the headers before reading → read within the limit → verify the body →
 * parse → apply. 401 before parsing, 400 with the reason for a malformed body, 503 (the tracker
 * retries) when the database cannot take it, 200 otherwise (events Warroom does not act on too).
 */
import type { TrackerState } from '../../app/followups/tracker-state.js';
import type { TrackerName, TrackerWebhookSource } from '../../app/ports/issue-tracker.js';
import { readBody } from '../http/read-body.js';
import { sendJson, sendJsonUnread } from '../http/respond.js';
import type { Route } from '../http/route.js';

export function trackerWebhookRoutes(sources: Partial<Record<TrackerName, TrackerWebhookSource>>, state: Pick<TrackerState, 'apply'>): Route[] {
  return Object.values(sources).map(
    (source): Route => ({
      method: 'POST',
      path: `/webhooks/${source.tracker}`,
      handler: async (req, res) => {
        const unauthorized = { error: 'missing or invalid signature' };
        if (!source.authenticateHeaders(req.headers)) return sendJsonUnread(req, res, 401, unauthorized);
        // A body over the limit (413) and a database outage (503 + Retry-After) are answered by the route wrapper.
        const raw = await readBody(req, source.bodyLimitBytes);
        if (!source.authenticate(req.headers, raw)) return sendJson(res, 401, unauthorized);
        const parsed = source.parse(raw, req.headers);
        if (!parsed.ok) return sendJson(res, 400, { error: parsed.reason });
        const changed = await state.apply(source.tracker, parsed.changes);
        sendJson(res, 200, { status: 'ok', changes: parsed.changes.length, followUpsChanged: changed });
      },
    }),
  );
}
