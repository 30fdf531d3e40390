import { Histogram, type Registry } from 'prom-client';
import type { Telemetry } from '../../app/ports/telemetry.js';

/**
 * `warroom_paging_check_seconds{provider,outcome}`: the paging canary's time to acknowledge (or the
 * time waited before a timeout or failure). Buckets from seconds to the longest sensible ack wait.
 */
export function registerPagingCheckMetrics(registry: Registry): Pick<Telemetry, 'pagingCheckFinished'> {
  const seconds = new Histogram({
    name: 'warroom_paging_check_seconds',
    help: 'Paging canary: seconds from the test page to its acknowledgement (outcome acknowledged), or to the timeout or failure, by provider and outcome',
    labelNames: ['provider', 'outcome'] as const,
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800],
    registers: [registry],
  });
  return {
    pagingCheckFinished(provider, outcome, value) {
      seconds.observe({ provider, outcome }, value);
    },
  };
}
