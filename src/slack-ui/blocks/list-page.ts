import type { Incident } from '../../core/incident.js';
import { severityRank } from '../../core/severity.js';

/**
 * Open incidents are listed 20 to a page, worst first: one page (a section per incident) stays far
 * under a message's 50 blocks and its total text, and the App Home shows the same first page.
 */
export const LIST_PAGE_SIZE = 20;

/** Worst severity first; equal severities keep the order they came in (newest first from the store). */
export function worstFirst<T extends { incident: Incident }>(entries: readonly T[]): T[] {
  return entries
    .map((entry, order) => ({ entry, order }))
    .sort((a, b) => severityRank(a.entry.incident.severity) - severityRank(b.entry.incident.severity) || a.order - b.order)
    .map(({ entry }) => entry);
}

/** Page `page` (from 1; past the end gives the last page) of `items`, with what the reader needs to find the rest. */
export function listPage<T>(items: readonly T[], page: number): { items: T[]; page: number; pages: number; after: number } {
  const pages = Math.max(1, Math.ceil(items.length / LIST_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pages);
  const start = (current - 1) * LIST_PAGE_SIZE;
  const shown = items.slice(start, start + LIST_PAGE_SIZE);
  return { items: shown, page: current, pages, after: items.length - start - shown.length };
}

/** "and 40 more: `/incident list --page 2`", or null on the last page. */
export function moreNote(listed: { page: number; after: number }): string | null {
  return listed.after > 0 ? `and ${listed.after} more: \`/incident list --page ${listed.page + 1}\`` : null;
}
