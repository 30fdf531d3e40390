/**
 * How the workspace reads a method's arguments and writes its outcome, the way Slack does: form
 * values are strings, JSON bodies may send numbers and booleans, complex arguments arrive
 * JSON-stringified; answers are `{ ok: true, … }` or `{ ok: false, error }`; lists page by cursor.
 */
export type Json = Record<string, unknown>;
/** The body of a method's answer (HTTP 200). */
export type Outcome = Json;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A scalar argument as a string (form values are strings already; JSON bodies may send numbers/booleans). */
export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A required string argument: undefined when missing or empty. */
export function required(args: Json, name: string): string | undefined {
  const value = str(args[name]);
  return value === undefined || value === '' ? undefined : value;
}

export function bool(value: unknown): boolean {
  return value === true || value === 1 || value === 'true' || value === '1';
}

/** Complex arguments (blocks, view…) arrive JSON-stringified in forms, or as JSON values in JSON bodies. */
export function jsonArg(value: unknown): { present: false } | { present: true; ok: true; value: unknown } | { present: true; ok: false } {
  if (value === undefined || value === null || value === '') return { present: false };
  if (typeof value !== 'string') return { present: true, ok: true, value };
  try {
    return { present: true, ok: true, value: JSON.parse(value) as unknown };
  } catch {
    return { present: true, ok: false };
  }
}

export function chars(text: string): number {
  return [...text].length;
}

export function ok(extra: Json = {}): Outcome {
  return { ok: true, ...extra };
}

export function fail(error: string, extra: Json = {}): Outcome {
  return { ok: false, error, ...extra };
}

/** Slack's shape for argument-validation errors: the code plus `[ERROR] …` messages in response_metadata. */
export function failWithMessages(error: string, messages: readonly string[]): Outcome {
  return { ok: false, error, errors: [...messages], response_metadata: { messages: messages.map((m) => `[ERROR] ${m}`) } };
}


function encodeCursor(id: string): string {
  return Buffer.from(`next:${id}`, 'utf8').toString('base64');
}

function decodeCursor(cursor: string): string | null {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  return text.startsWith('next:') ? text.slice('next:'.length) : null;
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

/** `oldest` / `latest` / `inclusive` of conversations.history and conversations.replies. */
export function inTimeRange(ts: string, args: Json): boolean {
  const inclusive = bool(args.inclusive);
  const oldest = str(args.oldest);
  const latest = str(args.latest);
  const t = Number(ts);
  if (oldest !== undefined && oldest !== '' && (inclusive ? t < Number(oldest) : t <= Number(oldest))) return false;
  if (latest !== undefined && latest !== '' && (inclusive ? t > Number(latest) : t >= Number(latest))) return false;
  return true;
}

export function parseLimit(value: unknown, fallback: number): number | null {
  const text = str(value);
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) return null;
  if (n === 0) return fallback;
  return Math.min(n, 1000);
}

export function paginate<T>(all: readonly T[], key: (item: T) => string, cursor: string | undefined, limit: number): { items: T[]; nextCursor: string } | null {
  let start = 0;
  if (cursor !== undefined && cursor !== '') {
    const id = decodeCursor(cursor);
    const index = id === null ? -1 : all.findIndex((item) => key(item) === id);
    if (index < 0) return null;
    start = index;
  }
  const items = all.slice(start, start + limit);
  const next = all[start + limit];
  return { items, nextCursor: next === undefined ? '' : encodeCursor(key(next)) };
}
