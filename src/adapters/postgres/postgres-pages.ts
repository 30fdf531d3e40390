import type { Knex } from 'knex';
import type { PagesStore, PagingProviderName } from '../../app/ports.js';
import { guardDatabase } from './unavailable.js';

export function createPostgresPages(db: Knex): PagesStore {
  return {
    record: (incidentId, receipt, target, at) =>
      guardDatabase(async () => {
        await db('pages')
          .insert({ incident_id: incidentId, provider: receipt.provider, reference: receipt.reference, target, url: receipt.url, sent_at: at })
          .onConflict(['provider', 'reference'])
          .ignore();
      }),
    forIncident: (incidentId) =>
      guardDatabase(async () => {
        const rows = (await db('pages').where({ incident_id: incidentId }).orderBy('id')) as { provider: PagingProviderName; reference: string; target: string; sent_at: Date; acknowledged_at: Date | null }[];
        return rows.map((r) => ({ provider: r.provider, reference: r.reference, target: r.target, sentAt: r.sent_at, acknowledgedAt: r.acknowledged_at }));
      }),
  };
}
