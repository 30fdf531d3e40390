/**
 * What a Slack client makes of what a person types before it reaches an app: `@alice` becomes a
 * mention of that workspace user and `#general` a link to that channel. In a message Slack also
 * escapes `&`, `<` and `>`, and a mention is `<@U…>`; in slash-command text (the manifest's
 * `should_escape: true`) a mention carries the handle, `<@U…|alice>`, which is what Warroom's
 * command parser reads. A name that matches nobody stays as typed, as in Slack.
 */
import type { WorkspaceChannel, WorkspaceUser } from './slack-workspace.js';

export interface TypedTextDirectory {
  readonly users: readonly WorkspaceUser[];
  readonly channels: readonly WorkspaceChannel[];
}

const escapeSlack = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The person whose handle, or first name, is `typed` (case-insensitive); bots are not mentioned this way. */
function userNamed(users: readonly WorkspaceUser[], typed: string): WorkspaceUser | undefined {
  const wanted = typed.toLowerCase();
  const people = users.filter((u) => !u.isBot);
  return people.find((u) => u.name?.toLowerCase() === wanted) ?? people.find((u) => u.realName?.split(' ')[0]?.toLowerCase() === wanted);
}

export function typedAsSlackSends(typed: string, directory: TypedTextDirectory, form: 'message' | 'command'): string {
  const text = form === 'message' ? escapeSlack(typed) : typed;
  return text.replace(/(^|[\s(])([@#])([a-z0-9](?:[a-z0-9._-]*[a-z0-9])?)/gi, (all, before: string, sigil: string, name: string) => {
    if (sigil === '@') {
      const user = userNamed(directory.users, name);
      if (!user) return all;
      return `${before}<@${user.id}${form === 'command' ? `|${user.name ?? name}` : ''}>`;
    }
    const channel = directory.channels.find((c) => !c.isIm && c.name === name.toLowerCase());
    return channel ? `${before}<#${channel.id}|${channel.name}>` : all;
  });
}
