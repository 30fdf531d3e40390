import type { Knex } from 'knex';
import type { AlertProvider } from '../../core/alert.js';
import type { DeliveryStore } from '../../app/ports/webhooks.js';
import { guardDatabase } from './unavailable.js';

/** The grouping key all of a delivery's signals share, else null (read from the stored signals). */
const SINGLE_KEY = `case when not exists (
    select 1 from jsonb_array_elements(signals) s where s->>'groupingKey' is distinct from signals->0->>'groupingKey'
  ) then signals->0->>'groupingKey' end as key`;

/**
 * Deliveries on PostgreSQL. The primary key (provider, delivery_id) makes a repeated delivery a
 * no-op even when two replicas receive it at the same moment.
 */
export function createPostgresDeliveryStore(db: Knex): DeliveryStore {
  return {
    record: (provider, delivery, raw, receivedAt) =>
      guardDatabase(async () => {
        const inserted = await db('deliveries')
          .insert({
            provider,
            delivery_id: delivery.deliveryId,
            received_at: receivedAt,
            event_type: delivery.eventType,
            raw,
            // JSON.stringify here: pg would turn a JS array into a Postgres array literal.
            signals: JSON.stringify(delivery.signals),
            signal_count: delivery.signals.length,
            // Nothing to attach: done at once, so the sweeper never looks at it.
            processed_at: delivery.signals.length === 0 ? receivedAt : null,
          })
          .onConflict(['provider', 'delivery_id'])
          .ignore()
          .returning('delivery_id');
        return inserted.length > 0 ? 'stored' : 'duplicate';
      }),

    pending: (limit) =>
      guardDatabase(async () => {
        const rows = (await db('deliveries')
          .select('provider', 'delivery_id', db.raw(SINGLE_KEY))
          .whereNull('processed_at')
          .where((q) => void q.whereNull('attach_after').orWhere('attach_after', '<=', db.fn.now()))
          .orderBy('received_at')
          .limit(limit)) as { provider: AlertProvider; delivery_id: string; key: string | null }[];
        return rows.map((r) => ({ provider: r.provider, deliveryId: r.delivery_id, key: r.key }));
      }),

    deferAttach: (provider, deliveryId, error) =>
      guardDatabase(async () => {
        // 2, 4, 8 … seconds, at most 10 minutes: a delivery that keeps failing is retried, never dropped.
        const rows = await db('deliveries')
          .where({ provider, delivery_id: deliveryId })
          .update({
            attach_attempts: db.raw('attach_attempts + 1'),
            attach_after: db.raw(`now() + make_interval(secs => least(600, power(2, attach_attempts + 1)))`),
            attach_error: error.slice(0, 2000),
          })
          .returning<{ attach_attempts: number }[]>(['attach_attempts']);
        const attempts = rows[0]?.attach_attempts ?? 0;
        return { attempts, retryInSeconds: Math.min(600, 2 ** attempts) };
      }),
  };
}
