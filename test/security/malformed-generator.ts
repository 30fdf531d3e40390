/**
 * Malformed webhook bodies from a seed: mutations of valid deliveries (truncation, wrong types,
 * missing fields, huge numbers, deep nesting, invalid UTF-8, NUL bytes, prototype keys, enormous
 * strings within the body limit, wrong content types) and plain garbage.
 */
import { mulberry32 } from '../../src/sandbox/seeded-random.js';

export interface MalformedInput {
  readonly kind: string;
  readonly body: Buffer;
  readonly contentType: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const CONTENT_TYPES = ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/json; charset=latin1', 'application/xml'];
const ODD_STRINGS = ['', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff\ud800', '\u202e', '\ufeff', '💥'.repeat(50), '<!channel>', "'; drop table deliveries; --", '%s%n', '${x}', '__proto__', 'null', '1e999'];
const HUGE_NUMBERS = ['1e999', '-1e999', '12345678901234567890123456789', '-0', '0.0000000000000000000000001', '9007199254740993', '1E+400', '123456789012345678901234567890.5'];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf'];

export function malformedInputs(valid: readonly string[], seed: number, count: number, maxBytes: number): MalformedInput[] {
  const random = mulberry32(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;

  /** Every path to a value inside `root`. */
  const paths = (root: Json): (string | number)[][] => {
    const out: (string | number)[][] = [];
    const walk = (value: Json, path: (string | number)[]) => {
      out.push(path);
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
      else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    };
    walk(root, []);
    return out;
  };
  const parentOf = (root: Json, path: (string | number)[]): { parent: Record<string | number, Json>; key: string | number } | null => {
    if (path.length === 0) return null;
    let value: Json = root;
    for (const key of path.slice(0, -1)) value = (value as Record<string | number, Json>)[key] as Json;
    return { parent: value as Record<string | number, Json>, key: path[path.length - 1] as string | number };
  };
  const randomValue = (): Json => pick<() => Json>([() => null, () => true, () => int(2 ** 31) - 2 ** 30, () => pick(ODD_STRINGS), () => [], () => ({}), () => [pick(ODD_STRINGS), int(10)], () => ({ x: pick(ODD_STRINGS) })])();

  /** Structural mutations on the parsed value. */
  const structural: Record<string, (root: Json) => string | Buffer> = {
    'wrong type': (root) => {
      const at = parentOf(root, pick(paths(root)));
      if (at) at.parent[at.key] = randomValue();
      return JSON.stringify(root);
    },
    'missing field': (root) => {
      for (let i = 0; i < 1 + int(3); i++) {
        const at = parentOf(root, pick(paths(root)));
        if (at && Array.isArray(at.parent)) at.parent.splice(Number(at.key), 1);
        else if (at) delete at.parent[at.key];
      }
      return JSON.stringify(root);
    },
    'huge number': (root) => {
      const at = parentOf(root, pick(paths(root)));
      if (at) at.parent[at.key] = '__HUGE__';
      return JSON.stringify(root).replace('"__HUGE__"', pick(HUGE_NUMBERS));
    },
    'deep nesting': (root) => {
      const at = parentOf(root, pick(paths(root)));
      if (at) at.parent[at.key] = '__DEEP__';
      const depth = 100 + int(20_000);
      return JSON.stringify(root).replace('"__DEEP__"', `${'['.repeat(depth)}1${']'.repeat(random() < 0.8 ? depth : int(depth))}`);
    },
    'prototype key': (root) => {
      const objects = paths(root)
        .map((p) => {
          const at = parentOf(root, p);
          return at ? at.parent[at.key] : root;
        })
        .filter((v): v is { [key: string]: Json } => v !== null && typeof v === 'object' && !Array.isArray(v));
      const target = objects.length > 0 ? pick(objects) : null;
      if (target === null) return JSON.stringify(root);
      // JSON.stringify drops a real __proto__ key, so the key is written into the text.
      target.__MARK__ = 0;
      const value = pick(['{"polluted":true}', '{"prototype":{"polluted":true}}', 'null', '"x"', '[]']);
      return JSON.stringify(root).replace('"__MARK__":0', `"${pick(PROTO_KEYS)}":${value}`);
    },
    'enormous string': (root) => {
      const at = parentOf(root, pick(paths(root)));
      // Up to 1 MiB even where the limit is 16 MiB: the limit itself is tested in authentication.test.ts.
      const size = Math.max(0, Math.floor(Math.min(maxBytes, 1024 * 1024) * (0.2 + 0.7 * random())) - 4096);
      if (at) at.parent[at.key] = '__BIG__';
      const text = JSON.stringify(root);
      // The bytes of JSON.stringify(char.repeat(n)) written straight into a buffer: building a
      // megabyte string, escaping it and encoding it cost most of the generator's time.
      const char = pick(['x', '\u00e9', '<', '\\']);
      const bigAt = text.indexOf('"__BIG__"');
      if (bigAt === -1) return text;
      const escaped = JSON.stringify(char).slice(1, -1);
      const run = Buffer.alloc(Math.floor(size / 2) * Buffer.byteLength(escaped), escaped);
      return Buffer.concat([Buffer.from(`${text.slice(0, bigAt)}"`), run, Buffer.from(`"${text.slice(bigAt + '"__BIG__"'.length)}`)]);
    },
    'odd string': (root) => {
      const at = parentOf(root, pick(paths(root)));
      if (at) at.parent[at.key] = pick(ODD_STRINGS);
      return JSON.stringify(root);
    },
    'duplicated keys': (root) => JSON.stringify(root).replace(/^\{/, `{${JSON.stringify(root).slice(1, -1)},`),
  };

  /** Byte-level mutations on the raw text. */
  const textual: Record<string, (text: string) => Buffer> = {
    truncation: (text) => Buffer.from(text).subarray(0, int(text.length)),
    'invalid UTF-8': (text) => {
      const bytes = Buffer.from(text);
      for (let i = 0; i < 1 + int(8); i++) bytes[int(bytes.length)] = 0x80 + int(0x80);
      return bytes;
    },
    'NUL bytes': (text) => {
      const at = int(text.length);
      return Buffer.from(random() < 0.5 ? `${text.slice(0, at)}\u0000${text.slice(at)}` : text.replace(/"([^"]{2,})"/, '"$1\\u0000"'));
    },
    'flipped byte': (text) => {
      const bytes = Buffer.from(text);
      const i = int(bytes.length);
      bytes[i] = (bytes[i] ?? 0) ^ (1 << int(8));
      return bytes;
    },
    garbage: () => Buffer.from(Array.from({ length: int(2000) }, () => int(256))),
    'not an object': () => Buffer.from(pick(['null', 'true', '0', '"x"', '[]', '[{}]', '{}', ' ', '\n', '1e999', '{"a":1}{"b":2}', '{"a"', '{,}', '{"a":1,}'])),
  };

  const inputs: MalformedInput[] = [];
  const structuralKinds = Object.keys(structural);
  const textualKinds = Object.keys(textual);
  for (let i = 0; i < count; i++) {
    const base = pick(valid);
    // Enormous strings are costly to send: about 1 input in 100.
    const useStructural = random() < 0.6;
    let kind = useStructural ? pick(structuralKinds) : pick(textualKinds);
    if (kind === 'enormous string' && random() < 0.85) kind = 'odd string';
    const made = useStructural ? (structural[kind] as (root: Json) => string | Buffer)(JSON.parse(base) as Json) : (textual[kind] as (text: string) => Buffer)(base);
    const body = typeof made === 'string' ? Buffer.from(made) : made;
    const wrongType = random() < 0.1;
    inputs.push({ kind: wrongType ? `${kind}, wrong content type` : kind, body: body.length > maxBytes ? body.subarray(0, maxBytes) : body, contentType: wrongType ? pick(CONTENT_TYPES) : 'application/json' });
  }
  return inputs;
}
