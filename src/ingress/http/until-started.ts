import type { Route } from './route.js';
import { sendJson } from './respond.js';

/** What a caller is told while Warroom is still starting (migrations, workers). */
export const STARTING_MESSAGE = 'Warroom is starting; try again in a few seconds';
const RETRY_AFTER_SECONDS = '5';

/**
 * Routes that need the schema and the workers answer 503 with Retry-After until start-up has
 * finished: every provider retries a 503, and a request never meets a half-migrated database
 * (before this, a webhook in that window got a 500 from "relation does not exist").
 */
export function untilStarted(routes: readonly Route[], started: () => boolean): Route[] {
  return routes.map((route) => ({
    ...route,
    handler: (req, res, params) => {
      if (started()) return route.handler(req, res, params);
      req.resume(); // the body is not read: drain it so the connection stays usable
      sendJson(res, 503, { error: STARTING_MESSAGE, code: 'warroom.starting' }, { 'retry-after': RETRY_AFTER_SECONDS });
      return Promise.resolve();
    },
  }));
}
