import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Telemetry } from '../../app/ports/telemetry.js';
import { registerOperationsMetrics, type OperationsMetrics } from './operations-metrics.js';
import { registerPagingCheckMetrics } from './paging-check-metrics.js';

export interface HttpTelemetry extends Telemetry, OperationsMetrics {
  readonly registry: Registry;
  requestFinished(route: string, method: string, status: number, seconds: number): void;
  largeBodiesBuffering(count: number): void;
  retentionDeleted(table: string, count: number): void;
}

/** Prometheus metrics: Node's defaults plus `warroom_*` request and job metrics. */
export function createTelemetry(): HttpTelemetry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'warroom_http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status code',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [registry],
  });
  const requestSeconds = new Histogram({
    name: 'warroom_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route pattern',
    labelNames: ['route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const jobs = new Counter({
    name: 'warroom_jobs_total',
    help: 'Background jobs finished, by job name and outcome',
    labelNames: ['job', 'outcome'] as const,
    registers: [registry],
  });
  const jobSeconds = new Histogram({
    name: 'warroom_job_duration_seconds',
    help: 'Time a background job ran, by job name',
    labelNames: ['job'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const webhooks = new Counter({
    name: 'warroom_webhook_requests_total',
    help: 'Webhook deliveries answered, by provider and outcome (stored, duplicate, unauthorized, malformed, too_large, busy, unavailable, error)',
    labelNames: ['provider', 'outcome'] as const,
    registers: [registry],
  });
  const webhookSeconds = new Histogram({
    name: 'warroom_webhook_answer_seconds',
    help: 'Time from a webhook request to its answer, by provider',
    labelNames: ['provider'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const alerts = new Counter({
    name: 'warroom_alerts_total',
    help: 'Alert signals received in stored deliveries, by provider and status',
    labelNames: ['provider', 'status'] as const,
    registers: [registry],
  });
  const dependencyUp = new Gauge({
    name: 'warroom_dependency_up',
    help: '1 when the outside system answered the last call Warroom made to it, 0 while it is failing',
    labelNames: ['dependency'] as const,
    registers: [registry],
  });
  const roomSetupsStuck = new Gauge({
    name: 'warroom_room_setups_stuck',
    help: 'Room set-ups (channel creation) that failed several times in a row and are still being retried, as this replica last counted them',
    registers: [registry],
  });
  const largeBodies = new Gauge({
    name: 'warroom_webhook_large_bodies_buffering',
    help: 'Webhook bodies over 1 MiB being read or handled now, each holding one of WEBHOOK_LARGE_BODY_CONCURRENCY slots',
    registers: [registry],
  });
  const retentionDeleted = new Counter({
    name: 'warroom_retention_deleted_total',
    help: 'Rows the retention job deleted, by table (an incident counts once; its timeline, alerts and tasks go with it)',
    labelNames: ['table'] as const,
    registers: [registry],
  });
  const operations = registerOperationsMetrics(registry);
  return {
    registry,
    ...operations,
    ...registerPagingCheckMetrics(registry),
    retentionDeleted(table, count) {
      retentionDeleted.inc({ table }, count);
    },
    largeBodiesBuffering(count) {
      largeBodies.set(count);
    },
    roomSetupsStuck(count) {
      roomSetupsStuck.set(count);
    },
    dependencyUp(name, up) {
      dependencyUp.set({ dependency: name }, up ? 1 : 0);
    },
    webhookAnswered(provider, outcome, seconds) {
      webhooks.inc({ provider, outcome });
      webhookSeconds.observe({ provider }, seconds);
    },
    alertsReceived(provider, status, count) {
      alerts.inc({ provider, status }, count);
    },
    requestFinished(route, method, status, seconds) {
      requests.inc({ route, method, status: String(status) });
      requestSeconds.observe({ route }, seconds);
    },
    jobFinished(name, outcome, seconds) {
      jobs.inc({ job: name, outcome });
      jobSeconds.observe({ job: name }, seconds);
    },
  };
}
