import type { ChangeIncident } from '../../../app/change-incident.js';
import type { IncidentQueries } from '../../../app/query-incidents.js';
import type { Incident } from '../../../core/incident.js';
import { escapeMrkdwn } from '../../../core/mrkdwn.js';
import { safeLink } from '../../../slack-ui/blocks/safe-link.js';
import { describeResult } from '../describe-result.js';

/** A link Slack shows as one (a long one as escaped text, which Slack still makes clickable). */
const shown = (url: string): string => safeLink(url, url, 200) ?? escapeMrkdwn(url);

/**
 * `/incident bridge [url]`: without a URL, the incident's call link (its own, else the configured
 * one); with one, the incident's link from now on. The summary and the bookmark follow through the
 * outbox; the timeline names who changed it.
 */
export async function bridgeReply(input: { url: string | null; incident: Incident; user: string; queries: IncidentQueries; changeIncident: ChangeIncident }): Promise<string> {
  const { incident } = input;
  if (input.url === null) {
    const url = input.queries.viewOf(incident).bridgeUrl ?? null;
    return url === null ? `${incident.ref} has no call link yet. Give it one: \`/incident bridge https://…\`` : `:telephone_receiver: Call link of *${incident.ref}*: ${shown(url)}`;
  }
  const changed = await input.changeIncident(incident.id, { type: 'set_bridge', url: input.url, actor: input.user });
  return describeResult(changed, (i) => `:telephone_receiver: The call link of *${i.ref}* is now ${shown(i.bridgeUrl ?? '')}. The summary and the bookmark follow.`);
}
