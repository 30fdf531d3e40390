import type { Incident } from '../../core/incident.js';
import { namesIn, personName, readableText, type PeopleNames } from '../../core/people.js';
import type { TimelineEvent } from '../../core/timeline.js';
import type { IncidentStore } from '../ports/incidents.js';
import { PagingUnavailableError, type NoteMirror, type NoteMirrorStore, type PagesStore, type PagingProvider, type PagingProviderName } from '../ports/paging.js';
import type { Clock, Logger } from '../ports/runtime.js';

/** FNV-1a (32 bits) from `seed`: a stable digest in pure code (the app layer does no I/O, node:crypto included). */
function fnv1a(text: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * A note's identity on our timeline, the same on every run of the job: when it was written and a
 * digest of who wrote what (timeline events have no id of their own in the port). Not a secret and
 * not adversarial: it only tells apart notes written in the same millisecond.
 */
export function noteKey(note: TimelineEvent): string {
  const what = `${note.actor}\n${note.text}`;
  return `${note.at.getTime().toString(36)}-${fnv1a(what, 0x811c9dc5).slice(0, 6)}${fnv1a(what, 0x01000193).slice(0, 6)}`;
}

/** The marker a mirrored note carries, by which a retry finds it at the provider. */
export const noteMarker = (incident: Incident, key: string): string => `[warroom ${incident.ref} note ${key}]`;

/**
 * A note that came from a provider (its webhook: alert-tracking records `data.provider`) is never
 * sent back to a provider: that would echo it forever between two systems that each mirror notes.
 */
const mirrorable = (e: TimelineEvent): boolean => e.kind === 'note_added' && typeof e.data.provider !== 'string';

/** The note as read outside Slack: people by name (never a bare id), then who wrote it and the marker. */
function noteText(note: TimelineEvent, names: PeopleNames, marker: string): string {
  return `${readableText(note, names)}\n\n— ${personName(note.actor, { ...names, ...note.names })}, in Warroom ${marker}`;
}

/**
 * Mirrors the incident's notes (written in Slack or through the API) to every linked provider page
 * of a provider in `paging.mirrorNotes`. Each note and page is an intent recorded first: a done one
 * is never redone, and one that may have been posted (the provider's answer or our record of it was
 * lost) is looked up at the provider by its marker before it is posted again. Outages are retried by
 * the job (thrown once every link was tried); a refusal is recorded and logged, not retried.
 */
export function createMirrorNotes(deps: {
  providers: Partial<Record<PagingProviderName, PagingProvider>>;
  store: IncidentStore;
  pages: PagesStore;
  mirrors: NoteMirrorStore;
  mirrorNotes: readonly PagingProviderName[];
  clock: Clock;
  log: Logger;
}): (incidentId: number) => Promise<void> {
  async function mirrorOne(incident: Incident, provider: PagingProvider, mirror: NoteMirror, note: TimelineEvent, names: PeopleNames): Promise<void> {
    const status = await deps.mirrors.intend(incident.id, mirror, deps.clock.now());
    if (status === 'sent' || status === 'failed') return;
    const marker = noteMarker(incident, mirror.noteKey);
    // 'sending': an earlier run got this far and may have posted it. Without a look-up this posts again (README: the window).
    const posted = status === 'sending' && provider.hasNote ? await provider.hasNote(mirror.reference, marker) : false;
    try {
      if (!posted) await provider.addNote(mirror.reference, noteText(note, names, marker));
    } catch (err) {
      if (err instanceof PagingUnavailableError) throw err;
      const message = err instanceof Error ? err.message : String(err);
      deps.log.warn({ incident: incident.ref, provider: mirror.provider, reference: mirror.reference, err: message }, 'the provider refused a mirrored note; not retried');
      await deps.mirrors.markFailed(mirror, message);
      return;
    }
    await deps.mirrors.markSent(mirror, deps.clock.now());
  }

  return async (incidentId) => {
    const incident = await deps.store.find(incidentId);
    // A private incident's notes stay in its private channel: the provider shows them to everyone on the service.
    if (!incident || incident.private === true) return;
    const links = (await deps.pages.forIncident(incidentId)).filter((p) => deps.mirrorNotes.includes(p.provider));
    if (links.length === 0) return;
    const timeline = await deps.store.timeline(incidentId);
    const names = namesIn(timeline);
    const notes = timeline.filter(mirrorable);
    let outage: PagingUnavailableError | null = null;
    for (const link of links) {
      const provider = deps.providers[link.provider];
      if (!provider) continue;
      // The notes written since the page went out: what its responders have not seen.
      for (const note of notes.filter((n) => n.at.getTime() >= link.sentAt.getTime())) {
        try {
          await mirrorOne(incident, provider, { provider: link.provider, reference: link.reference, noteKey: noteKey(note) }, note, names);
        } catch (err) {
          if (!(err instanceof PagingUnavailableError)) throw err;
          outage ??= err;
          break; // this provider is down: the others are still tried
        }
      }
    }
    if (outage) throw outage;
  };
}
