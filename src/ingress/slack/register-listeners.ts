import type { App } from '@slack/bolt';
import { registerFollowUpActions } from './actions/follow-up-actions.js';
import { registerNewRoomAction } from './actions/new-room-action.js';
import { registerStatusPageActions } from './actions/statuspage-actions.js';
import { registerSummaryActions } from './actions/summary-actions.js';
import { registerIncidentCommand } from './commands/incident-command.js';
import { registerGoneRoomEvents } from './events/gone-room-events.js';
import { registerRoomEvents } from './events/room-events.js';
import type { SlackIngressDeps } from './slack-ingress-deps.js';
import { registerFollowUpSubmission } from './views/follow-up-submission.js';
import { registerModalSubmissions } from './views/modal-submissions.js';
import { registerStatusPageSubmission } from './views/statuspage-submission.js';

/** Every Slack listener, by surface: commands, actions, views, events. */
export function registerListeners(app: App, deps: SlackIngressDeps): void {
  registerIncidentCommand(app, deps);
  registerSummaryActions(app, deps);
  registerModalSubmissions(app, deps);
  registerRoomEvents(app, deps);
  registerGoneRoomEvents(app, deps);
  registerNewRoomAction(app, deps);
  registerFollowUpActions(app, deps);
  registerFollowUpSubmission(app, deps);
  registerStatusPageActions(app, deps);
  registerStatusPageSubmission(app, deps);
  app.error(async (err) => {
    deps.log.error({ err: err.message, code: (err as { code?: unknown }).code }, 'Slack listener failed');
    return Promise.resolve();
  });
}
