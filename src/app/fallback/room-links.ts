import { isSlackUserId } from '../../core/slack-user-id.js';
import type { Clock } from '../ports/runtime.js';
import type { Signer } from '../ports/signer.js';

/** How long a room link lets its person in, unless the issuer says otherwise. */
export const ROOM_LINK_TTL_MS = 12 * 60 * 60_000;

/**
 * The one person a room link names: who the timeline says acted. A Slack user is named by their id
 * (as Slack commands name them; Slack renders the mention, readers elsewhere the captured name); a
 * person known only to a paging provider by the name the provider gave.
 */
export interface RoomPerson {
  readonly name: string;
  readonly slackUserId: string | null;
  /** The paging provider that knows them (`pagerduty`), when they came from one. */
  readonly provider: string | null;
}

/** The timeline's actor for what a link's person does. */
export function roomActor(person: RoomPerson): string {
  return person.slackUserId ?? person.name;
}

export interface IssuedRoomLink {
  readonly url: string;
  readonly token: string;
  readonly expiresAt: Date;
}

export type RoomLinkCheck = { readonly ok: true; readonly person: RoomPerson; readonly expiresAt: Date } | { readonly ok: false; readonly reason: 'malformed' | 'bad_signature' | 'expired' | 'other_incident' };

export interface RoomLinks {
  /** A link to `ref`'s room naming `person`, valid for `ttlMs` from now. */
  issue(ref: string, person: RoomPerson, ttlMs?: number): IssuedRoomLink;
  /** Whether `token` lets its person into `ref`'s room now; the reason is for logs, never for the visitor. */
  check(token: string, ref: string): RoomLinkCheck;
}

interface Payload {
  readonly v: 1;
  readonly ref: string;
  readonly exp: number;
  readonly name: string;
  readonly slack: string | null;
  readonly provider: string | null;
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;

/** Only a signed payload is read, so a failure here is Warroom's own bug or an old format: refused all the same. */
function readPayload(payload: string): Payload | null {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof json !== 'object' || json === null) return null;
  const p = json as Record<string, unknown>;
  const optional = (v: unknown) => v === null || isText(v);
  if (p.v !== 1 || !isText(p.ref) || !Number.isSafeInteger(p.exp) || !isText(p.name) || !optional(p.slack) || !optional(p.provider)) return null;
  return p as unknown as Payload;
}

// A label in what is signed: a signature made with the same key for anything else never passes as a room link.
const LABEL = 'warroom-room-link.v1.';

/**
 * Room links (issue 23): `<publicUrl>/rooms/<ref>?t=<payload>.<signature>` (HMAC-SHA256 in production). The payload carries
 * the incident, the person and the expiry, so any replica with the same key checks a link without
 * a table; the incident's ref is inside what is signed, so a link replayed at another room fails.
 * Nothing is stored: a link cannot be revoked alone before it expires (rotating the key ends all).
 */
export function createRoomLinks(deps: { signer: Signer; publicUrl: string; clock: Clock }): RoomLinks {
  return {
    issue(ref, person, ttlMs = ROOM_LINK_TTL_MS) {
      const expiresAt = new Date(deps.clock.now().getTime() + ttlMs);
      const body: Payload = { v: 1, ref, exp: expiresAt.getTime(), name: person.name, slack: person.slackUserId, provider: person.provider };
      const payload = Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
      const token = `${payload}.${deps.signer.sign(LABEL + payload)}`;
      return { url: `${deps.publicUrl}/rooms/${encodeURIComponent(ref)}?t=${token}`, token, expiresAt };
    },
    check(token, ref) {
      const [payload, signature, ...rest] = token.split('.');
      if (payload === undefined || signature === undefined || rest.length > 0 || payload === '') return { ok: false, reason: 'malformed' };
      if (!deps.signer.verifies(LABEL + payload, signature)) return { ok: false, reason: 'bad_signature' };
      const parsed = readPayload(payload);
      if (parsed === null) return { ok: false, reason: 'malformed' };
      if (parsed.ref !== ref) return { ok: false, reason: 'other_incident' };
      if (parsed.exp <= deps.clock.now().getTime()) return { ok: false, reason: 'expired' };
      const slackUserId = isSlackUserId(parsed.slack) ? parsed.slack : null;
      return { ok: true, person: { name: parsed.name, slackUserId, provider: parsed.provider }, expiresAt: new Date(parsed.exp) };
    },
  };
}
