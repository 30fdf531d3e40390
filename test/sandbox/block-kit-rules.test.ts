import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkMessageBlocks, checkView } from '../../src/sandbox/slack-workspace/block-kit-rules.js';

const plain = (text: string) => ({ type: 'plain_text', text });
const button = (o: Record<string, unknown> = {}) => ({ type: 'button', action_id: 'go', text: plain('Go'), value: 'v', ...o });
const options = (n: number, text = 'option', value = (i: number) => `v${i}`) => Array.from({ length: n }, (_, i) => ({ text: plain(text), value: value(i) }));
const select = (o: Record<string, unknown>) => ({ type: 'static_select', action_id: 'pick', ...o });
const actions = (...elements: unknown[]) => [{ type: 'actions', elements }];
const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

/** The pointers Slack would name, or the error code alone when it gives none. */
function refusal(blocks: unknown[]): string | null {
  const refused = checkMessageBlocks(blocks);
  if (refused === null) return null;
  return refused.messages.length > 0 ? `${refused.error}: ${refused.messages.join('; ')}` : refused.error;
}

test('buttons: text 75, value 2 000, url 3 000, action_id 255 (each one over is invalid_blocks, at the limit is fine)', () => {
  assert.equal(refusal(actions(button({ text: plain('x'.repeat(75)), value: 'v'.repeat(2000), url: `https://e.x/${'a'.repeat(3000 - 12)}`, action_id: 'a'.repeat(255) }))), null);
  assert.match(refusal(actions(button({ text: plain('x'.repeat(76)) }))) ?? '', /^invalid_blocks: must be less than 76 characters \[json-pointer:\/blocks\/0\/elements\/0\/text\/text\]$/);
  assert.match(refusal(actions(button({ value: 'v'.repeat(2001) }))) ?? '', /less than 2001 characters \[json-pointer:\/blocks\/0\/elements\/0\/value\]/);
  assert.match(refusal(actions(button({ url: `https://e.x/${'a'.repeat(3000)}` }))) ?? '', /less than 3001 characters \[json-pointer:\/blocks\/0\/elements\/0\/url\]/);
  assert.match(refusal(actions(button({ action_id: 'a'.repeat(256) }))) ?? '', /less than 256 characters \[json-pointer:\/blocks\/0\/elements\/0\/action_id\]/);
  // A section's accessory is checked the same way.
  assert.match(refusal([{ ...section('hi'), accessory: button({ text: plain('x'.repeat(76)) }) }]) ?? '', /\/blocks\/0\/accessory\/text\/text/);
  // So is a button's confirm dialog (title 100, text 300, confirm and deny 30).
  assert.match(refusal(actions(button({ confirm: { title: plain('t'.repeat(101)), text: plain('ok'), confirm: plain('y'), deny: plain('n') } }))) ?? '', /confirm\/title\/text/);
});

test('select options: at most 100, text 75, value 150; option groups likewise; overflow 5', () => {
  assert.equal(refusal(actions(select({ options: options(100, 'o'.repeat(75), (i) => `${i}`.padEnd(150, 'v')) }))), null);
  assert.match(refusal(actions(select({ options: options(101) }))) ?? '', /no more than 100 items \[json-pointer:\/blocks\/0\/elements\/0\/options\]/);
  assert.match(refusal(actions(select({ options: options(2, 'o'.repeat(76)) }))) ?? '', /less than 76 characters \[json-pointer:\/blocks\/0\/elements\/0\/options\/0\/text\/text\]/);
  assert.match(refusal(actions(select({ options: options(2, 'o', () => 'v'.repeat(151)) }))) ?? '', /less than 151 characters \[json-pointer:\/blocks\/0\/elements\/0\/options\/1\/value\]/);
  assert.match(refusal(actions(select({ option_groups: [{ label: plain('g'), options: options(101) }] }))) ?? '', /option_groups\/0\/options\]/);
  assert.match(refusal(actions(select({ options: options(1), placeholder: plain('p'.repeat(151)) }))) ?? '', /placeholder\/text\]/);
  assert.match(refusal(actions({ type: 'overflow', action_id: 'more', options: options(6) })) ?? '', /no more than 5 items/);
  // Input blocks' elements too (a modal's multi-select of services).
  const input = { type: 'input', label: plain('Services'), element: { type: 'multi_static_select', action_id: 's', options: options(101) } };
  assert.match(checkView({ type: 'modal', title: plain('T'), submit: plain('OK'), blocks: [input] }, 'modal').join('\n'), /\/view\/blocks\/0\/element\/options/);
});

test('markdown blocks: 12 000 characters in all, however they are split', () => {
  const markdown = (n: number) => ({ type: 'markdown', text: 'm'.repeat(n) });
  assert.equal(refusal([markdown(6000), markdown(6000)]), null);
  assert.match(refusal([markdown(6000), markdown(6001)]) ?? '', /^invalid_blocks: markdown blocks must be less than 12001 characters in total/);
});

test('msg_blocks_too_long: the text of all blocks together, each block within its own limit', () => {
  const five = Array.from({ length: 5 }, () => section('s'.repeat(2600)));
  assert.equal(refusal(five), null, '13 000 characters pass');
  assert.equal(refusal([...five, section('one more')]), 'msg_blocks_too_long');
});

test('block counts, section text and fields, header, context and actions sizes keep their limits', () => {
  assert.match(refusal(Array.from({ length: 51 }, () => ({ type: 'divider' }))) ?? '', /no more than 50 items \[json-pointer:\/blocks\]/);
  assert.match(refusal([section('s'.repeat(3001))]) ?? '', /less than 3001/);
  assert.match(refusal([{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }]) ?? '', /no more than 10 items/);
  assert.match(refusal([{ type: 'header', text: plain('h'.repeat(151)) }]) ?? '', /less than 151/);
  assert.match(refusal([{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) }]) ?? '', /no more than 10 items/);
  assert.match(refusal(actions(...Array.from({ length: 26 }, (_, i) => button({ action_id: `b${i}` })))) ?? '', /no more than 25 items/);
  const blocks = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }));
  assert.deepEqual(checkView({ type: 'home', blocks: blocks(100) }, 'home'), []);
  assert.match(checkView({ type: 'home', blocks: blocks(101) }, 'home').join(), /no more than 100 items/);
  assert.match(checkView({ type: 'modal', title: plain('t'.repeat(25)), blocks: [] }, 'modal').join(), /less than 25 characters \[json-pointer:\/view\/title\/text\]/);
  assert.match(checkView({ type: 'modal', title: plain('t'), private_metadata: 'p'.repeat(3001), blocks: [] }, 'modal').join(), /private_metadata/);
});
