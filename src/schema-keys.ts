import { z } from 'zod';

/**
 * The keys an object schema accepts at `path` inside `schema` (for "did you mean" on an unknown
 * key): wrappers (optional, default, pipes) are looked through, records and arrays are entered.
 * Shared by the config file's checks and the HTTP API's answers.
 */
export function knownKeysAt(root: unknown, path: readonly PropertyKey[]): string[] {
  let schema: unknown = root;
  let i = 0;
  for (let guard = 0; guard < 100; guard++) {
    if (schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault || schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) {
      schema = schema.unwrap();
    } else if (schema instanceof z.ZodPipe) {
      schema = schema.in instanceof z.ZodTransform ? schema.out : schema.in;
    } else if (i === path.length) {
      return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
    } else {
      const segment = path[i++];
      if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, unknown>)[String(segment)];
      else if (schema instanceof z.ZodRecord) schema = schema.valueType;
      else if (schema instanceof z.ZodArray) schema = schema.element;
      else return [];
    }
  }
  return [];
}
