import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { escapeMrkdwn, truncateText } from '../../src/core/mrkdwn.js';

void describe('escapeMrkdwn', () => {
  const cases: [string, string][] = [
    ['<!channel>', '&lt;!channel&gt;'],
    ['<!here> <!everyone>', '&lt;!here&gt; &lt;!everyone&gt;'],
    ['<@U123>', '&lt;@U123&gt;'],
    ['<#C123|general>', '&lt;#C123|general&gt;'],
    ['<https://evil.example|click me>', '&lt;https://evil.example|click me&gt;'],
    ['&amp;', '&amp;amp;'],
    ['&lt;!channel&gt;', '&amp;lt;!channel&amp;gt;'],
    ['a & b > c < d', 'a &amp; b &gt; c &lt; d'],
    ['*bold* _it_ `code` ~x~', '*bold* _it_ `code` ~x~'],
    ['', ''],
    ['🔥 שלום', '🔥 שלום'],
  ];
  for (const [input, expected] of cases) {
    void test(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(escapeMrkdwn(input), expected);
    });
  }

  void test('the result never contains < or >, and every & starts an entity we wrote', () => {
    for (const input of ['<<>>&&', '<!channel|x>', '&<>&lt;&gt;&amp;', '<'.repeat(100)]) {
      const out = escapeMrkdwn(input);
      assert.ok(!/[<>]/.test(out), out);
      assert.ok(!/&(?!amp;|lt;|gt;)/.test(out), out);
      // Unescaping gives back exactly the input, so nothing was lost or double-counted.
      assert.equal(out.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'), input);
    }
  });
});

void describe('truncateText', () => {
  void test('short text is left alone', () => {
    assert.equal(truncateText('hello', 10), 'hello');
    assert.equal(truncateText('hello', 5), 'hello');
    assert.equal(truncateText('', 0), '');
    assert.equal(truncateText('hello', Infinity), 'hello');
  });

  void test('long text is cut with an ellipsis within max', () => {
    assert.equal(truncateText('hello world', 5), 'hell…');
    assert.equal(truncateText('hello world', 6), 'hello…');
    assert.equal(truncateText('hello', 4.9), 'hel…');
    assert.equal(truncateText('hello', 1), '…');
  });

  void test('no room at all gives an empty string', () => {
    assert.equal(truncateText('hello', 0), '');
    assert.equal(truncateText('hello', -3), '');
    assert.equal(truncateText('hello', NaN), '');
  });

  void test('never splits a surrogate pair', () => {
    // '😀' is two code units.
    assert.equal(truncateText('😀😀😀', 4), '😀…');
    assert.equal(truncateText('😀😀😀', 5), '😀😀…');
    assert.equal(truncateText('😀😀😀', 2), '…');
    assert.equal(truncateText('a😀b', 3), 'a…');
    assert.equal(truncateText('a😀b', 4), 'a😀b');
  });

  void test('for every max, the result is well-formed, within max and a prefix of the input', () => {
    const input = 'ab😀c🔥🔥 שלום 👨‍👩‍👧 d𝄞e';
    for (let max = 0; max <= input.length + 1; max++) {
      const out = truncateText(input, max);
      assert.ok(out.length <= max, `max ${max}: ${out}`);
      assert.ok(!/\p{Cs}/u.test(out), `max ${max} left a lone surrogate`);
      if (max >= input.length) assert.equal(out, input);
      else if (max > 0) {
        assert.ok(out.endsWith('…'));
        assert.ok(input.startsWith(out.slice(0, -1)));
      }
    }
  });
});
