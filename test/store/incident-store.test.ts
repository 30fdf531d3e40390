import { after, before } from 'node:test';
import { createPostgresIncidentStore } from '../../src/adapters/postgres/postgres-incident-store.js';
import { createInMemoryIncidentStore } from '../fakes/in-memory-incident-store.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { incidentStoreBehaviour } from './incident-store.behaviour.js';

let db: TestDatabase;
before(async () => {
  db = await createTestDatabase();
});
after(() => db.close());

incidentStoreBehaviour('PostgreSQL', () => Promise.resolve(createPostgresIncidentStore(db.knex)));
incidentStoreBehaviour('in-memory fake', () => Promise.resolve(createInMemoryIncidentStore()));
