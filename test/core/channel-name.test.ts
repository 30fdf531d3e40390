import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { CHANNEL_NAME_PATTERN, channelName, channelNumber, channelPrefix } from '../../src/core/channel-name.js';
import { mulberry32 } from '../../src/sandbox/seeded-random.js';

/** Test names stay readable in a terminal: invisible and control characters are shown as escapes. */
const show = (s: string): string =>
  JSON.stringify(s).replace(/[\p{C}\p{M}]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function assertValid(name: string): void {
  assert.match(name, CHANNEL_NAME_PATTERN);
  assert.ok(name.length <= 80, `${name.length} > 80`);
  assert.ok(!name.endsWith('-'), name);
  assert.ok(!name.includes('--'), name);
}

void describe('channelName: examples', () => {
  const cases: [string, number, string, string][] = [
    ['inc', 12, 'Checkout 5xx in eu-west-1', 'inc-12-checkout-5xx-in-eu-west-1'],
    ['inc', 1, 'Café crème brûlée', 'inc-1-cafe-creme-brulee'],
    ['inc', 2, 'ÅNGSTRÖM Über naïve', 'inc-2-angstrom-uber-naive'],
    ['inc', 3, '🔥 DB on fire 🔥🔥', 'inc-3-db-on-fire'],
    ['inc', 4, '👨‍👩‍👧 family emoji', 'inc-4-family-emoji'],
    ['inc', 5, 'שגיאה בתשלום', 'inc-5'],
    ['inc', 6, 'خطأ في API الدفع', 'inc-6-api'],
    ['inc', 7, 'pay\u200Bments\u200D down\uFEFF', 'inc-7-payments-down'],
    ['inc', 8, '\u202Egnp.exe', 'inc-8-gnp-exe'],
    ['inc', 9, 'e\u0301ve\u0300nt z\u0337\u0321a\u0336l\u0334g\u0335o', 'inc-9-event-zalgo'],
    ['inc', 10, '数据库 down 停机', 'inc-10-down'],
    ['inc', 11, '\u0000\u0007tab\there\nnew\u001bline\u007f', 'inc-11-tab-here-new-line'],
    ['inc', 13, '!!! ??? ... --- ___ ***', 'inc-13'],
    ['inc', 14, '', 'inc-14'],
    ['inc', 15, '   ', 'inc-15'],
    ['inc', 16, '\ud800 lone \udfff surrogates \ud83d', 'inc-16-lone-surrogates'],
    ['inc', 17, 'ＦＵＬＬ ｗｉｄｔｈ ﬁle', 'inc-17-full-width-file'],
    ['inc', 18, 'İstanbul DC', 'inc-18-istanbul-dc'],
    ['inc', 19, 'snake_case_title', 'inc-19-snake-case-title'],
    ['inc', 20, '--leading and trailing--', 'inc-20-leading-and-trailing'],
    ['inc', 21, 'x²  ½ ①', 'inc-21-x2-1-2-1'],
    // Decompose before lowercasing: these have no lowercase form until they become ASCII.
    ['inc', 22, '𝐁𝐨𝐥𝐝 ℌ ㎒', 'inc-22-bold-h-mhz'],
  ];
  for (const [prefix, n, title, expected] of cases) {
    void test(`${show(title)} → ${expected}`, () => {
      const name = channelName(prefix, n, title);
      assert.equal(name, expected);
      assertValid(name);
    });
  }
});

void describe('channelName: length', () => {
  void test('a 10 000-character title is cut to 80 characters', () => {
    const name = channelName('inc', 1, 'a'.repeat(10_000));
    assert.equal(name, `inc-1-${'a'.repeat(74)}`);
    assert.equal(name.length, 80);
  });

  void test('the cut never leaves a trailing dash', () => {
    // inc-12- is 7 characters, leaving 73 for the slug; the 73rd is the dash before "bcd".
    const name = channelName('inc', 12, `${'a'.repeat(72)} bcd`);
    assert.equal(name, `inc-12-${'a'.repeat(72)}`);
    assert.equal(name.length, 79);
  });

  void test('the prefix and number are never cut, even at their longest', () => {
    const prefix = 'p'.repeat(200);
    const name = channelName(prefix, Number.MAX_SAFE_INTEGER, 'word '.repeat(100));
    assert.ok(name.startsWith(`${'p'.repeat(20)}-9007199254740991-word-`), name);
    assert.ok(name.length <= 80);
    assertValid(name);
  });

  void test('a long title made only of combining marks and then text still yields the text', () => {
    assert.equal(channelName('inc', 1, `${'\u0301'.repeat(10_000)}tail`), 'inc-1-tail');
  });
});

void describe('channelName: prefixes', () => {
  const cases: [string, string][] = [
    ['inc', 'inc'],
    ['', 'inc'],
    ['---', 'inc'],
    ['___', 'inc'],
    ['!!!', 'inc'],
    ['🔥', 'inc'],
    ['INC!', 'inc'],
    ['ÄÖÜ', 'aou'],
    ['war room', 'war-room'],
    ['ops_team', 'ops_team'],
    ['_x_', 'x'],
    ['-Ops-', 'ops'],
    ['p'.repeat(200), 'p'.repeat(20)],
    // Cut at 20 lands on a dash, which is then dropped.
    ['abcdefghijklmnopqrs-tuv', 'abcdefghijklmnopqrs'],
  ];
  for (const [prefix, expected] of cases) {
    void test(`${show(prefix.length > 30 ? `${prefix.slice(0, 10)}…` : prefix)} → ${expected}`, () => {
      assert.equal(channelPrefix(prefix), expected);
      assert.equal(channelName(prefix, 4, 'Title'), `${expected}-4-title`);
    });
  }
});

void describe('channelName: numbers', () => {
  const cases: [number, number][] = [
    [12, 12],
    [0, 0],
    [-0, 0],
    [-5, 5],
    [3.7, 3],
    [-3.7, 3],
    [0.5, 0],
    [NaN, 0],
    [Infinity, 0],
    [-Infinity, 0],
    [1e300, 0],
    [2 ** 53, 0],
    [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  ];
  for (const [n, expected] of cases) {
    void test(`${String(n)} → ${expected}`, () => {
      assert.equal(channelNumber(n), expected);
      assert.equal(channelName('inc', n, 'x'), `inc-${expected}-x`);
    });
  }
});

void describe('channelName: generated inputs', () => {
  const SEED = 0x5eed_2026;
  const random = mulberry32(SEED);
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  const cp = (lo: number, hi: number) => (): string => String.fromCodePoint(int(lo, hi));

  const pieces: (() => string)[] = [
    cp(0x61, 0x7a), // a-z
    cp(0x41, 0x5a), // A-Z
    cp(0x30, 0x39), // 0-9
    () => pick([' ', '  ', '\t', '-', '_', '.', ',', '!', '?', '/', ':', '#', '@', '<', '>', '&', '*', '(', ')', '"', "'", '`', '~', '|']),
    cp(0x1f300, 0x1faff), // emoji (surrogate pairs)
    () => pick(['👨‍👩‍👧', '🏳️‍🌈', '❤️', '👍🏽', '🇪🇺']), // ZWJ sequences, variation selectors, modifiers, flags
    cp(0x05d0, 0x05ea), // Hebrew
    cp(0x0627, 0x064a), // Arabic
    () => pick(['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u202e', '\u202d', '\u2066', '\u061c']),
    cp(0x0300, 0x036f), // combining marks
    cp(0x00c0, 0x00ff), // Latin-1 letters with accents
    cp(0x4e00, 0x9fff), // CJK
    cp(0xff01, 0xff5e), // full-width forms
    () => String.fromCharCode(int(0x00, 0x1f)), // C0 controls
    () => String.fromCharCode(int(0x7f, 0x9f)), // DEL and C1 controls
    () => String.fromCharCode(int(0xd800, 0xdfff)), // lone surrogates
    cp(0x0400, 0x04ff), // Cyrillic
    () => pick(['ß', 'İ', 'ı', 'ﬁ', 'Ⅻ', '²', '½', '①', 'ǅ', 'ẞ', 'Ω', 'K']), // case and compatibility oddities
  ];

  function text(maxLen: number): string {
    const len = int(0, maxLen);
    let s = '';
    for (let i = 0; i < len; i++) s += pick(pieces)();
    return s;
  }

  function title(): string {
    const r = random();
    if (r < 0.02) return '';
    if (r < 0.05) return text(3000);
    if (r < 0.1) return pick(['a', 'é', '-', '🔥', 'x y']).repeat(int(100, 5000));
    return text(60);
  }

  function prefix(): string {
    const r = random();
    if (r < 0.3) return pick(['inc', 'INC', 'incident', 'sev', 'war-room', 'ops_x']);
    if (r < 0.35) return pick(['', '---', 'INC!', 'ÄÖÜ', '🔥', '_']);
    if (r < 0.4) return text(200);
    return text(25);
  }

  function number(): number {
    const r = random();
    if (r < 0.5) return int(1, 100_000);
    return pick([0, -0, -int(1, 1000), random() * 1000, -random() * 1e6, NaN, Infinity, -Infinity, 1e21, 1e300, 2 ** 53, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, Number.MAX_VALUE, Number.EPSILON]);
  }

  /** The number part, worked out independently of the implementation. */
  function expectedNumber(n: number): string {
    if (!Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER) return '0';
    return BigInt(Math.trunc(Math.abs(n))).toString();
  }

  void test(`at least 10 000 generated inputs (seed ${SEED}) always give a valid name`, () => {
    let count = 0;
    for (let i = 0; i < 12_000; i++) {
      const p = prefix();
      const n = number();
      const t = title();
      const name = channelName(p, n, t);
      const context = `case ${i}: ${JSON.stringify({ p, n, t: t.slice(0, 200) })} → ${name}`;

      assert.ok(CHANNEL_NAME_PATTERN.test(name), context);
      assert.ok(name.length <= 80, context);
      assert.ok(!name.endsWith('-') && !name.includes('--'), context);

      const sanitised = channelPrefix(p);
      assert.ok(/^[a-z0-9](?:[a-z0-9_-]{0,18}[a-z0-9])?$/.test(sanitised), context);
      if (/^[a-z0-9]{1,20}$/.test(p)) assert.equal(sanitised, p, context);

      const head = `${sanitised}-${expectedNumber(n)}`;
      assert.ok(name === head || name.startsWith(`${head}-`), context);
      // The slug part is only ASCII letters and digits joined by single dashes.
      assert.ok(/^(?:-[a-z0-9]+)*$/.test(name.slice(head.length)), context);
      assert.equal(channelName(p, n, t), name, context);
      count++;
    }
    assert.ok(count >= 10_000, `only ${count} cases`);
  });
});
