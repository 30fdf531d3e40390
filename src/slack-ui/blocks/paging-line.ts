import type { PagingState } from '../../core/paging-state.js';
import { escapeWithin } from './escape-within.js';
import { pagedPeople, pagedPerson } from './paged-people.js';
import { slackDate } from './slack-date.js';

const SHOWN = 3;

/**
 * The summary's paging status in words: "Not paged", "Paged Alice via PagerDuty 2 minutes ago,
 * waiting for an ack", "Acknowledged by Alice via PagerDuty 1 minute ago" (without the names when
 * the provider gives none). Times are relative (`{ago}`), so the line stays true between edits of
 * the summary. The latest pages first.
 */
export function pagingLine(pages: PagingState): string {
  if (pages.length === 0) return 'Not paged';
  const latest = [...pages].reverse().slice(0, SHOWN);
  const lines = latest.map((p) => {
    const via = `via ${escapeWithin(p.provider, 40)}`;
    const by = p.acknowledgedBy ? `by ${pagedPerson(p.acknowledgedBy)} ` : '';
    const whom = pagedPeople(p.paged ?? []);
    return p.acknowledgedAt ? `Acknowledged ${by}${via} ${slackDate(p.acknowledgedAt, 'ago')}` : `Paged ${whom ? `${whom} ` : ''}${via} ${slackDate(p.sentAt, 'ago')}, waiting for an ack`;
  });
  const more = pages.length - latest.length;
  return `${lines.join('; ')}${more > 0 ? `; ${more} earlier ${more === 1 ? 'page' : 'pages'}` : ''}`;
}
