/**
 * The sandbox page's renderer (src/web/page/slack-text.js and block-kit.js, plain browser
 * scripts) run in a bare VM context: text objects show what Slack shows (the three entities
 * Slack decodes in every text object, emoji codes, channel names) and every emoji code Warroom's
 * Slack texts use is in the page's table. No browser needed.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { PAGE_DIR } from '../../src/web/static-page.js';

interface Renderer {
  text: {
    directory: { names: Record<string, string>; channels: Record<string, string> };
    EMOJI?: Record<string, string>;
    mrkdwn(text: string): string;
    plainText(text: string): string;
    textObject(t: { type: string; text: string }): string;
    emoji(html: string): string;
  };
  blockKit: { blockHtml(block: unknown, ctx: { ts: string }): string };
}

function loadRenderer(): Renderer {
  const window: Record<string, unknown> = {};
  for (const file of ['slack-text.js', 'block-kit.js']) runInNewContext(readFileSync(join(PAGE_DIR, file), 'utf8'), { window, encodeURIComponent });
  return window.WarroomPage as Renderer;
}

const page = loadRenderer();

void test('plain_text shows what Slack shows: &amp; &lt; &gt; decoded once, then escaped for HTML; other entities stay as written', () => {
  // What Warroom's plainText builder sends for the title `Checkout <b> & co`.
  const header = page.blockKit.blockHtml({ type: 'header', text: { type: 'plain_text', text: 'Checkout &lt;b&gt; &amp; co' } }, { ts: '' });
  assert.equal(header, '<div class="block"><h3>Checkout &lt;b&gt; &amp; co</h3></div>', 'the browser shows "Checkout <b> & co", no markup');
  assert.equal(page.text.plainText('&amp;lt; &quot;'), '&amp;lt; &amp;quot;', 'an escaped entity shows as written (&lt;), and only the three entities are decoded');
  assert.equal(page.text.textObject({ type: 'mrkdwn', text: 'A &amp; B &lt;b&gt;' }), 'A &amp; B &lt;b&gt;', 'mrkdwn decodes the same three');
});

void test('emoji codes render in selects and plain_text, as in Slack', () => {
  const select = page.blockKit.blockHtml(
    {
      type: 'actions',
      elements: [{ type: 'static_select', action_id: 'a', placeholder: { type: 'plain_text', text: ':bulb: Pick' }, options: [{ text: { type: 'plain_text', text: ':bulb: Hypothesis' }, value: 'h' }] }],
    },
    { ts: '1.2' },
  );
  assert.match(select, /<option value="h">💡 Hypothesis<\/option>/, 'the option shows the emoji');
  assert.match(select, /💡 Pick/, 'the placeholder shows the emoji');
  assert.equal(page.text.plainText(':no_such_emoji:'), ':no_such_emoji:', 'an unknown code stays as written');
});

void test('a channel link shows the channel’s name from the workspace, even without a label', () => {
  page.text.directory.channels = { C0UPDATES: 'incident-updates' };
  assert.match(page.text.mrkdwn('see <#C0UPDATES>'), />#incident-updates<\/a>/);
  assert.match(page.text.mrkdwn('see <#C0UNKNOWN|old-name>'), />#old-name<\/a>/, 'the label when the workspace does not know the channel');
});

/** Every `:code:` in the Slack texts Warroom builds (src/slack-ui). */
function emojiCodesInSlackUi(dir: string): Set<string> {
  const codes = new Set<string>();
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) for (const code of emojiCodesInSlackUi(path)) codes.add(code);
    else if (path.endsWith('.ts')) for (const m of readFileSync(path, 'utf8').matchAll(/:([a-z][a-z0-9_+-]*):/g)) codes.add(m[1] ?? '');
  }
  return codes;
}

void test('every emoji code Warroom’s Slack texts use is drawn by the page', () => {
  const missing = [...emojiCodesInSlackUi(join(PAGE_DIR, '../../slack-ui'))].filter((code) => page.text.emoji(`:${code}:`) === `:${code}:`);
  assert.deepEqual(missing, [], 'add these to EMOJI in src/web/page/slack-text.js');
});
