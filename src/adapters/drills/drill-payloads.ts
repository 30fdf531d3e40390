/**
 * The webhook deliveries a drill sends: each provider's own shape (the ones its parser reads),
 * carrying the drill marker where that provider carries metadata.
 */
import { createHash } from 'node:crypto';
import type { AlertProvider } from '../../core/alert.js';
import { DRILL_MARKER } from '../../core/drill.js';
import type { DrillAlert, DrillScenario } from '../../core/drill-scenario.js';

const PRIORITY = { SEV1: 'P1', SEV2: 'P2', SEV3: 'P3', SEV4: 'P4' } as const;

const idOf = (run: string, i: number): string => createHash('sha256').update(`${run}:${i}`).digest('hex').slice(0, 16);
const tagsOf = (alert: DrillAlert, run: string): string[] => [...Object.entries(alert.labels).map(([k, v]) => `${k}:${v}`), `${DRILL_MARKER}:${run}`];

/** One JSON body per delivery (Alertmanager sends the whole group at once; the others one alert each). */
export function drillDeliveries(provider: AlertProvider, scenario: DrillScenario, run: string, now: Date): string[] {
  const alerts = scenario.alerts.map((alert, i) => ({ alert, id: idOf(run, i) }));
  const priority = PRIORITY[scenario.severity];
  switch (provider) {
    case 'alertmanager':
      return [
        JSON.stringify({
          version: '4',
          receiver: 'warroom',
          status: 'firing',
          groupKey: `{}:{${DRILL_MARKER}="${run}"}`,
          groupLabels: { [DRILL_MARKER]: run },
          commonLabels: {},
          commonAnnotations: {},
          externalURL: '',
          truncatedAlerts: 0,
          alerts: alerts.map(({ alert, id }) => ({
            status: 'firing',
            labels: { ...alert.labels, [DRILL_MARKER]: run },
            annotations: { summary: alert.title },
            startsAt: now.toISOString(),
            endsAt: '0001-01-01T00:00:00Z',
            fingerprint: id,
          })),
        }),
      ];
    case 'datadog':
      return alerts.map(({ alert, id }) =>
        JSON.stringify({
          warroom_template: 'v1',
          id: `${id}-event`,
          alert_id: id,
          alert_cycle_key: `${id}-cycle`,
          alert_transition: 'Triggered',
          alert_priority: priority,
          alert_status: 'Alert',
          title: `[Triggered] ${alert.title}`,
          body: scenario.description,
          tags: tagsOf(alert, run).join(','),
          link: '',
          hostname: '',
          date: String(now.getTime()),
          last_updated: String(now.getTime()),
          event_type: 'query_alert_monitor',
        }),
      );
    // JSM Operations' outgoing webhook sends Opsgenie's alert action data.
    case 'opsgenie':
    case 'jsm':
      return alerts.map(({ alert, id }) =>
        JSON.stringify({
          action: 'Create',
          alert: { alertId: id, alias: `${run}-${id}`, message: alert.title, tags: tagsOf(alert, run), priority, createdAt: now.getTime(), updatedAt: now.getTime() * 1_000_000 },
          source: { name: 'warroom drill', type: 'API' },
        }),
      );
    case 'pagerduty':
      return alerts.map(({ alert, id }) =>
        JSON.stringify({
          event: {
            id: `${id}-event`,
            event_type: 'incident.triggered',
            resource_type: 'incident',
            occurred_at: now.toISOString(),
            data: {
              id: `PDRILL${id.slice(0, 8).toUpperCase()}`,
              type: 'incident',
              title: alert.title,
              status: 'triggered',
              // The Events API dedup_key becomes the incident key: the drill marker.
              incident_key: `${DRILL_MARKER}:${run}`,
              service: alert.labels.pagerduty_service_id ? { id: alert.labels.pagerduty_service_id } : null,
              priority: { summary: priority },
              urgency: 'high',
            },
          },
        }),
      );
  }
}
