import type { Knex } from 'knex';
import type { RenderedChart, RenderedCharts } from '../../app/ports/metrics.js';
import { guardDatabase } from './unavailable.js';

interface ChartRow {
  id: number | string;
  title: string;
  created_at: Date;
}

/**
 * The charts the scope service rendered, read from the Slack outbox: each one is an `upload_chart`
 * task whose payload holds the PNG (base64), pending while Slack is down and kept once done, until
 * retention removes the tasks of a long-resolved incident. Why the outbox and not a re-render from
 * the latest scope snapshot: a snapshot keeps the classification and the regions' shares of one
 * instant, not the hour of per-region series the chart draws, so the queued PNG is the only copy.
 * Newest is the last queued (by id): the order the channel gets them in.
 */
export function createPostgresRenderedCharts(db: Knex): RenderedCharts {
  // Only rows whose payload has a PNG string: a malformed row (one the worker settles as unusable) is no chart.
  const newestRow = async <Row>(incidentId: number, withPng: boolean): Promise<Row | undefined> =>
    (await db('slack_tasks')
      .select('id', db.raw("coalesce(payload->>'title', '') as title"), 'created_at', ...(withPng ? [db.raw("payload->>'png' as png")] : []))
      .where({ incident_id: incidentId, kind: 'upload_chart' })
      .whereRaw("jsonb_typeof(payload->'png') = 'string'")
      .orderBy('id', 'desc')
      .first()) as Row | undefined;
  const chartOf = (row: ChartRow): RenderedChart => ({ version: Number(row.id), title: row.title, at: row.created_at });

  return {
    newest: (incidentId) =>
      guardDatabase(async () => {
        const row = await newestRow<ChartRow>(incidentId, false);
        return row ? chartOf(row) : null;
      }),
    newestPng: (incidentId) =>
      guardDatabase(async () => {
        const row = await newestRow<ChartRow & { png: string }>(incidentId, true);
        return row ? { ...chartOf(row), png: Buffer.from(row.png, 'base64') } : null;
      }),
  };
}
