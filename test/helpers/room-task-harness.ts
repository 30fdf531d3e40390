import assert from 'node:assert/strict';
import { createCatchUps } from '../../src/app/room/catch-ups.js';
import { createChangeIncident } from '../../src/app/change-incident.js';
import type { IncidentStore } from '../../src/app/ports/incidents.js';
import type { RoomTask, SlackTaskKind, SlackTaskSpec } from '../../src/app/ports/room.js';
import { createRoomTaskContext } from '../../src/app/room/room-task-context.js';
import type { RoomTaskContext } from '../../src/app/room/room-task-handler.js';
import type { RoomSettings } from '../../src/app/room/room-settings.js';
import { decide } from '../../src/core/decide.js';
import { roomMessageParts } from '../../src/slack-ui/room-message-parts.js';
import type { Incident } from '../../src/core/incident.js';
import { createInMemoryChat, type InMemoryChat } from '../fakes/in-memory-chat.js';
import { createInMemoryIncidentStore } from '../fakes/in-memory-incident-store.js';
import { createInMemorySlackOutbox, type InMemorySlackOutbox } from '../fakes/in-memory-slack-outbox.js';
import { silentLogger, type RecordingLogger } from './silent-logger.js';

export const ON_CALL = 'U0ONCALL1';
export const DECLARER = 'U0DECLARE';
export const NOW = new Date('2026-12-06T10:00:00Z');

export const ROOM_SETTINGS: RoomSettings = {
  channelPrefix: 'inc',
  stakeholderChannels: ['C0STAKEHOLD'],
  services: { checkout: { runbook: 'https://runbooks.test/checkout', dashboards: ['https://grafana.test/d/checkout'] } },
};

/** A room task's ports, all in memory (as temporal's samples test workflows with fake activities), and one declared incident. */
export interface RoomHarness {
  readonly room: RoomTaskContext;
  readonly chat: InMemoryChat;
  readonly outbox: InMemorySlackOutbox;
  readonly store: IncidentStore;
  readonly log: RecordingLogger;
  readonly incident: Incident;
  /** A claim of `spec` on the harness's incident, as the outbox hands it to a handler (`attempts` > 1: a retry). */
  claim<K extends SlackTaskKind>(spec: SlackTaskSpec<K>, attempts?: number, id?: number): RoomTask<K>;
}

export async function roomHarness(options: { settings?: RoomSettings; postmortem?: string } = {}): Promise<RoomHarness> {
  const store = createInMemoryIncidentStore();
  const clock = { now: () => NOW };
  const declared = decide(null, { type: 'declare', id: await store.allocateId(), title: 'Checkout 5xx', severity: 'SEV2', services: ['checkout'], actor: DECLARER }, NOW);
  assert.ok(declared.ok);
  await store.insert(declared.incident, declared.events);
  const chat = createInMemoryChat();
  const outbox = createInMemorySlackOutbox();
  const log = silentLogger();
  const room = createRoomTaskContext({
    chat,
    messageParts: roomMessageParts,
    outbox,
    incidents: store,
    changeIncident: createChangeIncident({ store, clock }),
    settings: options.settings ?? ROOM_SETTINGS,
    findRunbooks: () => Promise.resolve([]),
    pagingStatus: () => Promise.resolve([]),
    findCommander: () => Promise.resolve(ON_CALL),
    postmortem: () => Promise.resolve(options.postmortem ?? '# Postmortem'),
    catchUp: createCatchUps({ store, settings: { severities: { SEV1: { updateEveryMinutes: 15 }, SEV2: { updateEveryMinutes: 30 }, SEV3: { updateEveryMinutes: 60 }, SEV4: { updateEveryMinutes: 0 } } }, clock }).forPerson,
    clock,
    log,
  });
  return {
    room,
    chat,
    outbox,
    store,
    log,
    incident: declared.incident,
    claim<K extends SlackTaskKind>(spec: SlackTaskSpec<K>, attempts = 1, id = 1): RoomTask<K> {
      // The outbox stores an absent payload as {}; the spec's own type pairs kind and payload.
      return { id, incidentId: declared.incident.id, attempts, failures: 0, incidentOpen: true, leaseToken: `lease-${attempts}`, kind: spec.kind, payload: spec.payload ?? {} } as RoomTask<K>;
    },
  };
}
