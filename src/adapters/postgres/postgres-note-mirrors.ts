import type { Knex } from 'knex';
import type { NoteMirror, NoteMirrorStatus, NoteMirrorStore } from '../../app/ports/paging.js';
import { guardDatabase } from './unavailable.js';

const keyOf = (m: NoteMirror) => ({ provider: m.provider, reference: m.reference, note_key: m.noteKey });

export function createPostgresNoteMirrors(db: Knex): NoteMirrorStore {
  return {
    intend: (incidentId, mirror, at) =>
      guardDatabase(async () => {
        const inserted = (await db('note_mirrors')
          .insert({ incident_id: incidentId, ...keyOf(mirror), status: 'sending', created_at: at })
          .onConflict(['provider', 'reference', 'note_key'])
          .ignore()
          .returning('id')) as unknown[];
        if (inserted.length > 0) return 'new';
        const row = (await db('note_mirrors').select('status').where(keyOf(mirror)).first()) as { status: NoteMirrorStatus };
        return row.status;
      }),
    markSent: (mirror, at) =>
      guardDatabase(async () => {
        await db('note_mirrors').where(keyOf(mirror)).update({ status: 'sent', sent_at: at, error: null });
      }),
    markFailed: (mirror, error) =>
      guardDatabase(async () => {
        await db('note_mirrors').where(keyOf(mirror)).whereNot('status', 'sent').update({ status: 'failed', error: error.slice(0, 1000) });
      }),
  };
}
