import type { Knex } from 'knex';
import type { RoomChanges } from '../../app/ports/room-changes.js';
import { guardDatabase } from './unavailable.js';

/** RoomChanges on PostgreSQL: the incident's version and its newest event id, by the (incident_id, at, id) index. */
export function createPostgresRoomChanges(db: Knex): RoomChanges {
  return {
    markOf: (incidentId) =>
      guardDatabase(async () => {
        const result = await db.raw<{ rows: { version: number; last_event: string | null }[] }>(
          `select i.version, (select max(e.id) from timeline_events e where e.incident_id = i.id) as last_event
           from incidents i where i.id = ?`,
          [incidentId],
        );
        const row = result.rows[0];
        return row === undefined ? null : `${row.version}:${row.last_event ?? 0}`;
      }),
  };
}
