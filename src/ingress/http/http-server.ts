import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../../app/ports/runtime.js';
import { sendJson } from './respond.js';
import type { HttpTelemetry } from './telemetry.js';

export interface HttpServer {
  readonly server: Server;
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting, lets in-flight requests finish (up to `timeoutMs`), then closes the rest. */
  drain(timeoutMs: number): Promise<void>;
}

// Route labels for metrics: a fixed set, so that scanners cannot create unbounded series.
const ROUTE_LABELS: readonly [RegExp, string][] = [
  [/^\/slack\/events$/, '/slack/events'],
  [/^\/webhooks\/[a-z]+$/, '/webhooks/:provider'],
  [/^\/api\/incidents$/, '/api/incidents'],
  [/^\/api\/incidents\/[^/]+$/, '/api/incidents/:ref'],
  [/^\/api\/incidents\/[^/]+\/[a-z-]+$/, '/api/incidents/:ref/:view'],
  [/^\/rooms\/[^/]+$/, '/rooms/:ref'],
  [/^\/rooms\/[^/]+\/[a-z]+$/, '/rooms/:ref/:view'],
  [/^\/(healthz|readyz|metrics)$/, '/$1'],
];

function routeLabel(url: string | undefined): string {
  const path = (url ?? '/').split('?')[0] ?? '/';
  for (const [pattern, label] of ROUTE_LABELS) if (pattern.test(path)) return path.replace(pattern, label);
  return 'other';
}

/** The single HTTP server: request metrics, unmatched routes as 404 JSON, graceful drain. */
export function createHttpServer(listener: RequestListener, deps: { log: Logger; telemetry: HttpTelemetry }): HttpServer {
  const { log, telemetry } = deps;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    res.on('finish', () => {
      telemetry.requestFinished(routeLabel(req.url), req.method ?? 'GET', res.statusCode, (performance.now() - started) / 1000);
    });
    try {
      listener(req, res);
    } catch (err) {
      // Bolt throws HTTPReceiverDeferredRequestError for paths it does not serve.
      const deferred = (err as { code?: unknown } | null)?.code === 'slack_bolt_http_receiver_deferred_request_error';
      if (!deferred) log.error({ err: err instanceof Error ? err.message : String(err), url: req.url }, 'request dispatch failed');
      req.resume();
      if (!res.headersSent) sendJson(res, deferred ? 404 : 400, { error: deferred ? 'no such route' : 'bad request' });
    }
  });
  server.keepAliveTimeout = 5000;
  server.requestTimeout = 30_000;

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      }),
    drain: (timeoutMs) =>
      new Promise((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
