import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from '../../app/ports/runtime.js';
import { STARTING_MESSAGE } from '../http/until-started.js';

interface GateBody {
  type?: unknown;
  command?: unknown;
  user?: { id?: unknown } | undefined;
  channel?: { id?: unknown } | undefined;
  response_url?: unknown;
  view?: { blocks?: { type?: unknown; block_id?: unknown }[] } | undefined;
}

/**
 * Global Bolt middleware, first of all (before the replay guard, whose table may not exist yet):
 * until start-up has finished, nothing reaches a listener. The person is told so where they
 * acted — a slash command and a button get an ephemeral "Warroom is starting", a modal keeps its
 * values and shows the message on its first input — so they retry; nothing half-runs against a
 * half-migrated database. Events are acknowledged and dropped (Slack's retries of them are
 * duplicates by design), with a log line.
 */
export function untilStarted(started: () => boolean, log: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    if (started()) return args.next();
    const body = args.body as GateBody;
    const ack = 'ack' in args && typeof args.ack === 'function' ? (args.ack as (response?: unknown) => Promise<void>) : null;
    if (typeof body.command === 'string') {
      await ack?.({ response_type: 'ephemeral', text: STARTING_MESSAGE });
    } else if (body.type === 'view_submission') {
      const input = body.view?.blocks?.find((b) => b.type === 'input' && typeof b.block_id === 'string');
      await ack?.(input ? { response_action: 'errors', errors: { [String(input.block_id)]: STARTING_MESSAGE } } : undefined);
    } else if (body.type === 'block_actions') {
      await ack?.();
      await tellWhoClicked(args, body).catch((err: unknown) => log.warn({ err: err instanceof Error ? err.message : String(err) }, 'could not tell a user that Warroom is starting'));
    } else {
      await ack?.();
    }
    log.info({ type: typeof body.command === 'string' ? 'slash_command' : typeof body.type === 'string' ? body.type : 'event' }, 'a Slack request arrived while Warroom is starting; the user was asked to retry');
  };
}

/** A button has no answer body: say it through the message's response_url, else ephemerally in its channel. */
async function tellWhoClicked(args: AnyMiddlewareArgs, body: GateBody): Promise<void> {
  if (typeof body.response_url === 'string' && 'respond' in args && typeof args.respond === 'function') {
    await args.respond({ response_type: 'ephemeral', replace_original: false, text: STARTING_MESSAGE });
    return;
  }
  const client = (args as { client?: { chat: { postEphemeral(a: { channel: string; user: string; text: string }): Promise<unknown> } } }).client;
  const channel = body.channel?.id;
  const user = body.user?.id;
  if (client && typeof channel === 'string' && typeof user === 'string') await client.chat.postEphemeral({ channel, user, text: STARTING_MESSAGE });
}
