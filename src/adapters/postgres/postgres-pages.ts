import type { Knex } from 'knex';
import type { PageStatus, PagesStore, PagingProviderName } from '../../app/ports/paging.js';
import { peopleColumn, peopleFromColumn, personColumn, personFromColumn } from './page-people-rows.js';
import { guardDatabase } from './unavailable.js';

export function createPostgresPages(db: Knex): PagesStore {
  return {
    intend: (incidentId, intent, at) =>
      guardDatabase(async () => {
        const key = { provider: intent.provider, dedup_key: intent.dedupKey };
        // The unique index is partial (older rows have no key): its predicate names it for ON CONFLICT.
        const insert = db('pages').insert({ incident_id: incidentId, ...key, target: intent.target, status: 'sending', sent_at: at });
        await db.raw('? on conflict (provider, dedup_key) where dedup_key is not null do nothing', [insert]);
        const row = (await db('pages').select('status').where(key).first()) as { status: PageStatus };
        return row.status;
      }),
    markSent: (dedupKey, receipt, at) =>
      guardDatabase(async () => {
        const paged = receipt.paged && receipt.paged.length > 0 ? { paged_people: peopleColumn(receipt.paged) } : {};
        await db('pages').where({ provider: receipt.provider, dedup_key: dedupKey }).update({ status: 'sent', reference: receipt.reference, url: receipt.url, sent_at: at, ...paged });
      }),
    markFailed: (provider, dedupKey) =>
      guardDatabase(async () => {
        await db('pages').where({ provider, dedup_key: dedupKey }).whereNot('status', 'sent').update({ status: 'failed' });
      }),
    markAcknowledged: (provider, reference, at, people) =>
      guardDatabase(async () => {
        // One statement, so the poll and the webhook (postgres-alert-store) cannot both see it as news.
        const news = await db('pages').where({ provider, reference }).whereNull('acknowledged_at').update({ acknowledged_at: at });
        const by = people?.acknowledgedBy;
        if (by) await db('pages').where({ provider, reference }).whereNull('acknowledged_by').update({ acknowledged_by: personColumn(by) });
        if (people && people.paged.length > 0) await db('pages').where({ provider, reference }).whereNull('paged_people').update({ paged_people: peopleColumn(people.paged) });
        return news > 0;
      }),
    forIncident: (incidentId) =>
      guardDatabase(async () => {
        const rows = (await db('pages').where({ incident_id: incidentId, status: 'sent' }).whereNotNull('reference').orderBy('id')) as {
          provider: PagingProviderName;
          reference: string;
          target: string;
          sent_at: Date;
          acknowledged_at: Date | null;
          paged_people: unknown;
          acknowledged_by: unknown;
        }[];
        return rows.map((r) => ({
          provider: r.provider,
          reference: r.reference,
          target: r.target,
          sentAt: r.sent_at,
          acknowledgedAt: r.acknowledged_at,
          paged: peopleFromColumn(r.paged_people),
          acknowledgedBy: personFromColumn(r.acknowledged_by),
        }));
      }),
  };
}
