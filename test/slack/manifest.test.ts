/**
 * manifest.yml must list every command, event and scope the code uses, and no more. The "used"
 * sets are read from the source itself, so a new Web API call without its scope fails here.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { SUBCOMMANDS } from '../../src/ingress/slack/commands/parse-incident-command.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const manifest = parse(readFileSync(join(root, 'manifest.yml'), 'utf8'));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}
const code = sources(join(root, 'src')).join('\n');
const all = (pattern: RegExp) => new Set([...code.matchAll(pattern)].map((m) => m[1] ?? ''));

// The bot scope each Web API method and event needs (Slack's method and event reference).
const METHOD_SCOPES: Record<string, string[]> = {
  'auth.test': [],
  'bookmarks.add': ['bookmarks:write'],
  'bookmarks.edit': ['bookmarks:write'],
  'chat.getPermalink': [],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'conversations.create': ['channels:manage'],
  'conversations.invite': ['channels:manage'],
  'conversations.list': ['channels:read'],
  'conversations.members': ['channels:read'],
  'conversations.archive': ['channels:manage'],
  'conversations.replies': ['channels:history'],
  'conversations.history': ['channels:history'],
  'conversations.setPurpose': ['channels:manage'],
  'conversations.setTopic': ['channels:manage'],
  'files.completeUploadExternal': ['files:write'],
  'files.getUploadURLExternal': ['files:write'],
  'pins.add': ['pins:write'],
  'users.info': ['users:read'],
  'users.lookupByEmail': ['users:read.email'],
  'views.open': [],
  'views.publish': [],
};
const EVENT_SCOPES: Record<string, string[]> = {
  app_home_opened: [],
  channel_archive: ['channels:read'],
  channel_deleted: ['channels:read'],
  channel_unarchive: ['channels:read'],
  group_archive: ['groups:read'],
  group_deleted: ['groups:read'],
  group_unarchive: ['groups:read'],
  member_joined_channel: ['channels:read'],
  pin_added: ['pins:read'],
  reaction_added: ['reactions:read'],
};

/**
 * The same calls on a private channel need the groups:* scope instead (Slack's scope reference:
 * groups:write "manage private channels … and create new ones", groups:read, groups:history):
 * needed once the code creates private channels (conversations.create with is_private).
 */
const PRIVATE_CHANNEL_SCOPES: Record<string, string> = {
  'channels:manage': 'groups:write',
  'channels:read': 'groups:read',
  'channels:history': 'groups:history',
};
const createsPrivateChannels = /conversations\.create\(\{[^}]*is_private: true/.test(code);

const methods = all(/client\.([a-zA-Z]+\.[a-zA-Z]+)\(/g);
const events = all(/app\.event(?:<[^>]*>)?\('([a-z_]+)'/g);
const commands = all(/app\.command(?:<[^>]*>)?\('([^']+)'/g);

test('every Web API method and event the code uses has a known scope', () => {
  for (const m of methods) assert.ok(m in METHOD_SCOPES, `src calls ${m}: add it and its scope to this test and to manifest.yml`);
  for (const e of events) assert.ok(e in EVENT_SCOPES, `src listens to ${e}: add it and its scope to this test and to manifest.yml`);
  assert.ok(methods.size >= 10 && events.size >= 4, 'the source scan found the calls');
});

test('the manifest asks for exactly the scopes the code needs', () => {
  const channelScopes = [...[...methods].flatMap((m) => METHOD_SCOPES[m] ?? []), ...[...events].flatMap((e) => EVENT_SCOPES[e] ?? [])];
  const privateScopes = createsPrivateChannels ? channelScopes.flatMap((s) => PRIVATE_CHANNEL_SCOPES[s] ?? []) : [];
  const needed = new Set([...channelScopes, ...privateScopes, ...(commands.size > 0 ? ['commands'] : [])]);
  assert.deepEqual([...(manifest.oauth_config.scopes.bot as string[])].sort(), [...needed].sort());
});

test('private incident channels: the code creates them, so the groups:* scopes are needed', () => {
  assert.ok(createsPrivateChannels, 'src creates private channels (conversations.create with is_private: true)');
});

test('the manifest subscribes to exactly the events the code listens to', () => {
  assert.deepEqual([...(manifest.settings.event_subscriptions.bot_events as string[])].sort(), [...events].sort());
});

test('the manifest declares the slash commands the code handles, escaped, on /slack/events', () => {
  const declared = manifest.features.slash_commands as { command: string; url: string; should_escape: boolean }[];
  assert.deepEqual(declared.map((c) => c.command).sort(), [...commands].sort());
  for (const c of declared) {
    assert.match(c.url, /\/slack\/events$/);
    assert.equal(c.should_escape, true, 'user mentions must arrive as <@U…|name> for /incident ic');
  }
  assert.equal(manifest.settings.interactivity.is_enabled, true);
  assert.match(manifest.settings.interactivity.request_url, /\/slack\/events$/);
  assert.equal(manifest.features.app_home.home_tab_enabled, true, 'app_home_opened needs the Home tab');
});

test("/incident's usage hint names every subcommand of the help, in the help's order", () => {
  const hint = (manifest.features.slash_commands as { command: string; usage_hint: string }[]).find((c) => c.command === '/incident')?.usage_hint ?? '';
  assert.deepEqual(hint.split('|').map((part) => part.trim().split(/\s+/)[0]), SUBCOMMANDS.map((s) => s.name));
});
