/**
 * Block Kit rules: the subset of Slack's documented limits that makes the workspace refuse what
 * Slack refuses (`invalid_blocks`, `invalid_arguments` with Slack's `[json-pointer:…]` messages),
 * for message blocks and views.
 */
import { chars, fail, failWithMessages, isObject, jsonArg, str, type Json, type Outcome } from './args.js';
import { checkEachElement, checkElement, checkTextObject } from './block-kit-elements.js';
import { blocksTooLong, checkMarkdownTotal } from './block-kit-totals.js';

/** Block types Slack knows (Block Kit reference); anything else is `invalid_blocks`. */
const BLOCK_TYPES = new Set([
  'actions',
  'context',
  'context_actions',
  'divider',
  'file',
  'header',
  'image',
  'input',
  'markdown',
  'rich_text',
  'section',
  'table',
  'video',
]);


function checkElements(value: unknown, min: number, max: number, pointer: string, errors: string[]): void {
  if (!Array.isArray(value)) {
    errors.push(`must be an array [json-pointer:${pointer}]`);
    return;
  }
  if (value.length < min) errors.push(`must provide an array with at least ${min} items [json-pointer:${pointer}]`);
  if (value.length > max) errors.push(`must provide an array with no more than ${max} items [json-pointer:${pointer}]`);
}

export function checkBlocks(blocks: unknown, maxBlocks: number, pointer: string): string[] {
  const errors: string[] = [];
  if (!Array.isArray(blocks)) return [`must be an array [json-pointer:${pointer}]`];
  if (blocks.length > maxBlocks) errors.push(`must provide an array with no more than ${maxBlocks} items [json-pointer:${pointer}]`);
  const blockIds = new Set<string>();
  blocks.forEach((block: unknown, i) => {
    const p = `${pointer}/${i}`;
    if (!isObject(block) || typeof block.type !== 'string') {
      errors.push(`missing required field: type [json-pointer:${p}]`);
      return;
    }
    if (block.block_id !== undefined) {
      if (typeof block.block_id !== 'string' || block.block_id.length === 0 || block.block_id.length > 255) {
        errors.push(`must be less than 256 characters [json-pointer:${p}/block_id]`);
      } else if (blockIds.has(block.block_id)) {
        errors.push(`duplicate block_id [json-pointer:${p}/block_id]`);
      } else {
        blockIds.add(block.block_id);
      }
    }
    if (!BLOCK_TYPES.has(block.type)) {
      errors.push(`must be a valid enum value [json-pointer:${p}/type]`);
      return;
    }
    switch (block.type) {
      case 'section':
        if (block.text === undefined && block.fields === undefined) {
          errors.push(`must provide at least one of: text, fields [json-pointer:${p}]`);
        }
        if (block.text !== undefined) checkTextObject(block.text, 3000, `${p}/text`, errors, false);
        if (block.fields !== undefined) {
          checkElements(block.fields, 1, 10, `${p}/fields`, errors);
          if (Array.isArray(block.fields)) {
            block.fields.forEach((field: unknown, j) => checkTextObject(field, 2000, `${p}/fields/${j}`, errors, false));
          }
        }
        if (block.accessory !== undefined) checkElement(block.accessory, `${p}/accessory`, errors);
        break;
      case 'header':
        checkTextObject(block.text, 150, `${p}/text`, errors, true);
        break;
      case 'context':
        checkElements(block.elements, 1, 10, `${p}/elements`, errors);
        break;
      case 'actions':
        checkElements(block.elements, 1, 25, `${p}/elements`, errors);
        checkEachElement(block.elements, `${p}/elements`, errors);
        break;
      case 'markdown':
        if (typeof block.text !== 'string' || block.text.length === 0) errors.push(`must be more than 0 characters [json-pointer:${p}/text]`);
        break;
      case 'input':
        if (typeof block.label === 'undefined') errors.push(`missing required field: label [json-pointer:${p}]`);
        else checkTextObject(block.label, 2000, `${p}/label`, errors, true);
        if (!isObject(block.element)) errors.push(`missing required field: element [json-pointer:${p}]`);
        else checkElement(block.element, `${p}/element`, errors);
        break;
      default:
        break;
    }
  });
  errors.push(...checkMarkdownTotal(blocks, pointer));
  return errors;
}

