import type { IncomingMessage } from 'node:http';
import type { RoomLinks, RoomPerson } from '../../app/fallback/room-links.js';
import type { Clock, Logger } from '../../app/ports/runtime.js';

/** The name of the cookie that carries a room link after the first visit. */
export const ROOM_COOKIE = 'warroom_room';

export interface RoomVisitor {
  readonly person: RoomPerson;
  readonly expiresAt: Date;
  /** The link came in the URL (`?t=`): the answer hands it over as a cookie. */
  readonly fromUrl: boolean;
  readonly token: string;
}

/** 401: no link at all; 403: a link that does not open this room now. Either way the visitor learns nothing of the incident. */
export type RoomAdmission = { readonly ok: true; readonly visitor: RoomVisitor } | { readonly ok: false; readonly status: 401 | 403 };

export interface RoomAccess {
  admit(req: IncomingMessage, ref: string): RoomAdmission;
  /** The Set-Cookie that keeps `visitor`'s link for this room's requests only, until it expires. */
  cookieFor(ref: string, visitor: RoomVisitor): string;
  /**
   * CSRF: a room action must come from a page of this Warroom. Browsers send `Origin` on every
   * POST made by fetch, so one that lacks it, or names another site, is refused; the cookie being
   * SameSite=Strict already keeps it off cross-site requests, this holds even where it would not.
   */
  sameOrigin(req: IncomingMessage): boolean;
}

/**
 * How a visitor gets into a room. The link arrives as `?t=<token>` (a page text or SMS can carry
 * only a URL) and the page answer turns it into an HttpOnly, SameSite=Strict cookie scoped to
 * `/rooms/<ref>`; the page script then drops `?t=` from the address bar (history.replaceState) and
 * every answer says `Referrer-Policy: no-referrer`, so the token stays out of history, referrers
 * and every later request line. Why not a `#fragment` sent as a header: the live updates use
 * EventSource, which cannot send headers, and the page itself could then not be refused to a
 * visitor without a link. Why no redirect to drop `?t=`: a link opened from a pager app or mail is
 * a cross-site navigation, and browsers keep SameSite=Strict cookies off the whole redirect chain
 * it starts, so the redirected page would arrive without the cookie just set.
 */
export function createRoomAccess(deps: { links: RoomLinks; publicUrl: string; clock: Clock; log: Logger }): RoomAccess {
  const publicUrl = new URL(deps.publicUrl);
  const basePath = publicUrl.pathname.replace(/\/+$/, '');
  const secure = publicUrl.protocol === 'https:';
  return {
    admit(req, ref) {
      const fromUrl = tokenInUrl(req);
      const token = fromUrl ?? tokenInCookie(req);
      if (token === null) return { ok: false, status: 401 };
      const checked = deps.links.check(token, ref);
      if (!checked.ok) {
        // The reason helps an operator help a responder; the token itself is never logged.
        deps.log.info({ room: ref.slice(0, 40), reason: checked.reason }, 'a room link was refused');
        return { ok: false, status: 403 };
      }
      return { ok: true, visitor: { person: checked.person, expiresAt: checked.expiresAt, fromUrl: fromUrl !== null, token } };
    },
    cookieFor(ref, visitor) {
      const maxAge = Math.max(0, Math.floor((visitor.expiresAt.getTime() - deps.clock.now().getTime()) / 1000));
      const attributes = [`Path=${basePath}/rooms/${encodeURIComponent(ref)}`, `Max-Age=${maxAge}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])];
      return [`${ROOM_COOKIE}=${visitor.token}`, ...attributes].join('; ');
    },
    sameOrigin(req) {
      return req.headers.origin === publicUrl.origin;
    },
  };
}

function tokenInUrl(req: IncomingMessage): string | null {
  const t = new URL(req.url ?? '/', 'http://localhost').searchParams.get('t');
  return t === null || t === '' ? null : t;
}

function tokenInCookie(req: IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    const token = value.join('=');
    if (name === ROOM_COOKIE && token !== '') return token;
  }
  return null;
}
