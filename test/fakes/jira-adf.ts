/**
 * What Jira checks of an Atlassian Document Format description, as far as Warroom writes one
 * (https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/): a `doc` of version 1
 * whose blocks are paragraphs of text nodes (non-empty `text`; `link` marks with an href) and hard
 * breaks. Anything else is refused, as Jira refuses a description that is not a valid document.
 */
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why `doc` is not a document Jira would take, or null when it is. */
export function adfProblem(doc: unknown): string | null {
  if (!isObject(doc) || doc['type'] !== 'doc') return 'the root node must be of type doc';
  if (doc['version'] !== 1) return 'the document version must be 1';
  if (!Array.isArray(doc['content'])) return 'the document must have content';
  for (const block of doc['content'] as unknown[]) {
    if (!isObject(block) || block['type'] !== 'paragraph') return 'only paragraph blocks are expected';
    const inline = block['content'] ?? [];
    if (!Array.isArray(inline)) return 'a paragraph content must be a list';
    for (const node of inline as unknown[]) {
      const problem = inlineProblem(node);
      if (problem !== null) return problem;
    }
  }
  return null;
}

function inlineProblem(node: unknown): string | null {
  if (!isObject(node)) return 'an inline node must be an object';
  if (node['type'] === 'hardBreak') return null;
  if (node['type'] !== 'text') return `unexpected inline node ${String(node['type'])}`;
  if (typeof node['text'] !== 'string' || node['text'].length === 0) return 'a text node must not be empty';
  const marks = node['marks'] ?? [];
  if (!Array.isArray(marks)) return 'marks must be a list';
  for (const mark of marks as unknown[]) {
    if (!isObject(mark) || mark['type'] !== 'link' || !isObject(mark['attrs']) || typeof mark['attrs']['href'] !== 'string') return 'only link marks with an href are expected';
  }
  return null;
}
