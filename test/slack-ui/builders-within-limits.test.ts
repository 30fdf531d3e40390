/**
 * Generated inputs for every Block Kit builder: long, unicode and markup-heavy strings, many items,
 * drawn from the project's seeded generator. Each result is checked by the workspace's own rules
 * (the code the Slack fake and the sandbox refuse with), so there is one definition of "inside
 * Slack's limits". Room messages are checked as posted: split into parts, each part rendered.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AlertSummary, IncidentAlerts } from '../../src/core/alert.js';
import type { Incident } from '../../src/core/incident.js';
import type { RoomMessage } from '../../src/core/room-message.js';
import { SEVERITIES } from '../../src/core/severity.js';
import { STATUSES } from '../../src/core/status.js';
import { TIMELINE_KINDS, type TimelineEvent } from '../../src/core/timeline.js';
import { mulberry32 } from '../../src/sandbox/seeded-random.js';
import { checkMessageBlocks, checkView } from '../../src/sandbox/slack-workspace/block-kit-rules.js';
import { helpMessage } from '../../src/slack-ui/messages/help-message.js';
import { incidentListMessage } from '../../src/slack-ui/messages/incident-list-message.js';
import { renderRoomMessage } from '../../src/slack-ui/render-room-message.js';
import { roomMessageParts } from '../../src/slack-ui/room-message-parts.js';
import { appHome } from '../../src/slack-ui/views/app-home.js';
import { declareModal } from '../../src/slack-ui/views/declare-modal.js';
import { noteModal } from '../../src/slack-ui/views/note-modal.js';
import { roleModal } from '../../src/slack-ui/views/role-modal.js';
import { updateModal } from '../../src/slack-ui/views/update-modal.js';

const SEED = Number(process.env.LIMITS_SEED ?? 18);
const ROUNDS = 24;

/** Pieces that stress a limit: entities that grow fivefold, surrogate pairs, combining marks, mentions, links. */
const PIECES = ['&', '<', '>', '<!channel>', '<@U0ALICE01>', '<https://e.x|click>', '*bold*', '_', '`', '\n', '🔥', '👩‍👩‍👧', 'é', 'e\u0301', 'מ', '​', ' ', 'a', 'word '];

function generator(seed: number) {
  const random = mulberry32(seed);
  const int = (max: number) => Math.floor(random() * (max + 1));
  const pick = <T>(items: readonly T[]): T => items[int(items.length - 1)] as T;
  /** Any length up to 10 000 pieces; `text(true)` for one of many items, up to 300 (the lists are long already). */
  const text = (item = false): string => {
    const length = pick(item ? [1, 20, 75, 151, 300] : [0, 1, 20, 75, 151, 300, 3001, 10_000]);
    let out = '';
    for (let i = 0; i < length; i++) out += pick(PIECES);
    return out.length > 0 ? out : 'x';
  };
  const many = <T>(make: (i: number) => T, max: number): T[] => Array.from({ length: pick([0, 1, 5, 60, max]) }, (_, i) => make(i));
  return { random, int, pick, text, many };
}
type Gen = ReturnType<typeof generator>;

function incident(g: Gen, id: number): Incident {
  const at = new Date(Date.UTC(2026, 10, 23, 10, 0, 0) + g.int(10_000_000));
  const user = () => g.pick(['U0ALICE01', 'U0BOB0002', null, g.text()]);
  return {
    id,
    ref: `INC-${id}`,
    title: g.text(),
    description: g.pick([null, g.text(), 'd'.repeat(4000)]),
    status: g.pick(STATUSES),
    severity: g.pick(SEVERITIES),
    services: g.many(() => g.text(true), 300),
    drill: g.random() < 0.3,
    channelId: g.pick(['C0INCIDENT', null]),
    channelName: g.pick([null, g.text()]),
    roles: { commander: user(), comms: user(), scribe: user(), ops: user() },
    scope: null,
    declaredBy: 'U0ALICE01',
    createdAt: at,
    updatedAt: at,
    resolvedAt: g.pick([null, at]),
    version: 1,
  };
}

