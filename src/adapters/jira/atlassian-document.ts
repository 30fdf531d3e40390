/**
 * The draft's plain-text paragraphs as an Atlassian Document Format (ADF) document, the only format
 * Jira Cloud's REST v3 accepts for a description
 * (https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/): a `doc` of version 1
 * holding `paragraph` nodes of `text` nodes, a line break inside a paragraph as a `hardBreak`, and
 * http(s) URLs carried as `link` marks so they stay clickable. Jira refuses an empty text node, so
 * blank lines and blank paragraphs leave none behind.
 */
import { safeText } from '../webhooks/safe-text.js';

export interface AdfLinkMark {
  readonly type: 'link';
  readonly attrs: { readonly href: string };
}
export type AdfInline = { readonly type: 'text'; readonly text: string; readonly marks?: readonly AdfLinkMark[] } | { readonly type: 'hardBreak' };
export interface AdfParagraph {
  readonly type: 'paragraph';
  readonly content: readonly AdfInline[];
}
export interface AdfDocument {
  readonly type: 'doc';
  readonly version: 1;
  readonly content: readonly AdfParagraph[];
}

/** Jira's text fields hold at most 32,767 characters; the rest of a very long draft is cut with an ellipsis. */
export const DESCRIPTION_MAX_CHARS = 32_000;
const URL = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]']/g;

export function atlassianDocument(paragraphs: readonly string[]): AdfDocument {
  let budget = DESCRIPTION_MAX_CHARS;
  const content: AdfParagraph[] = [];
  for (const paragraph of paragraphs) {
    if (budget <= 0) break;
    let text = safeText(paragraph).replace(/\r\n?/g, '\n').trim();
    if (text.length === 0) continue;
    if (text.length > budget) text = `${text.slice(0, Math.max(0, budget - 1))}…`;
    budget -= text.length;
    content.push({ type: 'paragraph', content: inlines(text) });
  }
  return { type: 'doc', version: 1, content };
}

/** One paragraph's lines, joined by hard breaks; blank lines leave no empty node. */
function inlines(text: string): AdfInline[] {
  const nodes: AdfInline[] = [];
  for (const line of text.split('\n')) {
    const pieces = linked(line.trim());
    if (pieces.length === 0) continue;
    if (nodes.length > 0) nodes.push({ type: 'hardBreak' });
    nodes.push(...pieces);
  }
  return nodes;
}

/** A line as text nodes, each URL in it a node with a link mark; never an empty node. */
function linked(line: string): AdfInline[] {
  const nodes: AdfInline[] = [];
  let at = 0;
  for (const match of line.matchAll(URL)) {
    const index = match.index;
    if (index > at) nodes.push({ type: 'text', text: line.slice(at, index) });
    nodes.push({ type: 'text', text: match[0], marks: [{ type: 'link', attrs: { href: match[0] } }] });
    at = index + match[0].length;
  }
  if (at < line.length) nodes.push({ type: 'text', text: line.slice(at) });
  return nodes;
}
