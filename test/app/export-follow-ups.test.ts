/**
 * The follow-up export's retries (issue 20), with the real PostgreSQL store, the GitHub adapter and
 * the GitHub fake over HTTP, on a test clock: a rate-limited GitHub is not asked again before its
 * Retry-After, and then the follow-up becomes one issue; a refusal (wrong token) is logged for the
 * operator and marked failed, never tried again.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createExportFollowUps } from '../../src/app/followups/export-follow-ups.js';
import { createGitHubIssueTracker } from '../../src/adapters/github/github-issue-tracker.js';
import { createPostgresIncidentStore } from '../../src/adapters/postgres/postgres-incident-store.js';
import { createPostgresTrackerExports } from '../../src/adapters/postgres/postgres-tracker-exports.js';
import { decide } from '../../src/core/decide.js';
import { followUpAddedEvent } from '../../src/core/followup.js';
import { startGitHubFake, type GitHubFake } from '../fakes/github-api-fake.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

let db: TestDatabase;
let gh: GitHubFake;
before(async () => {
  db = await createTestDatabase();
  gh = await startGitHubFake();
});
after(async () => {
  await gh.close();
  await db.close();
});

let now = new Date('2026-12-11T10:00:00Z');
const clock = { now: () => now };
const repository = { owner: 'acme', repo: 'ops', labels: [] };

async function followUpTitled(title: string): Promise<void> {
  const store = createPostgresIncidentStore(db.knex);
  const declared = decide(null, { type: 'declare', id: await store.allocateId(), title: 'Checkout 5xx', severity: 'SEV2', services: [], actor: 'U1' }, now);
  assert.ok(declared.ok);
  await store.insert(declared.incident, declared.events);
  await store.append(declared.incident.id, [followUpAddedEvent({ title, owner: null, dueDate: null, source: 'api' }, 'U1', now)]);
}

function exporterWith(token: string) {
  const log = silentLogger();
  const tracker = createGitHubIssueTracker({ apiUrl: gh.url, token, repository });
  return { log, exporter: createExportFollowUps({ tracker, exports: createPostgresTrackerExports(db.knex), store: createPostgresIncidentStore(db.knex), clock, log }) };
}

const exportRow = async () => (await db.knex('tracker_exports').orderBy('followup_id', 'desc').first()) as { status: string; next_attempt_at: Date; error: string | null };

test('a rate-limited GitHub (403 with Retry-After) is not asked again before it said, then the follow-up becomes one issue', async () => {
  await followUpTitled('rate limited');
  const { exporter } = exporterWith(gh.token);
  gh.failNext(1, 403, { 'retry-after': '120', 'x-ratelimit-remaining': '0' });
  assert.equal(await exporter.runDue(), 1);
  assert.equal((await exportRow()).next_attempt_at.getTime(), now.getTime() + 120_000, 'Retry-After, not the 30 s back-off');
  const requestsBefore = gh.requests().length;
  now = new Date(now.getTime() + 60_000);
  assert.equal(await exporter.runDue(), 0, 'not due before Retry-After ends');
  assert.equal(gh.requests().length, requestsBefore, 'GitHub was not called');
  now = new Date(now.getTime() + 61_000);
  assert.equal(await exporter.runDue(), 1);
  assert.equal(gh.issues().filter((i) => i.title === 'rate limited').length, 1);
  assert.equal((await exportRow()).status, 'exported');
});

test('a refusal (a wrong token: 401) is logged for the operator and marked failed, never tried again', async () => {
  await followUpTitled('refused');
  const { exporter, log } = exporterWith('github_pat_wrong');
  assert.equal(await exporter.runDue(), 1);
  const row = await exportRow();
  assert.equal(row.status, 'failed');
  assert.match(row.error ?? '', /401 Bad credentials/);
  assert.ok(log.lines.some((l) => l.level === 'error' && /refused the follow-up export/.test(l.msg ?? '')));
  now = new Date(now.getTime() + 24 * 3_600_000);
  assert.equal(await exporter.runDue(), 0);
});