function alerts(g: Gen): IncidentAlerts {
  const recent = g.many((): AlertSummary => ({ provider: g.text(true), key: g.text(true), status: g.pick(['firing', 'acknowledged', 'resolved'] as const), title: g.text(true) }), 300);
  return { recent, counts: { firing: g.int(300), acknowledged: g.int(300), resolved: g.int(300) }, lastAlertAt: '2026-11-23T10:02:30Z' };
}

function events(g: Gen, count: number): TimelineEvent[] {
  return Array.from({ length: count }, (_, i) => ({ at: new Date(Date.UTC(2026, 10, 23) + i * 7_000), kind: g.pick(TIMELINE_KINDS), actor: g.pick(['U0ALICE01', 'warroom', g.text(true)]), text: g.text(true), data: {} }));
}

/** Call links by round, drawn without the generator so its sequence (and every other message) stays as it was. */
const BRIDGE_URLS = [null, `https://meet.example.com/${'a'.repeat(2976)}`, `https://meet.example.com/${PIECES.join('')}`, `not a url ${PIECES.join('').repeat(300)}`];

/** One of every room message, with generated content. */
function roomMessages(g: Gen, i: Incident): RoomMessage[] {
  const scope = { classification: 'regional' as const, failingRatio: g.random(), regions: g.many(() => ({ name: g.text(true), failingRatio: g.random() }), 200), services: g.many(() => ({ name: g.text(true), failingRatio: g.random() }), 200), source: 'prometheus' as const, at: '2026-11-23T10:05:00Z' };
  return [
    { kind: 'summary', incident: i, alerts: alerts(g), runbook: g.pick([null, `https://runbooks.example.com/${g.text()}`, g.text()]), dashboards: g.many(() => `https://grafana.example.com/d/${g.text(true)}`, 300), allAlertsResolved: g.random() < 0.5, paging: g.pick([[], g.many(() => ({ provider: g.text(), sentAt: new Date(1_700_000_000_000 + g.int(1e9)), acknowledgedAt: g.pick([null, new Date(1_700_000_000_000)]) }), 50)]), scopeHeadline: g.pick([null, g.text()]), bridgeUrl: BRIDGE_URLS[i.id % BRIDGE_URLS.length] },
    { kind: 'announcement', incident: i },
    { kind: 'new_alerts', ref: i.ref, count: g.int(300), titles: g.many(() => g.text(true), 300) },
    { kind: 'timeline', incident: i, events: events(g, g.pick([0, 3, 300, 3000])) },
    { kind: 'stakeholder_update', incident: i, text: g.text(), by: g.pick(['U0ALICE01', g.text()]), at: i.createdAt },
    { kind: 'stakeholder_update', incident: i, text: g.text(), by: g.text(), at: i.createdAt, delayed: true },
    { kind: 'outage_digest', incident: i, from: i.createdAt, to: i.createdAt, events: events(g, g.pick([1, 3, 300, 3000])) },
    { kind: 'update_reminder', incident: i, cadenceMinutes: 30, dueAt: i.createdAt },
    { kind: 'commander_reminder', incident: i },
    { kind: 'scope_card', incident: i, scope, reason: g.pick([null, g.text()]), suggestion: g.pick([null, 'SEV1'] as const) },
    { kind: 'checks', incident: i, results: g.many(() => ({ name: g.text(true), holds: g.pick([true, false, null]), value: g.pick([null, 3]), error: g.pick([null, g.text(true)]), measured: g.pick([undefined, { services: g.many(() => g.text(true), 50), fallback: g.pick([null, 'no_services', 'not_configured_for_services'] as const) }]) }), 100) },
    { kind: 'postmortem', incident: i, markdown: g.many(() => g.text(true), 300).join('\n') },
    { kind: 'drill_scorecard', incident: i, scorecard: { ref: i.ref, declaredAt: i.createdAt, entries: [{ step: 'channel', label: 'Channel created', ms: 1200 }] } },
  ] as RoomMessage[];
}

