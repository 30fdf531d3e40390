// The draft's paragraphs as an Atlassian document Jira accepts: doc/version 1/paragraph/text, never an empty text node.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { atlassianDocument, DESCRIPTION_MAX_CHARS } from '../../src/adapters/jira/atlassian-document.js';
import { adfProblem } from '../fakes/jira-adf.js';

test('each paragraph becomes a paragraph of one text node', () => {
  assert.deepEqual(atlassianDocument(['Incident INC-7: checkout is slow', 'Owner: Alice']), {
    type: 'doc',
    version: 1,
    content: [
      { type: 'paragraph', content: [{ type: 'text', text: 'Incident INC-7: checkout is slow' }] },
      { type: 'paragraph', content: [{ type: 'text', text: 'Owner: Alice' }] },
    ],
  });
});

test('blank paragraphs and blank lines leave no empty text node; lines are joined by hard breaks', () => {
  const doc = atlassianDocument(['', '   ', 'first\n\n  second  \r\nthird']);
  assert.deepEqual(doc.content, [
    { type: 'paragraph', content: [{ type: 'text', text: 'first' }, { type: 'hardBreak' }, { type: 'text', text: 'second' }, { type: 'hardBreak' }, { type: 'text', text: 'third' }] },
  ]);
  assert.deepEqual(atlassianDocument([]), { type: 'doc', version: 1, content: [] });
  assert.equal(adfProblem(doc), null);
});

test('a URL is a text node with a link mark, so the link back to Warroom stays clickable', () => {
  const doc = atlassianDocument(['See https://warroom.example.com/incidents/INC-7. Thanks']);
  assert.deepEqual(doc.content[0]?.content, [
    { type: 'text', text: 'See ' },
    { type: 'text', text: 'https://warroom.example.com/incidents/INC-7', marks: [{ type: 'link', attrs: { href: 'https://warroom.example.com/incidents/INC-7' } }] },
    { type: 'text', text: '. Thanks' },
  ]);
});

test('any input stays a valid document within Jira’s text limit (NUL and lone surrogates cleaned)', () => {
  const doc = atlassianDocument(['a\0b\ud800', 'x'.repeat(40_000), 'never reached']);
  assert.equal(adfProblem(doc), null);
  const texts = doc.content.flatMap((p) => p.content.map((n) => (n.type === 'text' ? n.text : '')));
  assert.equal(texts[0], 'ab\uFFFD');
  assert.ok(texts.join('').length <= DESCRIPTION_MAX_CHARS);
  assert.equal(doc.content.length, 2);
});
