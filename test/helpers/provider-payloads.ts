/**
 * Payload builders true to the providers' documented shapes (see test/fixtures/<provider>/ for
 * captured examples), with the ids a test needs to control.
 */

export function pagerDutyEvent(o: { eventId: string; type: string; incidentId: string; incidentKey?: string; title?: string; status?: string; serviceId?: string; priority?: string | null; urgency?: string; content?: string }): Record<string, unknown> {
  const incidentRef = {
    id: o.incidentId,
    type: 'incident_reference',
    self: `https://api.pagerduty.com/incidents/${o.incidentId}`,
    html_url: `https://acme.pagerduty.com/incidents/${o.incidentId}`,
    summary: o.title ?? 'Checkout 5xx',
  };
  const data =
    o.type === 'incident.annotated'
      ? { incident: incidentRef, id: 'PNOTE01', content: o.content ?? 'a note', trimmed: false, type: 'incident_note' }
      : {
          id: o.incidentId,
          type: 'incident',
          self: `https://api.pagerduty.com/incidents/${o.incidentId}`,
          html_url: `https://acme.pagerduty.com/incidents/${o.incidentId}`,
          number: 9,
          status: o.status ?? 'triggered',
          incident_key: o.incidentKey ?? `key-${o.incidentId}`,
          created_at: '2026-11-23T10:00:00Z',
          title: o.title ?? 'Checkout 5xx',
          service: { html_url: 'https://acme.pagerduty.com/services/PA2P440', id: o.serviceId ?? 'PA2P440', self: 'https://api.pagerduty.com/services/PA2P440', summary: 'checkout', type: 'service_reference' },
          assignees: [],
          escalation_policy: { id: 'PY82TC6', type: 'escalation_policy_reference', summary: 'Default', self: 'https://api.pagerduty.com/escalation_policies/PY82TC6', html_url: 'https://acme.pagerduty.com/escalation_policies/PY82TC6' },
          teams: [],
          priority: o.priority ? { id: 'PSO75BM', type: 'priority_reference', summary: o.priority, self: 'https://api.pagerduty.com/priorities/PSO75BM', html_url: 'https://acme.pagerduty.com/account/incident_priorities' } : null,
          urgency: o.urgency ?? 'high',
          conference_bridge: null,
          resolve_reason: null,
        };
  return {
    event: {
      id: o.eventId,
      event_type: o.type,
      resource_type: 'incident',
      occurred_at: '2026-11-23T10:00:00.000Z',
      agent: { html_url: 'https://acme.pagerduty.com/users/PLH1HKV', id: 'PLH1HKV', self: 'https://api.pagerduty.com/users/PLH1HKV', summary: 'Tenex Engineer', type: 'user_reference' },
      client: null,
      data,
    },
  };
}

/** X-PagerDuty-Signature as PagerDuty sends it: the project's one signer, next to its verifier. */
export { pagerDutySignature } from '../../src/adapters/pagerduty/sign.js';

/** Opsgenie alert action data; updatedAt is a 19-digit nanosecond timestamp written as raw digits. */
export function opsgenieAction(o: { action: string; alertId: string; alias?: string; message?: string; updatedAtNs: string; tags?: string[]; priority?: string; note?: string }): string {
  const alert: Record<string, unknown> = {
    tags: o.tags ?? ['service:checkout'],
    teams: ['team1'],
    recipients: ['recipient1'],
    message: o.message ?? 'Checkout latency high',
    username: 'oncall@example.com',
    alertId: o.alertId,
    source: 'Datadog',
    alias: o.alias ?? '',
    tinyId: '23',
    createdAt: 1763892000000,
    userId: 'daed1180-0ce8-438b-8f8e-57e1a5920a2d',
    entity: '',
    priority: o.priority ?? 'P2',
  };
  if (o.note !== undefined) alert.note = o.note;
  // Hand-built so that updatedAt stays a bare 19-digit number, as Opsgenie sends it.
  const json = JSON.stringify({ source: { name: 'web', type: 'API' }, alert: { ...alert, updatedAt: '__NS__' }, action: o.action, integrationId: '37c8f316-17c6-49d7-899b-9c7e540c048d', integrationName: 'Warroom' });
  return json.replace('"__NS__"', o.updatedAtNs);
}

/** Datadog's recommended Warroom template, filled in as Datadog would. */
export function datadogRecommended(o: { alertId: string; cycleKey: string; transition: string; title?: string; priority?: string; tags?: string; hostname?: string; eventId?: string }): Record<string, unknown> {
  return {
    id: o.eventId ?? `${o.cycleKey}${o.transition.length}`,
    alert_id: o.alertId,
    alert_cycle_key: o.cycleKey,
    alert_transition: o.transition,
    alert_priority: o.priority ?? 'P2',
    alert_status: o.transition === 'Recovered' ? 'OK' : 'Alert',
    title: `[${o.transition}] ${o.title ?? 'Checkout error rate'}`,
    body: 'The error rate is above 5 %',
    tags: o.tags ?? 'service:checkout,env:prod',
    link: `https://app.datadoghq.com/monitors/${o.alertId}`,
    hostname: o.hostname ?? '',
    date: '1763892000000',
    last_updated: '1763892000000',
    org: { id: '415600', name: 'Acme' },
    event_type: 'query_alert_monitor',
    warroom_template: 'v1',
  };
}

/** Datadog's default payload template. */
export function datadogDefault(o: { id: string; title: string; monitorId: string }): Record<string, unknown> {
  return {
    body: `%%%\nThe monitor was last triggered.\n\n[[Monitor Status](https://app.datadoghq.com/monitors#${o.monitorId}?)]\n%%%`,
    last_updated: '1763892000000',
    event_type: 'query_alert_monitor',
    title: o.title,
    date: '1763892000000',
    org: { id: '415600', name: 'Acme' },
    id: o.id,
  };
}

/** Alertmanager webhook_config payload, version 4. */
export function alertmanagerDelivery(o: { groupKey: string; alerts: { fingerprint?: string; status: 'firing' | 'resolved'; labels: Record<string, string>; summary?: string }[]; status?: string }): Record<string, unknown> {
  return {
    receiver: 'warroom',
    status: o.status ?? (o.alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved'),
    alerts: o.alerts.map((a) => ({
      status: a.status,
      labels: a.labels,
      annotations: { summary: a.summary ?? a.labels.alertname ?? 'alert' },
      startsAt: '2026-11-23T10:00:00.000Z',
      endsAt: a.status === 'resolved' ? '2026-11-23T10:20:00.000Z' : '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph?g0.expr=up',
      ...(a.fingerprint !== undefined ? { fingerprint: a.fingerprint } : {}),
    })),
    groupLabels: { alertname: o.alerts[0]?.labels.alertname ?? 'x' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    version: '4',
    groupKey: o.groupKey,
    truncatedAlerts: 0,
  };
}