/** Text objects (plain_text, mrkdwn) whose escaping was cut: an `&` that starts no entity. */
function brokenEntities(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(brokenEntities);
  if (typeof node !== 'object' || node === null) return [];
  const { type, text } = node as { type?: unknown; text?: unknown };
  if ((type === 'mrkdwn' || type === 'plain_text') && typeof text === 'string') {
    const bad = /&(?!amp;|lt;|gt;)/.exec(text);
    return bad ? [text.slice(Math.max(0, bad.index - 20), bad.index + 20)] : [];
  }
  return Object.values(node).flatMap(brokenEntities);
}

const refusal = (what: string, blocks: unknown[]): string | null => {
  const refused = checkMessageBlocks(JSON.parse(JSON.stringify(blocks)) as unknown[]);
  return refused && `${what}: ${refused.error} ${refused.messages.slice(0, 3).join('; ')}`;
};

test(`every room message, as posted (parts rendered), is one Slack takes: ${ROUNDS} generated rounds from seed ${SEED}`, () => {
  const problems: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const g = generator(SEED * 1000 + round);
    for (const message of roomMessages(g, incident(g, round + 1))) {
      const parts = roomMessageParts(message);
      assert.ok(parts.length >= 1);
      parts.forEach((part, p) => {
        const { text, blocks } = renderRoomMessage(part);
        const found = refusal(`round ${round} ${message.kind} part ${p + 1}`, blocks);
        if (found) problems.push(found);
        for (const broken of brokenEntities(blocks)) problems.push(`round ${round} ${message.kind}: an entity cut in half near ${JSON.stringify(broken)}`);
        if (text.length === 0 || text.length > 40_000) problems.push(`round ${round} ${message.kind}: fallback text of ${text.length}`);
      });
    }
  }
  assert.deepEqual(problems, []);
});

// Found by seeds other than 18 (half of seeds 1–24 failed): an author that is not a user id went into the
// context line unbounded, and 10 000 escaped characters took the message past msg_blocks_too_long.
test('a stakeholder update by an author that is not a user id is one Slack takes', () => {
  const g = generator(SEED);
  const at = new Date(Date.UTC(2026, 10, 23, 10));
  const by = '&<>'.repeat(3_400);
  const { text, blocks } = renderRoomMessage({ kind: 'stakeholder_update', incident: incident(g, 1), text: '&'.repeat(10_000), by, at });
  assert.equal(refusal('stakeholder_update', blocks), null);
  assert.deepEqual(brokenEntities(blocks), []);
  assert.ok(text.length > 0);
});

test(`/incident list, help, the App Home and every modal stay inside the limits: ${ROUNDS} generated rounds from seed ${SEED}`, () => {
  const problems: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const g = generator(SEED * 2000 + round);
    const incidents = Array.from({ length: g.pick([0, 1, 60, 120]) }, (_, i) => incident(g, i + 1));
    const note = (what: string, errors: readonly string[]) => {
      if (errors.length > 0) problems.push(`round ${round} ${what}: ${errors.slice(0, 3).join('; ')}`);
    };
    const noteMessage = (what: string, blocks: unknown[]) => note(what, [refusal(what, blocks) ?? ''].filter((r) => r !== ''));
    for (const page of [1, 2, 3, 99]) noteMessage(`list page ${page}`, incidentListMessage({ incidents, page }).blocks);
    noteMessage('help', helpMessage(g.many(() => ({ name: g.text(true), usage: g.text(true), where: g.pick(['anywhere', 'incident channel'] as const), description: g.text(true) }), 200)).blocks);
    note('app home', checkView(JSON.parse(JSON.stringify(appHome({ incidents: incidents.map((i) => ({ incident: i, alerts: alerts(g) })) }))), 'home'));
    // A ref is INC-<n>, but the views take any string: round 0 gives them one far too long.
    const ref = round === 0 ? 'R'.repeat(5000) : g.pick(['INC-1', g.text()]);
    const views = { declare: declareModal({ services: g.many(() => g.text(true), 300), initialTitle: g.text(), channelId: 'C0GENERAL' }), note: noteModal(ref), role: roleModal(ref), update: updateModal({ ref, draft: g.text(), stakeholderChannels: g.int(10) }) };
    for (const [name, view] of Object.entries(views)) note(`${name} modal`, checkView(JSON.parse(JSON.stringify(view)), 'modal'));
  }
  assert.deepEqual(problems, []);
});
