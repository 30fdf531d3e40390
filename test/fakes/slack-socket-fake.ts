/**
 * The tests' Slack Socket Mode server: a real WebSocket server (ws) on 127.0.0.1 speaking Slack's
 * Socket Mode protocol. Pass `socketMode: { appToken, url: () => socket.url }` to startSlackFake so
 * `apps.connections.open` hands out this server's URL (with a fresh `ticket` each time).
 *
 * Slack's side of the protocol: on connect it sends `hello`; every delivery is an envelope
 * `{ envelope_id, type: slash_commands | interactive | events_api, payload, accepts_response_payload }`
 * (events_api adds `retry_attempt` / `retry_reason`), which the app acknowledges by sending back
 * `{ envelope_id, payload? }`; it asks the app to reconnect with `{ type: 'disconnect', reason }`
 * (`refresh_requested`, `warning`, `link_disabled`) or simply drops the socket.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface SocketAck {
  readonly envelope_id: string;
  readonly payload?: Record<string, unknown>;
}

export interface EnvelopeOptions {
  /** Default: a new UUID. Give the same id again to redeliver an envelope. */
  readonly envelopeId?: string;
}

export interface SlackSocketFake {
  /** ws://127.0.0.1:PORT/link/ — what apps.connections.open answers (plus `?ticket=…`). */
  readonly url: string;
  /** Connections accepted so far (each one got a `hello`). */
  connections(): number;
  /** Resolves once `count` connections have been accepted and the last one is open. */
  connected(count: number, timeoutMs?: number): Promise<void>;
  /** Sends a slash command envelope on the open connection; resolves with the app's ack. */
  slashCommand(payload: Record<string, unknown>, options?: EnvelopeOptions): Promise<SocketAck>;
  /** Sends an interactive envelope (block_actions, view_submission…); resolves with the ack. */
  interactive(payload: Record<string, unknown>, options?: EnvelopeOptions): Promise<SocketAck>;
  /** Sends an events_api envelope around `payload` (an event_callback); resolves with the ack. */
  eventsApi(payload: Record<string, unknown>, options?: EnvelopeOptions & { retryAttempt?: number; retryReason?: string }): Promise<SocketAck>;
  /** Every ack received, in order. */
  acks(): SocketAck[];
  /** Slack drops the connection (close frame 1006-like: the server terminates it). */
  drop(): void;
  /** Slack asks the app to reconnect. */
  disconnect(reason: 'refresh_requested' | 'warning' | 'link_disabled'): void;
  close(): Promise<void>;
}

const ACK_TIMEOUT_MS = 10_000;

export async function startSlackSocketFake(): Promise<SlackSocketFake> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/link/' });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  let accepted = 0;
  let current: WebSocket | null = null;
  const received: SocketAck[] = [];
  const waiters: { check: () => boolean; resolve: () => void }[] = [];
  const notify = () => {
    for (const w of [...waiters]) {
      if (w.check()) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  const until = (what: string, check: () => boolean, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      if (check()) return resolve();
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`Slack socket fake: timed out waiting for ${what}`));
      }, timeoutMs);
      const waiter = { check, resolve: () => (clearTimeout(timer), resolve()) };
      waiters.push(waiter);
    });

  server.on('connection', (socket, req) => {
    const ticket = new URL(req.url ?? '/', 'ws://127.0.0.1').searchParams.get('ticket');
    // A real Socket Mode URL is single-use and comes from apps.connections.open.
    if (ticket === null) {
      socket.close(1008, 'missing ticket');
      return;
    }
    accepted += 1;
    current = socket;
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as SocketAck;
      if (typeof message.envelope_id === 'string') received.push(message);
      notify();
    });
    socket.on('close', () => {
      if (current === socket) current = null;
      notify();
    });
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: 1,
        debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: 'AFAKEAPP' },
      }),
    );
    notify();
  });

  async function deliver(envelope: Record<string, unknown> & { envelope_id: string }): Promise<SocketAck> {
    const socket = current;
    if (socket === null) throw new Error('Slack socket fake: no open connection to deliver on');
    const seen = received.filter((a) => a.envelope_id === envelope.envelope_id).length;
    socket.send(JSON.stringify(envelope));
    await until(`the ack of ${envelope.envelope_id}`, () => received.filter((a) => a.envelope_id === envelope.envelope_id).length > seen, ACK_TIMEOUT_MS);
    return received.filter((a) => a.envelope_id === envelope.envelope_id)[seen] as SocketAck;
  }

  return {
    url: `ws://127.0.0.1:${port}/link/`,
    connections: () => accepted,
    connected: (count, timeoutMs = 20_000) => until(`connection #${count}`, () => accepted >= count && current?.readyState === 1, timeoutMs),
    slashCommand: (payload, options = {}) =>
      deliver({ envelope_id: options.envelopeId ?? randomUUID(), type: 'slash_commands', accepts_response_payload: true, payload }),
    interactive: (payload, options = {}) =>
      deliver({ envelope_id: options.envelopeId ?? randomUUID(), type: 'interactive', accepts_response_payload: payload.type === 'view_submission', payload }),
    eventsApi: (payload, options = {}) =>
      deliver({
        envelope_id: options.envelopeId ?? randomUUID(),
        type: 'events_api',
        accepts_response_payload: false,
        retry_attempt: options.retryAttempt ?? 0,
        retry_reason: options.retryReason ?? '',
        payload,
      }),
    acks: () => [...received],
    drop: () => current?.terminate(),
    disconnect: (reason) => current?.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-fake' } })),
    close: async () => {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
