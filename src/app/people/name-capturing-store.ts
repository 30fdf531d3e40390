import type { IncidentStore } from '../ports/incidents.js';
import type { CaptureNames } from './capture-names.js';

/**
 * The incident store, with every timeline event it records carrying the names of the people it
 * names, captured before the transaction opens (never inside it). Every use case records through
 * the store, so every event gets its names without each one asking.
 */
export function nameCapturingStore(store: IncidentStore, captureNames: CaptureNames): IncidentStore {
  return {
    ...store,
    insert: async (incident, events, tasks) => store.insert(incident, await captureNames(events), tasks),
    update: async (incident, baseVersion, events, tasks) => store.update(incident, baseVersion, await captureNames(events), tasks),
    append: async (incidentId, events, tasks) => store.append(incidentId, await captureNames(events), tasks),
  };
}
