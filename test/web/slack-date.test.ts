/** The sandbox page's rendering of Slack's `<!date^…>` (src/web/page/slack-date.js), run as the browser runs it. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { slackDate as slackDateToken } from '../../src/slack-ui/blocks/slack-date.js';

type Render = (target: string, fallback: string, now?: Date) => string;
const window: { slackDate?: Render } = {};
runInNewContext(readFileSync(new URL('../../src/web/page/slack-date.js', import.meta.url), 'utf8'), { window, Date, Object, String, Number, Math });
const render = window.slackDate as Render;

/** What the page gets from a message: the part between `<` and `|`, and the fallback. */
function split(token: string): [string, string] {
  const m = /^<([^|>]+)\|([^>]*)>$/.exec(token);
  assert.ok(m, token);
  return [m[1] ?? '', m[2] ?? ''];
}

const at = new Date('2026-11-23T10:02:30Z');
const local = (d: Date) => ({ ymd: `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`, hm: `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}` });

test('the tokens Warroom sends read in the browser’s own time zone, never as the UTC fallback or a mention', () => {
  const [target] = split(slackDateToken(at, 'time'));
  assert.equal(render(target, 'unused', at), local(at).hm);
  const [secs] = split(slackDateToken(at, 'timeSecs'));
  assert.equal(render(secs, 'unused', at), `${local(at).hm}:30`);
  const [dateTime] = split(slackDateToken(at, 'dateTime'));
  assert.equal(render(dateTime, 'unused', at), `today ${local(at).hm}`);
  assert.match(render(dateTime, 'unused', new Date(at.getTime() + 3 * 86_400_000)), /^[A-Z][a-z]{2} \d{1,2}, \d{4} \d\d:\d\d$/);
  const [day] = split(slackDateToken(at, 'day'));
  assert.equal(render(day, 'unused', new Date(at.getTime() + 86_400_000)), 'yesterday');
  assert.equal(render('!date^1795428150^{date_num}', 'unused'), local(at).ymd);
});

test('{ago} counts from now, so a message that is not edited stays true', () => {
  const [target] = split(slackDateToken(at, 'ago'));
  assert.equal(render(target, 'x', new Date(at.getTime() + 20_000)), 'just now');
  assert.equal(render(target, 'x', new Date(at.getTime() + 2 * 60_000)), '2 minutes ago');
  assert.equal(render(target, 'x', new Date(at.getTime() + 3_600_000)), '1 hour ago');
  assert.equal(render(target, 'x', new Date(at.getTime() + 3 * 86_400_000)), '3 days ago');
});

test('an unknown token or an unreadable timestamp shows the fallback, as Slack does', () => {
  assert.equal(render('!date^1795428150^{nonsense}', '10:02 UTC'), '10:02 UTC');
  assert.equal(render('!date^soon^{time}', '10:02 UTC'), '10:02 UTC');
  assert.equal(render('!date^1795428150', '10:02 UTC'), '10:02 UTC');
});
