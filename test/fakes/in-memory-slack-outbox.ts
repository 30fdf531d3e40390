import { DependencyUnavailableError } from '../../src/app/ports/runtime.js';
import { type RoomSetupState, type RoomState, type SlackOutbox, type SlackTaskSpec } from '../../src/app/ports/room.js';

export interface InMemorySlackOutbox extends SlackOutbox {
  /** Tasks enqueued, per incident, in order. */
  readonly enqueued: { incidentId: number; task: SlackTaskSpec }[];
  /** The set-up state exactly as stored (the JSON text the database would hold). */
  storedSetup(incidentId: number): string | undefined;
  /** The `n`-th room-state write from now (saveSetup, saveMessage, markPinned) throws as if the database were down, and stores nothing. */
  failWrite(n: number): void;
  /** Room-state writes attempted so far (those that failed included). */
  readonly written: number;
}

type Message = RoomState['messages'] extends ReadonlyMap<string, infer M> ? M : never;

/**
 * The room state side of the Slack outbox in memory, for handler tests. The set-up state goes
 * through JSON as it does in PostgreSQL, so a handler that stored something JSON cannot hold
 * (a Set, a Date) is caught here too. Claiming and leases are the PostgreSQL outbox's business
 * (test/slack/room-worker-leases.test.ts): those methods are not simulated.
 */
export function createInMemorySlackOutbox(options: { createdAt?: Date } = {}): InMemorySlackOutbox {
  const setups = new Map<number, string>();
  const messages = new Map<number, Map<string, Message>>();
  const enqueued: InMemorySlackOutbox['enqueued'] = [];
  let writes = 0;
  let failAt = 0;
  /** Counts a write; throws when it is the one made to fail. */
  const write = () => {
    writes += 1;
    if (writes === failAt) throw new DependencyUnavailableError('database', new Error('injected: database down'));
  };
  const notHere = (what: string) => () => Promise.reject(new Error(`${what} is not simulated by the in-memory outbox`));
  const roomMessages = (incidentId: number) => messages.get(incidentId) ?? messages.set(incidentId, new Map()).get(incidentId)!;

  return {
    enqueued,
    storedSetup: (incidentId) => setups.get(incidentId),
    failWrite: (n) => (failAt = writes + n),
    get written() {
      return writes;
    },
    enqueue(incidentId, tasks) {
      for (const task of tasks) enqueued.push({ incidentId, task });
      return Promise.resolve();
    },
    enqueueWithoutIncident(tasks) {
      for (const task of tasks) enqueued.push({ incidentId: 0, task });
      return Promise.resolve();
    },
    claimNext: notHere('claimNext'),
    renewLease: notHere('renewLease'),
    complete: notHere('complete'),
    retryLater: notHere('retryLater'),
    failed: notHere('failed'),
    countFailing: () => Promise.resolve(0),
    rateLimitedUntil: () => Promise.resolve(null),
    setRateLimit: () => Promise.resolve(),
    roomState: (incidentId) =>
      Promise.resolve({ setup: JSON.parse(setups.get(incidentId) ?? '{}') as RoomSetupState, messages: new Map(roomMessages(incidentId)) }),
    saveSetup(incidentId, setup) {
      write();
      setups.set(incidentId, JSON.stringify(setup));
      return Promise.resolve();
    },
    saveMessage(incidentId, purpose, channelId, ts, postedAt) {
      write();
      const earlier = roomMessages(incidentId).get(purpose);
      roomMessages(incidentId).set(purpose, { channelId, ts, postedAt, pinned: earlier?.pinned ?? false });
      return Promise.resolve();
    },
    markPinned(incidentId, purpose) {
      write();
      const message = roomMessages(incidentId).get(purpose);
      if (message) roomMessages(incidentId).set(purpose, { ...message, pinned: true });
      return Promise.resolve();
    },
    resetRoom(incidentId, channelId) {
      write();
      for (const [purpose, message] of roomMessages(incidentId)) if (message.channelId === channelId) roomMessages(incidentId).delete(purpose);
      const { commanderChecked, skipped } = JSON.parse(setups.get(incidentId) ?? '{}') as RoomSetupState;
      setups.set(incidentId, JSON.stringify({ commanderChecked, skipped }));
      return Promise.resolve();
    },
    taskCreatedAt: () => Promise.resolve(options.createdAt ?? new Date(0)),
  };
}
