import type { Incident } from '../../src/core/incident.js';

const AT = new Date('2026-12-01T10:00:00Z');

/** An open SEV2 incident with no channel yet, changed by `overrides`: for unit tests that need one. */
export function anIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    id: 1,
    ref: 'INC-1',
    title: 'Checkout 5xx',
    description: null,
    status: 'investigating',
    severity: 'SEV2',
    services: [],
    drill: false,
    channelId: null,
    channelName: null,
    roles: { commander: null, comms: null, scribe: null, ops: null },
    scope: null,
    declaredBy: 'U0ALICE01',
    createdAt: AT,
    updatedAt: AT,
    resolvedAt: null,
    version: 1,
    ...overrides,
  };
}
