import type { PeopleNames } from './people.js';
import { displayActor, formatTime, inline } from './postmortem-text.js';
import { updateOfEvent } from './statuspage.js';
import type { TimelineEvent } from './timeline.js';

/** What customers were told on the status page, when and by whom (by name); left out when nothing was published. */
export function statusPageSection(out: string[], events: readonly TimelineEvent[], names: PeopleNames): void {
  const published = events.filter((e) => e.kind === 'statuspage_update');
  if (published.length === 0) return;
  out.push('## Status page', '');
  for (const e of published) {
    const update = updateOfEvent(e);
    const what = update === null ? e.text : `${update.status}: ${update.name} — ${update.body}`;
    out.push(`- ${formatTime(e.at)} (${displayActor(e.actor, names)}): ${inline(what)}`);
  }
  out.push('');
}
