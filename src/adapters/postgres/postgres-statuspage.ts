import type { Knex } from 'knex';
import type { StatusPageLink, StatusPageSendState, StatusPageStore } from '../../app/ports/statuspage.js';
import { guardDatabase } from './unavailable.js';
import { whileAdvisoryLocked } from './while-advisory-locked.js';

/** Advisory lock keys of status-page work: this base plus the incident id (other locks use small constants). */
const STATUSPAGE_LOCK_BASE = 0x5354_0000_0000;

interface DbLinkRow {
  page_incident_id: string;
  url: string | null;
  public_status: string;
}

export function createPostgresStatusPage(db: Knex): StatusPageStore {
  const send = (incidentId: number, key: string) => db('statuspage_sends').where({ incident_id: incidentId, update_key: key });
  return {
    link: (incidentId) =>
      guardDatabase(async () => {
        const row = (await db('statuspage_incidents').select('page_incident_id', 'url', 'public_status').where({ incident_id: incidentId }).first()) as DbLinkRow | undefined;
        return row ? ({ pageIncidentId: row.page_incident_id, url: row.url, publicStatus: row.public_status } satisfies StatusPageLink) : null;
      }),
    saveLink: (incidentId, answer) =>
      guardDatabase(async () => {
        await db('statuspage_incidents')
          .insert({ incident_id: incidentId, page_incident_id: answer.id, url: answer.url, public_status: answer.status, updated_at: new Date() })
          .onConflict('incident_id')
          .merge(['page_incident_id', 'url', 'public_status', 'updated_at']);
      }),
    intend: (incidentId, key, at) =>
      guardDatabase(async () => {
        const inserted = (await db('statuspage_sends').insert({ incident_id: incidentId, update_key: key, status: 'sending', created_at: at }).onConflict(['incident_id', 'update_key']).ignore().returning('id')) as unknown[];
        if (inserted.length > 0) return 'new';
        const row = (await send(incidentId, key).select('status').first()) as { status: StatusPageSendState };
        return row.status;
      }),
    markSent: (incidentId, key, at) =>
      guardDatabase(async () => {
        await send(incidentId, key).update({ status: 'sent', sent_at: at, error: null });
      }),
    markFailed: (incidentId, key, error) =>
      guardDatabase(async () => {
        await send(incidentId, key).whereNot('status', 'sent').update({ status: 'failed', error: error.slice(0, 1000) });
      }),
    exclusively: async (incidentId, work) => ({ ran: (await whileAdvisoryLocked(db, STATUSPAGE_LOCK_BASE + incidentId, work)).ran }),
  };
}
