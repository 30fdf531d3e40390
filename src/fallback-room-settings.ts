/**
 * `fallbackRoom` in warroom.yml (issue 23): Warroom's own page for an incident's room, for when
 * Slack is down. Kept beside config.ts so the settings there only name it.
 */
import { createHmac } from 'node:crypto';
import { z } from 'zod';

export interface FallbackRoomSettings {
  /** false turns the room off even when WARROOM_PUBLIC_URL is set; true (default) leaves it to the URL. */
  readonly enabled: boolean;
}

export const fallbackRoomSchema = z
  .strictObject({ enabled: z.boolean('must be true or false').default(true) }, 'must be a mapping such as { enabled: true }')
  .prefault({});

/** The room's environment: WARROOM_PUBLIC_URL and the key its links are signed with. */
export interface FallbackRoomEnv {
  /** The base URL of links to Warroom's own pages, without a trailing slash; null: the room is off. */
  readonly publicUrl: string | null;
  /** The HMAC key of room links; null when neither WARROOM_ROOM_LINK_SECRET nor WARROOM_API_TOKEN is set. */
  readonly linkSecret: string | null;
}

/**
 * WARROOM_ROOM_LINK_SECRET, else a key derived from WARROOM_API_TOKEN. Every replica already
 * shares the API token, so links made on one verify on all without one more secret to deploy; the
 * derivation (an HMAC with a fixed label) keeps the API token itself out of every link. Rotating the
 * API token then also ends every room link issued, which is what an operator rotating it wants.
 */
export function roomLinkSecret(explicit: string | undefined, apiToken: string | undefined): string | null {
  if (explicit !== undefined) return explicit;
  if (apiToken === undefined) return null;
  return createHmac('sha256', apiToken).update('warroom room links v1').digest('base64url');
}

export type FallbackRoomAvailability = { readonly on: true } | { readonly on: false; readonly reason: string };

/** Whether the room serves, and if not, why (what /readyz and the logs say). */
export function fallbackRoomAvailability(env: FallbackRoomEnv, settings: FallbackRoomSettings): FallbackRoomAvailability {
  if (!settings.enabled) return { on: false, reason: 'turned off (fallbackRoom.enabled: false)' };
  if (env.publicUrl === null) return { on: false, reason: 'not configured: set WARROOM_PUBLIC_URL' };
  if (env.linkSecret === null) return { on: false, reason: 'not configured: set WARROOM_ROOM_LINK_SECRET or WARROOM_API_TOKEN to sign room links' };
  return { on: true };
}
