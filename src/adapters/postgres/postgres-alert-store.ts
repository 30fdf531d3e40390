import type { Knex } from 'knex';
import type { AlertProvider, AlertSignal, AlertStatus } from '../../core/alert.js';
import type { TrackedAlert } from '../../core/alert-tracking.js';
import type { AlertStore, AlertTransaction } from '../../app/ports/alerts.js';
import type { DbIncidentRow } from './incident-rows.js';
import { appendEvents, firstWithRoles, insertIncident, nextIncidentId, updateIncident } from './incident-writes.js';
import { enqueueSlackTasks } from './slack-task-writes.js';
import { personColumn } from './page-people-rows.js';
import { guardDatabase } from './unavailable.js';

const UPSERT_CHUNK = 1000;

/** Incident grouping keys are namespaced by provider: two providers may use the same ids. */
export const incidentGroupingKey = (provider: AlertProvider, key: string): string => `${provider}:${key}`;

/** AlertStore on PostgreSQL: each delivery is attached in one transaction, under advisory locks. */
export function createPostgresAlertStore(db: Knex): AlertStore {
  return {
    inTransaction: (work) => guardDatabase(() => db.transaction((trx) => work(transactionApi(trx)))),
  };
}

function transactionApi(trx: Knex.Transaction): AlertTransaction {
  const openIncidents = () => trx<DbIncidentRow>('incidents').whereNot('status', 'resolved');
  const tracksKey = (provider: AlertProvider, key: string) =>
    trx('alerts').select(trx.raw('1')).whereRaw('alerts.incident_id = incidents.id').andWhere({ provider, grouping_key: key });
  // A page Warroom sent comes back through the provider's webhook: it belongs to the paging incident.
  const pagedAs = (provider: AlertProvider, key: string) =>
    trx('pages').select(trx.raw('1')).whereRaw('pages.incident_id = incidents.id').andWhere({ provider, reference: key });

  return {
    // skip locked: another worker (here or on another replica) is attaching it right now.
    async claimDeliveries(provider, deliveryIds) {
      const rows = (await trx('deliveries')
        .select('delivery_id', 'signals')
        .where({ provider })
        .whereIn('delivery_id', [...deliveryIds])
        .whereNull('processed_at')
        .forUpdate()
        .skipLocked()) as { delivery_id: string; signals: AlertSignal[] }[];
      const byId = new Map(rows.map((r) => [r.delivery_id, r.signals]));
      return deliveryIds.flatMap((deliveryId) => {
        const signals = byId.get(deliveryId);
        return signals ? [{ deliveryId, signals }] : [];
      });
    },

    async markProcessed(provider, deliveryIds, at) {
      await trx('deliveries')
        .where({ provider })
        .whereIn('delivery_id', typeof deliveryIds === 'string' ? [deliveryIds] : [...deliveryIds])
        .update({ processed_at: at });
    },

    async lock(keys) {
      // Always in the same order, so two transactions never wait on each other in a cycle.
      for (const key of [...new Set(keys)].sort()) await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [key]);
    },

    async findOpenIncidentForKey(provider, key) {
      const row = await openIncidents()
        .where((q) => void q.where('grouping_key', incidentGroupingKey(provider, key)).orWhereExists(tracksKey(provider, key)).orWhereExists(pagedAs(provider, key)))
        .orderBy('id', 'desc')
        .first();
      return firstWithRoles(trx, row);
    },

    async findOpenIncidentPagedWith(provider, dedupKeys) {
      if (dedupKeys.length === 0) return null;
      const paged = trx('pages').select(trx.raw('1')).whereRaw('pages.incident_id = incidents.id').andWhere({ provider }).whereIn('dedup_key', [...dedupKeys]);
      return firstWithRoles(trx, await openIncidents().whereExists(paged).orderBy('id', 'desc').first());
    },

    async findOpenIncidentForService(service) {
      // Never a drill: a real alert must not land in a practice incident.
      return firstWithRoles(trx, await openIncidents().where('drill', false).whereRaw('? = any(services)', [service]).orderBy('id', 'desc').first());
    },

    async findLatestIncidentForKey(provider, key) {
      return firstWithRoles(trx, await trx<DbIncidentRow>('incidents').whereExists(tracksKey(provider, key)).orderBy('id', 'desc').first());
    },

    async lockIncident(id) {
      return firstWithRoles(trx, await trx<DbIncidentRow>('incidents').where({ id }).forUpdate().first());
    },

    allocateId: () => nextIncidentId(trx),
    insertIncident: (incident, events, key, tasks) => insertIncident(trx, incident, events, key, tasks),
    updateIncident: (incident, baseVersion, events, tasks) => updateIncident(trx, incident, baseVersion, events, tasks),
    enqueue: (incidentId, tasks) => enqueueSlackTasks(trx, incidentId, tasks),
    appendEvents: (incidentId, events) => appendEvents(trx, incidentId, events),

    async trackedAlerts(incidentId, provider, fingerprints) {
      const rows = await trx<{ fingerprint: string; status: AlertStatus; incident_id: number; provider: string }>('alerts')
        .select('fingerprint', 'status')
        .where({ incident_id: incidentId, provider })
        .whereRaw('fingerprint = any(?)', [[...fingerprints]]);
      return new Map<string, TrackedAlert>(rows.map((r) => [r.fingerprint, r]));
    },

    async saveAlerts(incidentId, groupingKey, service, alerts, at) {
      const rows = [...alerts].map(([fingerprint, { status, signal, seen }]) => ({
        incident_id: incidentId,
        provider: signal.provider,
        grouping_key: groupingKey,
        fingerprint,
        status,
        title: signal.title,
        priority: signal.priority,
        service,
        signal: JSON.stringify(signal),
        occurrences: seen,
        first_seen_at: at,
        last_seen_at: at,
        resolved_at: status === 'resolved' ? at : null,
      }));
      for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
        await trx('alerts')
          .insert(rows.slice(i, i + UPSERT_CHUNK))
          .onConflict(['incident_id', 'provider', 'fingerprint'])
          .merge({
            status: trx.raw('excluded.status'),
            title: trx.raw('excluded.title'),
            priority: trx.raw('excluded.priority'),
            signal: trx.raw('excluded.signal'),
            last_seen_at: trx.raw('excluded.last_seen_at'),
            occurrences: trx.raw('alerts.occurrences + excluded.occurrences'),
            resolved_at: trx.raw("case when excluded.status = 'resolved' then coalesce(alerts.resolved_at, excluded.resolved_at) end"),
          });
      }
    },

    async acknowledgePage(provider, reference, at, by) {
      const rows: { incident_id: number }[] = await trx('pages').where({ provider, reference }).whereNull('acknowledged_at').update({ acknowledged_at: at }).returning('incident_id');
      if (by) await trx('pages').where({ provider, reference }).whereNull('acknowledged_by').update({ acknowledged_by: personColumn(by) });
      return rows[0]?.incident_id ?? null;
    },

    async unresolvedAlertCount(incidentId) {
      const row = await trx('alerts').where({ incident_id: incidentId }).whereNot('status', 'resolved').count<{ n: string }[]>({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },
  };
}
