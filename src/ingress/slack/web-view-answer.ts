import type { RoomLinks } from '../../app/fallback/room-links.js';

/**
 * What the summary's "Web view" answers the person who clicked it, only to them: their own link to
 * the incident's fallback room (it names them, so the timeline says who acted there), or why there is none.
 */
export function webViewAnswer(links: RoomLinks | null, ref: string, user: { id: string; name?: string | undefined }): { text: string; response_type: 'ephemeral' } {
  if (links === null) return { text: 'The web view is off: set WARROOM_PUBLIC_URL (and leave fallbackRoom.enabled on) to turn it on.', response_type: 'ephemeral' };
  const link = links.issue(ref, { name: user.name ?? user.id, slackUserId: user.id, provider: null });
  const until = `${link.expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return { text: `Your own link to the web view of ${ref} (it works when Slack does not; keep it to yourself, it acts as you until ${until}): ${link.url}`, response_type: 'ephemeral' };
}
