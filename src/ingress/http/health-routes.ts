import type { CheckReadiness } from '../../app/check-readiness.js';
import type { Route } from './route.js';
import { sendJson, sendText } from './respond.js';
import type { HttpTelemetry } from './telemetry.js';

/** /healthz (the process lives), /readyz (dependencies, 503 when the database is down), /metrics. */
export function healthRoutes(deps: { checkReadiness: CheckReadiness; telemetry: HttpTelemetry }): Route[] {
  return [
    {
      method: 'GET',
      path: '/healthz',
      handler: (_req, res) => {
        sendJson(res, 200, { status: 'ok' });
        return Promise.resolve();
      },
    },
    {
      method: 'GET',
      path: '/readyz',
      handler: async (_req, res) => {
        const report = await deps.checkReadiness();
        sendJson(res, report.ready ? 200 : 503, { status: report.ready ? 'ready' : 'unavailable', dependencies: report.dependencies });
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      handler: async (_req, res) => {
        sendText(res, 200, deps.telemetry.registry.contentType, await deps.telemetry.registry.metrics());
      },
    },
  ];
}
