import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RoomChanges } from '../../app/ports/room-changes.js';
import type { Clock, Logger } from '../../app/ports/runtime.js';
import { sendJson } from '../http/respond.js';

/** How often an open room page's stream asks PostgreSQL whether its incident changed. */
export const ROOM_POLL_MS = 1000;
/** A comment line this often keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;
/** Streams one process holds open at most; more are told to retry (each costs a query a second). */
const MAX_STREAMS = 500;

export interface RoomStreamWatch {
  readonly incidentId: number;
  /** The visitor's link expires then: the stream ends, and the page asks for a new link. */
  readonly until: Date;
  /** The room's state as the page draws it, read fresh. */
  readonly render: () => Promise<unknown>;
}

export interface RoomStreams {
  /** Answers with a server-sent-events stream: `state` now and after every change, until the link expires or the visitor leaves. */
  open(req: IncomingMessage, res: ServerResponse, watch: RoomStreamWatch): void;
  /** Ends every open stream (shutdown): the pages reconnect to another replica. */
  closeAll(): void;
  readonly size: number;
}

/**
 * Live updates of fallback room pages. Each stream polls its incident's change mark (version and
 * newest timeline event id) in PostgreSQL, so a change made through any replica, Slack or the API
 * reaches every page; only a changed mark costs a full read. A database outage skips rounds: the
 * stream stays open and catches up when PostgreSQL answers again.
 */
export function createRoomStreams(deps: { changes: RoomChanges; clock: Clock; log: Logger; pollMs?: number }): RoomStreams {
  const pollMs = deps.pollMs ?? ROOM_POLL_MS;
  const open = new Set<() => void>();

  return {
    get size() {
      return open.size;
    },
    closeAll() {
      for (const close of [...open]) close();
    },
    open(req, res, watch) {
      if (open.size >= MAX_STREAMS) return sendJson(res, 503, { error: 'too many room pages open on this replica; retry later' }, { 'retry-after': '5' });
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no', 'referrer-policy': 'no-referrer' });
      let lastMark: string | null = null;
      let lastWriteAt = deps.clock.now().getTime();
      let timer: NodeJS.Timeout | undefined;
      let closed = false;
      const write = (text: string) => {
        lastWriteAt = deps.clock.now().getTime();
        res.write(text);
      };
      const close = () => {
        if (closed) return;
        closed = true;
        clearTimeout(timer);
        open.delete(close);
        if (!res.writableEnded) res.end();
      };
      const end = (event: string) => {
        write(`event: ${event}\ndata: {}\n\n`);
        close();
      };
      const round = async () => {
        if (deps.clock.now() >= watch.until) return end('expired');
        const mark = await deps.changes.markOf(watch.incidentId);
        if (closed) return;
        if (mark === null) return end('gone');
        if (mark !== lastMark) {
          const state = await watch.render();
          if (closed) return;
          lastMark = mark;
          write(`id: ${mark}\nevent: state\ndata: ${JSON.stringify(state)}\n\n`);
        } else if (deps.clock.now().getTime() - lastWriteAt >= HEARTBEAT_MS) {
          write(': still here\n\n');
        }
      };
      const next = () => {
        round()
          .catch((err: unknown) => deps.log.debug({ err: err instanceof Error ? err.message : String(err) }, 'a room stream round failed; the next one retries'))
          .finally(() => {
            if (!closed) timer = setTimeout(next, pollMs).unref();
          });
      };
      open.add(close);
      req.once('close', close);
      next();
    },
  };
}
