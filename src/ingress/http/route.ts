import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../app/ports/runtime.js';
import { sendThrown } from './respond.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, params: Readonly<Record<string, string>>) => Promise<void>;

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** A path-to-regexp pattern as Bolt's customRoutes take it, e.g. `/api/incidents/:ref`. */
  readonly path: string;
  readonly handler: RouteHandler;
}

/**
 * Bolt calls custom-route handlers synchronously and ignores their promise: this wrapper makes
 * sure every failure still gets an answer (503, 413 or 500) and a log line, never a crash.
 */
export function toSafeHandler(route: Route, log: Logger): (req: IncomingMessage & { params?: Record<string, string | string[]> | undefined }, res: ServerResponse) => void {
  return (req, res) => {
    const params: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.params ?? {})) params[key] = Array.isArray(value) ? value.join('/') : value;
    route.handler(req, res, params).catch((err: unknown) => {
      const kind = sendThrown(res, err);
      const entry = { route: route.path, method: route.method, err: err instanceof Error ? err.message : String(err) };
      if (kind === 'internal') log.error({ ...entry, stack: err instanceof Error ? err.stack : undefined }, 'request failed');
      else log.warn(entry, kind === 'unavailable' ? 'request refused: dependency unavailable' : 'request refused: body too large');
    });
  };
}
