import type { z } from 'zod';
import { closestName } from '../../core/closest-name.js';
import { knownKeysAt } from '../../schema-keys.js';

type Issue = z.core.$ZodIssue;

/** `roles.commander`, `services[2]`; the whole body when the path is empty. */
function fieldName(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the body';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}

const TYPE_NAMES: Readonly<Record<string, string>> = { object: 'a JSON object', array: 'a list', string: 'a string', number: 'a number', int: 'a whole number', boolean: 'true or false' };

function sizeSentence(field: string, issue: { origin: string; minimum?: unknown; maximum?: unknown }, bound: 'at least' | 'at most'): string {
  const n = Number(bound === 'at least' ? issue.minimum : issue.maximum);
  if (issue.origin === 'string') return bound === 'at least' && n === 1 ? `${field} must not be empty` : `${field} must be ${bound} ${n} character${n === 1 ? '' : 's'}`;
  if (issue.origin === 'array') return `${field} must have ${bound} ${n} item${n === 1 ? '' : 's'}`;
  return `${field} must be ${bound} ${n}`;
}

function unknownFieldSentences(schema: unknown, path: readonly PropertyKey[], keys: readonly string[]): string[] {
  return unknownKeySentences(path, keys, knownKeysAt(schema, path));
}

/** `unknown field "roles.comander" (did you mean "roles.commander"?)`: keys under `path` that are not among `known`. */
export function unknownKeySentences(path: readonly PropertyKey[], keys: readonly string[], known: readonly string[]): string[] {
  return keys.map((key) => {
    const name = fieldName([...path, key]);
    const close = closestName(key, known);
    if (close !== undefined) return `unknown field "${name}" (did you mean "${fieldName([...path, close])}"?)`;
    return known.length > 0 ? `unknown field "${name}" (known fields: ${known.join(', ')})` : `unknown field "${name}"`;
  });
}

/** One zod issue in words a person reads, naming the field. */
function sentencesOf(schema: unknown, issue: Issue): string[] {
  const field = fieldName(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return unknownFieldSentences(schema, issue.path, issue.keys);
    case 'invalid_type':
      // zod says what it received only in its message; a missing field is the common case worth its own words.
      if (issue.message.endsWith('received undefined')) return [`${field} is required`];
      return [`${field} must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`];
    case 'invalid_value':
      return [`${field} must be one of ${issue.values.map(String).join(', ')}`];
    case 'too_small':
      return [sizeSentence(field, issue, 'at least')];
    case 'too_big':
      return [sizeSentence(field, issue, 'at most')];
    case 'invalid_format':
    case 'custom':
      // The API's schemas word these messages as the end of a sentence ("must be a Slack user id …").
      return [`${field} ${issue.message}`];
    default:
      return [`${field} is not valid (${issue.message})`];
  }
}

/**
 * Every problem zod found in a request body, each as a sentence that names its field:
 * `severity must be one of SEV1, SEV2, SEV3, SEV4`, `unknown field "sevrity" (did you mean "severity"?)`.
 * The one wording of input errors for every /api route.
 */
export function inputSentences(schema: z.ZodType, error: z.ZodError): string[] {
  return error.issues.flatMap((issue) => sentencesOf(schema, issue));
}
