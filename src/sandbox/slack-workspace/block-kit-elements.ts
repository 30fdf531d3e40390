/**
 * Block Kit rules for text objects and interactive elements (buttons, selects and their options),
 * as the Block Kit reference documents them: docs.slack.dev/reference/block-kit/block-elements and
 * …/composition-objects. Messages follow Slack's `must be less than N characters [json-pointer:…]`.
 */
import { chars, isObject } from './args.js';

/** Documented maximums, in characters. */
const MAX = {
  actionId: 255,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  accessibilityLabel: 75,
  placeholder: 150,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  optionGroupLabel: 75,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
} as const;

/** Options an element may carry: selects 100, overflow 5, radio buttons and checkboxes 10. */
const MAX_OPTIONS: Readonly<Record<string, number>> = {
  static_select: 100,
  multi_static_select: 100,
  overflow: 5,
  radio_buttons: 10,
  checkboxes: 10,
};

const tooLong = (max: number, pointer: string): string => `must be less than ${max + 1} characters [json-pointer:${pointer}]`;

export function checkTextObject(value: unknown, max: number, pointer: string, errors: string[], plainOnly: boolean): void {
  if (!isObject(value)) {
    errors.push(`must be an object [json-pointer:${pointer}]`);
    return;
  }
  if (value.type !== 'plain_text' && (plainOnly || value.type !== 'mrkdwn')) {
    errors.push(`must be a valid enum value [json-pointer:${pointer}/type]`);
  }
  if (typeof value.text !== 'string' || value.text.length === 0) {
    errors.push(`must be more than 0 characters [json-pointer:${pointer}/text]`);
  } else if (chars(value.text) > max) {
    errors.push(tooLong(max, `${pointer}/text`));
  }
}

function checkString(value: unknown, max: number, pointer: string, errors: string[]): void {
  if (value === undefined) return;
  if (typeof value !== 'string') errors.push(`must be a string [json-pointer:${pointer}]`);
  else if (chars(value) > max) errors.push(tooLong(max, pointer));
}

function checkConfirm(value: unknown, pointer: string, errors: string[]): void {
  if (value === undefined) return;
  if (!isObject(value)) {
    errors.push(`must be an object [json-pointer:${pointer}]`);
    return;
  }
  if (value.title !== undefined) checkTextObject(value.title, MAX.confirmTitle, `${pointer}/title`, errors, true);
  if (value.text !== undefined) checkTextObject(value.text, MAX.confirmText, `${pointer}/text`, errors, false);
  if (value.confirm !== undefined) checkTextObject(value.confirm, MAX.confirmButton, `${pointer}/confirm`, errors, true);
  if (value.deny !== undefined) checkTextObject(value.deny, MAX.confirmButton, `${pointer}/deny`, errors, true);
}

function checkOption(value: unknown, pointer: string, errors: string[], plainOnly: boolean): void {
  if (!isObject(value)) {
    errors.push(`must be an object [json-pointer:${pointer}]`);
    return;
  }
  checkTextObject(value.text, MAX.optionText, `${pointer}/text`, errors, plainOnly);
  checkString(value.value, MAX.optionValue, `${pointer}/value`, errors);
  if (value.description !== undefined) checkTextObject(value.description, MAX.optionDescription, `${pointer}/description`, errors, plainOnly);
  checkString(value.url, MAX.url, `${pointer}/url`, errors);
}

function checkOptionList(value: unknown, max: number, pointer: string, errors: string[], plainOnly: boolean): void {
  if (!Array.isArray(value)) {
    errors.push(`must be an array [json-pointer:${pointer}]`);
    return;
  }
  if (value.length === 0) errors.push(`must provide an array with at least 1 items [json-pointer:${pointer}]`);
  if (value.length > max) errors.push(`must provide an array with no more than ${max} items [json-pointer:${pointer}]`);
  value.forEach((option: unknown, i) => checkOption(option, `${pointer}/${i}`, errors, plainOnly));
}

function checkOptions(element: Record<string, unknown>, type: string, pointer: string, errors: string[]): void {
  const max = MAX_OPTIONS[type];
  if (max === undefined) return;
  // Selects and overflow menus show options as plain_text; radio buttons and checkboxes may use mrkdwn.
  const plainOnly = type !== 'radio_buttons' && type !== 'checkboxes';
  if (element.options !== undefined) checkOptionList(element.options, max, `${pointer}/options`, errors, plainOnly);
  if (Array.isArray(element.option_groups)) {
    if (element.option_groups.length > max) errors.push(`must provide an array with no more than ${max} items [json-pointer:${pointer}/option_groups]`);
    element.option_groups.forEach((group: unknown, i) => {
      const p = `${pointer}/option_groups/${i}`;
      if (!isObject(group)) {
        errors.push(`must be an object [json-pointer:${p}]`);
        return;
      }
      checkTextObject(group.label, MAX.optionGroupLabel, `${p}/label`, errors, true);
      checkOptionList(group.options, max, `${p}/options`, errors, true);
    });
  }
  if (element.initial_option !== undefined) checkOption(element.initial_option, `${pointer}/initial_option`, errors, plainOnly);
  if (Array.isArray(element.initial_options)) element.initial_options.forEach((o: unknown, i) => checkOption(o, `${pointer}/initial_options/${i}`, errors, plainOnly));
}

/** One interactive element (a section's accessory, an actions or input block's element). */
export function checkElement(value: unknown, pointer: string, errors: string[]): void {
  if (!isObject(value) || typeof value.type !== 'string') {
    errors.push(`missing required field: type [json-pointer:${pointer}]`);
    return;
  }
  checkString(value.action_id, MAX.actionId, `${pointer}/action_id`, errors);
  if (value.placeholder !== undefined) checkTextObject(value.placeholder, MAX.placeholder, `${pointer}/placeholder`, errors, true);
  checkConfirm(value.confirm, `${pointer}/confirm`, errors);
  if (value.type === 'button') {
    checkTextObject(value.text, MAX.buttonText, `${pointer}/text`, errors, true);
    checkString(value.value, MAX.buttonValue, `${pointer}/value`, errors);
    checkString(value.url, MAX.url, `${pointer}/url`, errors);
    checkString(value.accessibility_label, MAX.accessibilityLabel, `${pointer}/accessibility_label`, errors);
  }
  checkOptions(value, value.type, pointer, errors);
}

/** Each element of an actions block (the block checks how many there are). */
export function checkEachElement(value: unknown, pointer: string, errors: string[]): void {
  if (Array.isArray(value)) value.forEach((element: unknown, i) => checkElement(element, `${pointer}/${i}`, errors));
}
