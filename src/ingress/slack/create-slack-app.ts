import { randomBytes } from 'node:crypto';
import type { RequestListener } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { Logger } from '../../app/ports/runtime.js';
import type { ReplayGuard } from '../../app/ports/chat.js';
import { toSafeHandler, type Route } from '../http/route.js';
import { boltLogger } from './bolt-logger.js';
import { replayCheck, replayProperties } from './replay-check.js';
import { refuseMalformedSlackSignatures } from './signature-format.js';
import { socketEnvelopeProperties, socketModeDedupe } from './socket-mode-dedupe.js';
import { untilStarted } from './until-started.js';

export interface SlackSettings {
  readonly botToken: string;
  /** Null in Socket Mode, which does not use it. */
  readonly signingSecret: string | null;
  readonly apiUrl: string;
  /** Set → Socket Mode: events arrive over a WebSocket instead of POST /slack/events. */
  readonly appToken: string | null;
}

export interface SlackApp {
  /** Null when Slack is off. Listeners are registered on it by the Slack ingress. */
  readonly app: App | null;
  /** Serves /slack/events (Bolt) and every custom route on one port. */
  readonly requestListener: RequestListener;
  /** Connects Socket Mode (no-op in HTTP mode). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * One Bolt app on Bolt's HTTPReceiver: /slack/events plus our routes as customRoutes (DESIGN §6).
 * With Slack off the receiver still serves the routes, and /slack/events refuses every request
 * because its signing secret is random and known to nobody.
 */
export function createSlackApp(options: {
  slack: SlackSettings | null;
  routes: readonly Route[];
  log: Logger;
  replayGuard?: ReplayGuard;
  /** False while Warroom is starting: commands and interactions are answered "starting" and not run. */
  started?: () => boolean;
}): SlackApp {
  const { slack, routes, log, replayGuard, started = () => true } = options;
  const logger = boltLogger(log);
  const socketMode = slack?.appToken ? { ...slack, appToken: slack.appToken } : null;
  const receiver = new HTTPReceiver({
    // Slack off or in Socket Mode: a secret known to nobody, so /slack/events refuses every request.
    signingSecret: (!socketMode && slack?.signingSecret) || randomBytes(32).toString('hex'),
    endpoints: '/slack/events',
    processBeforeResponse: false,
    logger,
    customRoutes: routes.map((route) => ({ path: route.path, method: route.method, handler: toSafeHandler(route, log) })),
    customPropertiesExtractor: replayProperties,
  });
  if (socketMode) {
    // Socket Mode: Slack's envelopes come over the WebSocket; the HTTP receiver keeps serving our
    // routes, and its /slack/events refuses everything (its signing secret is random).
    const routesOnly = new App({ receiver, logger, authorize: () => Promise.reject(new Error('Socket Mode')) });
    void routesOnly;
    const clientOptions = { slackApiUrl: socketMode.apiUrl };
    // Our own receiver (not Bolt's socketMode: true) to hand the envelope_id to the middleware.
    const socketReceiver = new SocketModeReceiver({
      appToken: socketMode.appToken,
      logger,
      // How the socket client's apps.connections.open reaches SLACK_API_URL (as Bolt does it).
      installerOptions: { clientOptions },
      customPropertiesExtractor: socketEnvelopeProperties,
    });
    const socketApp = new App({ receiver: socketReceiver, socketMode: true, token: socketMode.botToken, logger, clientOptions });
    // Same order as over HTTP: nothing runs while starting, then redelivered envelopes are dropped.
    socketApp.use(untilStarted(started, log));
    if (replayGuard) socketApp.use(socketModeDedupe(replayGuard, log));
    return {
      app: socketApp,
      requestListener: receiver.requestListener,
      start: async () => {
        await socketApp.start();
        log.info({}, 'Slack Socket Mode connected');
      },
      stop: () => socketApp.stop().then(() => undefined),
    };
  }
  const app = new App({
    receiver,
    logger,
    ...(slack
      ? { token: slack.botToken, clientOptions: { slackApiUrl: slack.apiUrl } }
      : { authorize: () => Promise.reject(new Error('Slack is off')) }),
  });
  // Before every listener: nothing runs while starting, and a replayed signed request is acknowledged and has no effect.
  if (slack) app.use(untilStarted(started, log));
  if (slack && replayGuard) app.use(replayCheck(replayGuard, log));
  return { app: slack ? app : null, requestListener: refuseMalformedSlackSignatures('/slack/events', receiver.requestListener), start: () => Promise.resolve(), stop: () => Promise.resolve() };
}
