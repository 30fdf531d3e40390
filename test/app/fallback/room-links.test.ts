import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { createRoomLinks, roomActor, ROOM_LINK_TTL_MS, type RoomPerson } from '../../../src/app/fallback/room-links.js';
import { createHmacSigner } from '../../../src/adapters/hmac/hmac-signer.js';
import { fallbackRoomAvailability, roomLinkSecret } from '../../../src/fallback-room-settings.js';

const SECRET = 'a-room-link-secret-of-at-least-32-chars';
const ADA: RoomPerson = { name: 'Ada Lovelace', slackUserId: null, provider: 'pagerduty' };
const ALICE: RoomPerson = { name: 'Alice Moreau', slackUserId: 'U0ALICE01', provider: null };

function linksAt(ms: number, secret = SECRET) {
  return createRoomLinks({ signer: createHmacSigner(secret), publicUrl: 'https://warroom.example.com', clock: { now: () => new Date(ms) } });
}
const T0 = Date.parse('2026-12-07T14:00:00Z');

void describe('room links', () => {
  void test('a link names its person and incident, lets them into that room for 12 hours by default, and no longer', () => {
    const issued = linksAt(T0).issue('INC-7', ADA);
    assert.equal(issued.expiresAt.getTime(), T0 + ROOM_LINK_TTL_MS);
    assert.equal(ROOM_LINK_TTL_MS, 12 * 3600_000);
    assert.equal(issued.url, `https://warroom.example.com/rooms/INC-7?t=${issued.token}`);
    assert.match(issued.token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'URL-safe as it is, nothing to escape');
    const [payload = '', signature] = issued.token.split('.');
    assert.equal(signature, createHmac('sha256', SECRET).update(`warroom-room-link.v1.${payload}`).digest('base64url'), 'HMAC-SHA256 of the labelled payload');
    const inside = linksAt(T0 + ROOM_LINK_TTL_MS - 1).check(issued.token, 'INC-7');
    assert.deepEqual(inside, { ok: true, person: ADA, expiresAt: issued.expiresAt });
    assert.deepEqual(linksAt(T0 + ROOM_LINK_TTL_MS).check(issued.token, 'INC-7'), { ok: false, reason: 'expired' });
  });

  void test('a Slack person acts as their Slack id (as Slack commands record them), a provider person by name', () => {
    const issued = linksAt(T0).issue('INC-7', ALICE, 60_000);
    const checked = linksAt(T0).check(issued.token, 'INC-7');
    assert.ok(checked.ok);
    assert.equal(roomActor(checked.person), 'U0ALICE01');
    assert.equal(roomActor(ADA), 'Ada Lovelace');
  });

  void test('a link replayed at another room, tampered with, signed with another key or malformed is refused', () => {
    const { token } = linksAt(T0).issue('INC-7', ADA);
    const [payload = '', signature = ''] = token.split('.');
    const links = linksAt(T0);
    assert.deepEqual(links.check(token, 'INC-8'), { ok: false, reason: 'other_incident' });
    assert.deepEqual(links.check(token, 'INC-70'), { ok: false, reason: 'other_incident' });
    // The payload rewritten to name another incident (or person), the signature kept: refused.
    const forged = Buffer.from(Buffer.from(payload, 'base64url').toString('utf8').replace('INC-7', 'INC-8')).toString('base64url');
    assert.deepEqual(links.check(`${forged}.${signature}`, 'INC-8'), { ok: false, reason: 'bad_signature' });
    const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'BB' : 'AA');
    assert.deepEqual(links.check(`${payload}.${flipped}`, 'INC-7'), { ok: false, reason: 'bad_signature' });
    assert.deepEqual(linksAt(T0, `${SECRET}-other`).check(token, 'INC-7'), { ok: false, reason: 'bad_signature' });
    for (const bad of ['', '.', payload, `${payload}.`, `${token}.x`, 'a.b.c', '%%%.%%%']) assert.equal(links.check(bad, 'INC-7').ok, false, JSON.stringify(bad));
  });

  void test('the signing key: WARROOM_ROOM_LINK_SECRET, else derived from WARROOM_API_TOKEN (never the token itself), else none', () => {
    assert.equal(roomLinkSecret('explicit-secret', 'api-token'), 'explicit-secret');
    const derived = roomLinkSecret(undefined, 'api-token');
    assert.ok(derived !== null && derived !== 'api-token' && !derived.includes('api-token'));
    assert.equal(roomLinkSecret(undefined, 'api-token'), derived, 'the same on every replica');
    assert.notEqual(roomLinkSecret(undefined, 'another-token'), derived);
    assert.equal(roomLinkSecret(undefined, undefined), null);
  });

  void test('the room is on with a public URL and a key, unless fallbackRoom.enabled is false', () => {
    const on = { publicUrl: 'https://w.example.com', linkSecret: SECRET };
    assert.deepEqual(fallbackRoomAvailability(on, { enabled: true }), { on: true });
    assert.deepEqual(fallbackRoomAvailability({ ...on, publicUrl: null }, { enabled: true }), { on: false, reason: 'not configured: set WARROOM_PUBLIC_URL' });
    assert.equal(fallbackRoomAvailability(on, { enabled: false }).on, false);
    assert.match(JSON.stringify(fallbackRoomAvailability({ ...on, linkSecret: null }, { enabled: true })), /WARROOM_ROOM_LINK_SECRET/);
  });
});
