import type { IncomingMessage } from 'node:http';
import type { CheckReadiness, ReadinessReport } from '../../app/check-readiness.js';
import { hasBearerToken } from './bearer-auth.js';
import type { Route } from './route.js';
import { sendJson, sendText } from './respond.js';
import type { HttpTelemetry } from './telemetry.js';

export interface HealthRouteTokens {
  /** WARROOM_API_TOKEN: its holder sees each dependency's detail on /readyz. */
  readonly apiToken: string | null;
  /** WARROOM_METRICS_TOKEN: when set, /metrics answers only to it. */
  readonly metricsToken: string | null;
}

/**
 * /healthz (the process lives), /readyz (dependencies, 503 when the database is down), /metrics.
 * /readyz is open to load balancers, so anonymous callers see each dependency's state only: its
 * detail (driver messages, host names) goes to the API token's holder and to the log.
 */
export function healthRoutes(deps: { checkReadiness: CheckReadiness; telemetry: HttpTelemetry; tokens: HealthRouteTokens }): Route[] {
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
      handler: async (req, res) => {
        const report = await deps.checkReadiness();
        const dependencies = hasBearerToken(req, deps.tokens.apiToken) ? report.dependencies : statesOnly(report);
        sendJson(res, report.ready ? 200 : 503, { status: report.ready ? 'ready' : 'unavailable', dependencies });
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      handler: async (req, res) => {
        if (!metricsAllowed(req, deps.tokens.metricsToken)) {
          sendJson(res, 401, { error: 'a bearer token is required (WARROOM_METRICS_TOKEN)' }, { 'www-authenticate': 'Bearer' });
          return;
        }
        sendText(res, 200, deps.telemetry.registry.contentType, await deps.telemetry.registry.metrics());
      },
    },
  ];
}

function statesOnly(report: ReadinessReport): Record<string, { state: string; since: string }> {
  return Object.fromEntries(Object.entries(report.dependencies).map(([name, d]) => [name, { state: d.state, since: d.since }]));
}

/** Open by default (Prometheus convention); a deployment that sets a token closes it to others. */
function metricsAllowed(req: IncomingMessage, token: string | null): boolean {
  return token === null || hasBearerToken(req, token);
}
