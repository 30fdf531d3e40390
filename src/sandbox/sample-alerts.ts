/**
 * Sample alerts for the sandbox's buttons: a firing alert for the checkout service as PagerDuty
 * (V3 webhook, signed with `X-PagerDuty-Signature`), Datadog (Warroom's recommended template,
 * bearer token) and Alertmanager (webhook_config version 4, bearer token) send it. The sandbox
 * posts them to the real `/webhooks/<provider>` routes, so they go through the same checks.
 */
import { randomUUID } from 'node:crypto';

export const SAMPLE_ALERT_PROVIDERS = ['pagerduty', 'datadog', 'alertmanager'] as const;
export type SampleAlertProvider = (typeof SAMPLE_ALERT_PROVIDERS)[number];

export interface SampleAlertSecrets {
  readonly pagerdutyWebhookSecret: string;
  readonly datadogWebhookToken: string;
  readonly alertmanagerWebhookToken: string;
}

/** Ids the sandbox's default config matches the samples with. */
export const SANDBOX_PAGERDUTY_SERVICE_ID = 'PSBXCHK';
export const SANDBOX_ESCALATION_POLICY_ID = 'PSBXPOL';

/**
 * Signs a body as PagerDuty does (`v1=<hex>`): the adapter's signer, handed in by main.ts because
 * the sandbox may not import adapters, so the sandbox keeps no copy of the HMAC code.
 */
export type SignAsPagerDuty = (body: string, secret: string) => string;

/** What a sample alert is authenticated with. */
export interface SampleAlertAuth {
  readonly secrets: SampleAlertSecrets;
  readonly signAsPagerDuty: SignAsPagerDuty;
}

export interface SampleAlert {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

const TITLE = 'Checkout 5xx above 5 % in eu-west-1';

export function isSampleAlertProvider(value: string | undefined): value is SampleAlertProvider {
  return (SAMPLE_ALERT_PROVIDERS as readonly string[]).includes(value ?? '');
}

type Build = (auth: SampleAlertAuth, n: number, at: Date) => SampleAlert;

const JSON_TYPE = { 'content-type': 'application/json' };

/** A PagerDuty V3 webhook (incident.triggered), signed with the webhook secret. */
const pagerduty: Build = ({ secrets, signAsPagerDuty }, n, at) => {
  const iso = at.toISOString();
  const id = `PSBXA${String(n).padStart(3, '0')}`;
  const body = JSON.stringify({
    event: {
      id: randomUUID(),
      event_type: 'incident.triggered',
      resource_type: 'incident',
      occurred_at: iso,
      agent: null,
      client: null,
      data: {
        id,
        type: 'incident',
        self: `https://api.pagerduty.com/incidents/${id}`,
        html_url: `https://sandbox.pagerduty.invalid/incidents/${id}`,
        number: n,
        status: 'triggered',
        incident_key: `sandbox-${id}`,
        created_at: iso,
        title: TITLE,
        service: { id: SANDBOX_PAGERDUTY_SERVICE_ID, type: 'service_reference', summary: 'checkout', self: `https://api.pagerduty.com/services/${SANDBOX_PAGERDUTY_SERVICE_ID}`, html_url: 'https://sandbox.pagerduty.invalid/services' },
        assignees: [],
        escalation_policy: { id: SANDBOX_ESCALATION_POLICY_ID, type: 'escalation_policy_reference', summary: 'Checkout', self: 'https://api.pagerduty.com/escalation_policies', html_url: 'https://sandbox.pagerduty.invalid/escalation_policies' },
        teams: [],
        priority: { id: 'PSBXP2', type: 'priority_reference', summary: 'P2', self: 'https://api.pagerduty.com/priorities', html_url: 'https://sandbox.pagerduty.invalid/priorities' },
        urgency: 'high',
        conference_bridge: null,
        resolve_reason: null,
      },
    },
  });
  const signature = signAsPagerDuty(body, secrets.pagerdutyWebhookSecret);
  return { body, headers: { ...JSON_TYPE, 'x-pagerduty-signature': signature, 'x-webhook-id': randomUUID() } };
};

/** A Datadog webhook in Warroom's recommended template, with the bearer token. */
const datadog: Build = ({ secrets }, n, at) => {
  const ms = String(at.getTime());
  const body = JSON.stringify({
    id: `${ms}${n}`,
    alert_id: `9000${n}`,
    alert_cycle_key: `${ms}${n}`,
    alert_transition: 'Triggered',
    alert_priority: 'P2',
    alert_status: 'Alert',
    title: `[Triggered] ${TITLE}`,
    body: 'The error rate of checkout in eu-west-1 is above 5 %.',
    tags: 'service:checkout,region:eu-west-1,env:sandbox',
    link: 'https://app.datadoghq.com/monitors',
    hostname: '',
    date: ms,
    last_updated: ms,
    org: { id: '1', name: 'Sandbox' },
    event_type: 'query_alert_monitor',
    warroom_template: 'v1',
  });
  return { body, headers: { ...JSON_TYPE, authorization: `Bearer ${secrets.datadogWebhookToken}` } };
};

/** An Alertmanager webhook (version 4), with the bearer token. */
const alertmanager: Build = ({ secrets }, n, at) => {
  const iso = at.toISOString();
  const labels = { alertname: 'CheckoutErrorRateHigh', service: 'checkout', region: 'eu-west-1', severity: 'critical' };
  const body = JSON.stringify({
    receiver: 'warroom',
    status: 'firing',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations: { summary: TITLE },
        startsAt: iso,
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.sandbox.invalid/graph',
        fingerprint: `sbx${String(n).padStart(13, '0')}`,
      },
    ],
    groupLabels: { alertname: labels.alertname },
    commonLabels: labels,
    commonAnnotations: { summary: TITLE },
    externalURL: 'http://alertmanager.sandbox.invalid',
    version: '4',
    groupKey: `{}:{alertname="CheckoutErrorRateHigh",n="${n}"}`,
    truncatedAlerts: 0,
  });
  return { body, headers: { ...JSON_TYPE, authorization: `Bearer ${secrets.alertmanagerWebhookToken}` } };
};

const BUILDERS: Readonly<Record<SampleAlertProvider, Build>> = { pagerduty, datadog, alertmanager };

/** A new firing alert each time (`n` keeps ids apart); `at` is when it fires. */
export function sampleAlert(provider: SampleAlertProvider, auth: SampleAlertAuth, n: number, at: Date): SampleAlert {
  return BUILDERS[provider](auth, n, at);
}
