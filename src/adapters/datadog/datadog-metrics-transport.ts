/**
 * The HTTP transport handed to the Datadog client (its `httpApi` option) instead of its own
 * IsomorphicFetchHttpLibrary, which on Node goes through cross-fetch/node-fetch, retries 429/5xx
 * when asked to, and logs every network error to the console through its own logger. This one is
 * Node's fetch with a deadline per call (connecting, headers and body), no redirects (DESIGN §5:
 * outbound calls go only to the configured base URL) and no retries: the circuit breaker around
 * the call decides what happens next.
 */
import type * as Datadog from '@datadog/datadog-api-client';

type DatadogModule = typeof Datadog;

export function createDatadogMetricsTransport(dd: DatadogModule, timeoutMs: number): Datadog.client.HttpLibrary {
  return {
    async send(request: Datadog.client.RequestContext): Promise<Datadog.client.ResponseContext> {
      const body = request.getBody();
      // Only GET and JSON bodies are sent from here; a FormData upload is not something Warroom does.
      if (body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body)) throw new Error('The Datadog transport sends only string or Buffer bodies');
      const res = await fetch(request.getUrl(), {
        method: request.getHttpMethod(),
        headers: request.getHeaders(),
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      const headers: Record<string, string> = {};
      res.headers.forEach((value, name) => {
        headers[name] = value;
      });
      return new dd.client.ResponseContext(res.status, headers, {
        text: () => res.text(),
        binary: async () => Buffer.from(await res.arrayBuffer()),
      });
    },
  };
}
