import type { z } from 'zod';

/**
 * The first schema problem of a webhook body as a sentence naming the field
 * (`event.data.id is missing`). It never echoes the value: bodies are untrusted.
 */
export function describeIssue(error: z.ZodError, root: unknown, prefix = ''): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'the body is invalid';
  const field = [prefix, ...issue.path.map(String)].filter((part) => part.length > 0).join('.');
  if (field.length === 0) return 'the body must be a JSON object';
  if (issue.code === 'invalid_type' && valueAt(root, issue.path) == null) return `${field} is missing`;
  if (issue.code === 'invalid_type') return `${field} must be ${issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}`;
  if (issue.code === 'invalid_union') return `${field} must be an integer`;
  if (issue.code === 'too_small') return `${field} is empty`;
  if (issue.code === 'too_big') return `${field} is too long`;
  if (issue.code === 'invalid_value') return `${field} must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
  return `${field} is invalid`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
