import type { Knex } from 'knex';
import { scopeHeadline } from '../../core/scope.js';
import type { ScopeStore } from '../../app/ports/metrics.js';
import { appendEvents } from './incident-writes.js';
import { enqueueSlackTasks } from './slack-task-writes.js';
import { guardDatabase } from './unavailable.js';

export function createPostgresScopeStore(db: Knex): ScopeStore {
  return {
    save: (incidentId, scope, reason, tasks) =>
      guardDatabase(() =>
        db.transaction(async (trx) => {
          const at = new Date(scope.at);
          await trx('scope_snapshots').insert({
            incident_id: incidentId,
            at,
            source: scope.source,
            classification: scope.classification,
            failing_ratio: scope.failingRatio,
            data: JSON.stringify(scope),
          });
          await trx('incidents').where({ id: incidentId }).update({ scope: JSON.stringify(scope) });
          const text = reason ? `Scope unknown: ${reason}` : scopeHeadline(scope);
          await appendEvents(trx, incidentId, [{ at, kind: 'scope_snapshot', actor: scope.source, text, data: { classification: scope.classification, failingRatio: scope.failingRatio, reason } }]);
          await enqueueSlackTasks(trx, incidentId, tasks);
        }),
      ),
  };
}
