/**
 * Incident types (issue 21) in the pure core and the room's settings: the type's runbooks are
 * offered first through the one runbook matcher, its cadence wins over the global one for its
 * severities only, its prefix and stakeholder channels win over the global ones, and the postmortem
 * names a configured type but never the implicit `default`.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { channelPrefixOf, stakeholderChannelsOf } from '../../src/app/room/room-settings.js';
import { cadenceMinutesOf } from '../../src/app/room/stakeholder-updates.js';
import type { Incident } from '../../src/core/incident.js';
import { DEFAULT_TYPE, type IncidentType } from '../../src/core/incident-type.js';
import { renderPostmortem } from '../../src/core/postmortem.js';
import { NO_ROLES } from '../../src/core/roles.js';
import { matchRunbooks, type Runbook } from '../../src/core/runbook-match.js';

const security: IncidentType = { ...DEFAULT_TYPE, name: 'security', channelPrefix: 'sec', stakeholderChannels: ['#security-leads'], updateCadence: { SEV1: 10 }, runbooks: ['leaked-credentials', 'runbooks/rotate.md'], default: false };
const TYPES = [security, { ...DEFAULT_TYPE, name: 'platform' }];

const T0 = new Date('2026-12-07T10:00:00.000Z');
const incident = (over: Partial<Incident> = {}): Incident => ({
  id: 7,
  ref: 'INC-7',
  title: 'Checkout 5xx',
  description: null,
  status: 'investigating',
  severity: 'SEV1',
  services: ['checkout'],
  drill: false,
  channelId: null,
  channelName: null,
  roles: NO_ROLES,
  scope: null,
  declaredBy: 'api',
  createdAt: T0,
  updatedAt: T0,
  resolvedAt: null,
  version: 1,
  ...over,
});

const runbook = (id: string, services: string[] = []): Runbook => ({ id, title: id, services, alerts: [], path: `runbooks/${id}.md`, url: null });

test('the type\'s runbooks come first (by id or path, in its order), then the usual service matches', () => {
  const all = [runbook('checkout', ['checkout']), runbook('leaked-credentials'), runbook('rotate'), runbook('unrelated')];
  const typed = matchRunbooks(all, { services: ['checkout'], alertTitles: [], title: 'Leaked key', typeRunbooks: security.runbooks });
  assert.deepEqual(typed.map((r) => r.id), ['leaked-credentials', 'rotate', 'checkout']);
  assert.deepEqual(matchRunbooks(all, { services: ['checkout'], alertTitles: [], title: 'x' }).map((r) => r.id), ['checkout'], 'without a type: as before');
});

test('a type\'s cadence wins for its severities only; prefix and stakeholder channels fall back to the global ones', () => {
  const settings = { severities: { SEV1: { updateEveryMinutes: 30 }, SEV2: { updateEveryMinutes: 60 }, SEV3: { updateEveryMinutes: 0 }, SEV4: { updateEveryMinutes: 0 } }, incidentTypes: TYPES };
  assert.equal(cadenceMinutesOf(settings, { severity: 'SEV1', type: 'security' }), 10);
  assert.equal(cadenceMinutesOf(settings, { severity: 'SEV2', type: 'security' }), 60, 'no SEV2 cadence on the type: the global one');
  assert.equal(cadenceMinutesOf(settings, { severity: 'SEV1', type: 'platform' }), 30);
  assert.equal(cadenceMinutesOf({ severities: settings.severities }, { severity: 'SEV1', type: 'security' }), 30, 'no types configured: the global one');

  const room = { channelPrefix: 'inc', stakeholderChannels: ['C0GLOBAL1'], services: {}, incidentTypes: TYPES };
  assert.equal(channelPrefixOf(room, incident({ type: 'security' })), 'sec');
  assert.deepEqual(stakeholderChannelsOf(room, incident({ type: 'security' })), ['#security-leads']);
  assert.equal(channelPrefixOf(room, incident({ type: 'platform' })), 'inc');
  assert.deepEqual(stakeholderChannelsOf(room, incident({ type: null })), ['C0GLOBAL1'], 'an incident from before types: the default type, the global channels');
});

test('the postmortem names a configured type, never the implicit default', () => {
  const typeLine = (type: string | null) => renderPostmortem({ incident: incident({ type }), events: [], alerts: [], scopeSnapshots: [] }).split('\n').filter((l) => l.startsWith('- Type:'));
  assert.deepEqual(typeLine('security'), ['- Type: security']);
  assert.deepEqual(typeLine('default'), []);
  assert.deepEqual(typeLine(null), []);
});
