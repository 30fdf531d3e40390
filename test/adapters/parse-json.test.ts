import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseWebhookJson } from '../../src/adapters/webhooks/parse-json.js';

const parse = (text: string) => parseWebhookJson(Buffer.from(text));

function valueOf(text: string): unknown {
  const r = parse(text);
  assert.ok(r.ok, `parses: ${r.ok ? '' : r.reason}`);
  return r.value;
}

test('plain bodies parse to exactly what JSON.parse gives (both parsers agree on 500 generated values)', () => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const gen = (depth: number): unknown => {
    const r = rnd();
    if (depth > 3 || r < 0.3) return [Math.floor(rnd() * 1e9), -rnd() * 1000, 'text "quoted" \u00e9', true, null][Math.floor(rnd() * 5)];
    if (r < 0.6) return Array.from({ length: Math.floor(rnd() * 4) }, () => gen(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, (_, i) => [`k${i}`, gen(depth + 1)]));
  };
  for (let i = 0; i < 500; i++) {
    const value = { event: gen(0), n: i };
    assert.deepEqual(valueOf(JSON.stringify(value)), value, `value ${i}`);
  }
});

test('a 19-digit integer stays exact (the lossless path), the rest of the body as usual', () => {
  const value = valueOf('{"updatedAt": 1732350000123456789, "title": "x", "count": 3}') as Record<string, unknown>;
  assert.equal(String(value.updatedAt), '1732350000123456789', 'not rounded');
  assert.equal(value.count, 3, 'safe numbers are numbers');
  assert.equal(value.title, 'x');
});

test('an exponent too large for a double is not turned into Infinity', () => {
  const value = valueOf('{"v": 1e400}') as Record<string, unknown>;
  assert.notEqual(value.v, Infinity, 'kept as written');
  assert.equal(String(value.v), '1e400');
});

test('__proto__ is an own key on both paths, and nothing is polluted', () => {
  for (const body of ['{"__proto__": {"polluted": true}, "a": 1}', `{"__proto__": {"polluted": true}, "big": 12345678901234567890}`]) {
    const value = valueOf(body) as Record<string, unknown>;
    assert.ok(Object.prototype.hasOwnProperty.call(value, '__proto__'), `own __proto__ for ${body}`);
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
  }
});

test('deep nesting is refused with a reason; many shallow brackets still parse', () => {
  const deep = parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
  assert.equal(deep.ok, false, 'refused');
  assert.match(deep.ok ? '' : deep.reason, /nested too deeply/);
  const wide = valueOf(JSON.stringify({ items: Array.from({ length: 400 }, (_, i) => ({ i })) })) as { items: unknown[] };
  assert.equal(wide.items.length, 400, 'a body with many brackets (the lossless path) parses');
});

test('invalid JSON and empty bodies get a reason', () => {
  const bad = parse('{"a": ');
  assert.equal(bad.ok, false, 'invalid JSON refused');
  assert.match(bad.ok ? '' : bad.reason, /not valid JSON/);
  const empty = parse('  ');
  assert.equal(empty.ok, false, 'empty body refused');
  assert.match(empty.ok ? '' : empty.reason, /empty/);
});
