import type { webApi } from '@slack/bolt';
import { appHome } from '../../slack-ui/views/app-home.js';
import type { SlackIngressDeps } from './slack-ingress-deps.js';

/** Open incidents shown on the App Home (its 100-block limit is kept by the builder). */
const HOME_INCIDENTS = 50;

/**
 * Publishes `user`'s App Home from the open incidents: when they open it, and after they change
 * what it shows (a new room opened from it or with `/incident newroom`), so it never offers a new
 * room for one that has it. Bound to the user's action, so made at once, like views.open.
 */
export async function publishAppHome(client: webApi.WebClient, deps: Pick<SlackIngressDeps, 'queries' | 'visibility'>, user: string): Promise<void> {
  const open = await deps.queries.list({ status: 'open', limit: HOME_INCIDENTS });
  // Private incidents only for their channel's members: the Home shows titles, services and people.
  const visible = new Set(await deps.visibility.visibleTo(user, open.map((v) => v.incident)));
  await client.views.publish({ user_id: user, view: appHome({ incidents: open.filter((v) => visible.has(v.incident)) }) });
}