export function checkView(view: unknown, expected: 'modal' | 'home' | 'any'): string[] {
  if (!isObject(view)) return ['must be an object [json-pointer:/view]'];
  const errors: string[] = [];
  const type = view.type;
  if (type !== 'modal' && type !== 'home') {
    errors.push('must be a valid enum value [json-pointer:/view/type]');
    return errors;
  }
  if (expected !== 'any' && type !== expected) errors.push(`must be ${expected} [json-pointer:/view/type]`);
  if (type === 'modal') {
    if (view.title === undefined) errors.push('missing required field: title [json-pointer:/view]');
    else checkTextObject(view.title, 24, '/view/title', errors, true);
    if (view.submit !== undefined) checkTextObject(view.submit, 24, '/view/submit', errors, true);
    if (view.close !== undefined) checkTextObject(view.close, 24, '/view/close', errors, true);
  }
  if (view.blocks === undefined) errors.push('missing required field: blocks [json-pointer:/view]');
  else errors.push(...checkBlocks(view.blocks, 100, '/view/blocks'));
  if (
    type === 'modal' &&
    view.submit === undefined &&
    Array.isArray(view.blocks) &&
    view.blocks.some((b: unknown) => isObject(b) && b.type === 'input')
  ) {
    errors.push('must provide submit when using input blocks [json-pointer:/view/submit]');
  }
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000) {
    errors.push('must be less than 3001 characters [json-pointer:/view/private_metadata]');
  }
  if (typeof view.callback_id === 'string' && view.callback_id.length > 255) {
    errors.push('must be less than 256 characters [json-pointer:/view/callback_id]');
  }
  if (typeof view.external_id === 'string' && view.external_id.length > 255) {
    errors.push('must be less than 256 characters [json-pointer:/view/external_id]');
  }
  return errors;
}


/** Why Slack would refuse these blocks in a message (`invalid_blocks` or `msg_blocks_too_long`), or null. */
export function checkMessageBlocks(blocks: unknown[]): { error: 'invalid_blocks' | 'msg_blocks_too_long'; messages: string[] } | null {
  const errors = checkBlocks(blocks, 50, '/blocks');
  if (errors.length > 0) return { error: 'invalid_blocks', messages: errors };
  return blocksTooLong(blocks) ? { error: 'msg_blocks_too_long', messages: [] } : null;
}

/** blocks/attachments/text checks shared by postMessage, postEphemeral and update. */
export function messageContent(args: Json): { failed: Outcome } | { failed: null; text: string | undefined; blocks: unknown[] | undefined; attachments: unknown[] | undefined } {
  const blocksArg = jsonArg(args.blocks);
  let blocks: unknown[] | undefined;
  if (blocksArg.present) {
    if (!blocksArg.ok || !Array.isArray(blocksArg.value)) return { failed: fail('invalid_blocks_format') };
    const refused = checkMessageBlocks(blocksArg.value);
    if (refused?.error === 'invalid_blocks') return { failed: failWithMessages(refused.error, refused.messages) };
    if (refused) return { failed: fail(refused.error) };
    blocks = blocksArg.value as unknown[];
  }
  const attachmentsArg = jsonArg(args.attachments);
  let attachments: unknown[] | undefined;
  if (attachmentsArg.present) {
    if (!attachmentsArg.ok || !Array.isArray(attachmentsArg.value)) return { failed: fail('invalid_attachments') };
    if (attachmentsArg.value.length > 100) return { failed: fail('too_many_attachments') };
    attachments = attachmentsArg.value as unknown[];
  }
  const text = str(args.text);
  if (text !== undefined && chars(text) > 40_000) return { failed: fail('msg_too_long') };
  return { failed: null, text, blocks, attachments };
}

/** The `view` argument of views.open/push/update/publish, parsed and checked. */
export function parseView(args: Json, expected: 'modal' | 'home'): { failed: Outcome } | { failed: null; view: Json } {
  const arg = jsonArg(args.view);
  if (!arg.present) return { failed: failWithMessages('invalid_arguments', ['missing required field: view']) };
  if (!arg.ok) return { failed: failWithMessages('invalid_arguments', ['failed to parse json [json-pointer:/view]']) };
  const errors = checkView(arg.value, expected);
  if (errors.length > 0) return { failed: failWithMessages('invalid_arguments', errors) };
  return { failed: null, view: arg.value as Json };
}
