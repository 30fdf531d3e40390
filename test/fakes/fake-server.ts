/**
 * The HTTP server every provider fake runs on: 127.0.0.1, a free port that stays the same across
 * stop() and start() (so a test can play an outage and the bot's configured URL still works), and
 * a 500 that names the fake if its handler throws.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeServer {
  readonly port: number;
  readonly listening: boolean;
  /** Stop listening and drop open connections: calls are refused. The fake's state is kept. */
  stop(): Promise<void>;
  /** Listen again on the same port. */
  start(): Promise<void>;
  /** Stop for good. */
  close(): Promise<void>;
}

export async function startFakeServer(
  name: string,
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  /** How the fake answers when its handler throws (default: a plain-text 500 naming the fake). */
  crashed: (res: ServerResponse, err: unknown) => void = (res, err) => {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(`${name} fake crashed: ${String(err)}`);
  },
): Promise<FakeServer> {
  let server: Server | null = null;
  let port = 0;
  let closed = false;

  function listen(onPort: number): Promise<void> {
    const s = createServer((req, res) => {
      handle(req, res).catch((err: unknown) => {
        if (!res.headersSent && !res.destroyed) crashed(res, err);
      });
    });
    s.keepAliveTimeout = 1000;
    return new Promise((resolve, reject) => {
      s.once('error', reject);
      s.listen(onPort, '127.0.0.1', () => {
        s.off('error', reject);
        server = s;
        port = (s.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  function shutdown(): Promise<void> {
    const s = server;
    if (s === null) return Promise.resolve();
    server = null;
    return new Promise((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  }

  await listen(0);
  return {
    get port() {
      return port;
    },
    get listening() {
      return server !== null;
    },
    stop: shutdown,
    async start() {
      if (closed) throw new Error(`${name} fake is closed`);
      if (server !== null) return;
      await listen(port);
    },
    async close() {
      closed = true;
      await shutdown();
    },
  };
}
