/**
 * `warroom <command>` as an operator runs it: a real child process (the CLI from source through
 * tsx), a minimal environment, exit codes and stdout/stderr checked separately.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createDeclareIncident } from '../../src/app/declare-incident.js';
import { createPostgresIncidentStore } from '../../src/adapters/postgres/postgres-incident-store.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { runWarroomCli, showRun, type CliRun } from '../helpers/run-warroom-cli.js';
import { listMigrationFiles } from '../../src/adapters/postgres/migrate.js';
import { rowCounts, seedDeliveries, seedIncident } from '../helpers/retention-rows.js';

type Run = CliRun;
const warroom = runWarroomCli;
const show = showRun;
const STACK_LINE = /^\s+at /m;
const COMMANDS = ['serve', 'migrate', 'config check', 'postmortem', 'prune'];

void describe('warroom CLI', { concurrency: true }, () => {
  void test('config check with a bad environment: exit 1, every problem named, no values, no stack', async () => {
    const r = await warroom(['config', 'check'], { PORT: 'abc', SLACK_BOT_TOKEN: 'x' });
    assert.equal(r.code, 1, show(r));
    assert.equal(r.stdout, '', 'problems go to stderr only');
    assert.match(r.stderr, /^Warroom cannot start: the configuration has 2 problems\./);
    assert.match(r.stderr, /^\s+- PORT \(text, 3 chars\): must be an integer from 1 to 65535$/m);
    assert.match(r.stderr, /^\s+- SLACK_SIGNING_SECRET \(missing\): required when SLACK_BOT_TOKEN is set \(Socket Mode, with SLACK_APP_TOKEN, does not need it\)$/m);
    assert.doesNotMatch(r.stderr, STACK_LINE, 'no stack trace');
    assert.ok(!r.stderr.includes('abc'), 'the bad PORT value is not echoed');
    // The token's value must not be printed next to its name (`SLACK_BOT_TOKEN=x`, `"SLACK_BOT_TOKEN": "x"`, …).
    assert.doesNotMatch(r.stderr, /SLACK_BOT_TOKEN\W{0,4}x\b/);
    assert.doesNotMatch(r.stderr, /\bx\b/, 'the one-letter token appears nowhere as a word');
  });

  void test('config check with a good environment: exit 0, resolved config printed, secrets masked', async () => {
    const secrets = { SLACK_BOT_TOKEN: 'xoxb-secret-123', SLACK_SIGNING_SECRET: 'sig-secret-456', WARROOM_API_TOKEN: 'api-secret-789' };
    const r = await warroom(['config', 'check'], { ...secrets, PORT: '4321', LOG_LEVEL: 'warn' });
    assert.equal(r.code, 0, show(r));
    assert.equal(r.stderr, '');
    const [first, ...rest] = r.stdout.split('\n');
    assert.equal(first, 'Configuration OK');
    const printed = JSON.parse(rest.join('\n'));
    assert.equal(printed.port, 4321);
    assert.equal(printed.logLevel, 'warn');
    assert.equal(printed.apiToken, '****');
    assert.deepEqual(printed.slack, { botToken: '****', signingSecret: '****', appToken: null, apiUrl: 'https://slack.com/api/' });
    assert.equal(printed.databaseUrl, null);
    for (const value of Object.values(secrets)) {
      assert.ok(!r.stdout.includes(value) && !r.stderr.includes(value), `${value} leaked`);
    }
    assert.ok(!r.stdout.includes('secret-'), 'no part of a secret value is printed');
  });

  void test('help: exit 0, lists every command', async () => {
    const r = await warroom(['help']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /^Usage: warroom <command>/);
    for (const command of COMMANDS) assert.match(r.stdout, new RegExp(`^\\s+${command}\\s`, 'm'), command);
  });

  void test('an unknown command: exit 2 with the usage on stderr', async () => {
    const r = await warroom(['frobnicate', '--now']);
    assert.equal(r.code, 2, show(r));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^Unknown command: frobnicate --now$/m);
    assert.match(r.stderr, /Usage: warroom <command>/);
    for (const command of COMMANDS) assert.ok(r.stderr.includes(command), command);
  });

  void test('postmortem without a ref: exit 2 with its usage', async () => {
    const r = await warroom(['postmortem']);
    assert.equal(r.code, 2, show(r));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^Usage: warroom postmortem <ref>/);
  });

  void describe('with a database', { concurrency: 1 }, () => {
    let db: TestDatabase;
    let env: Record<string, string>;
    let password = '';

    before(async () => {
      db = await createTestDatabase({ migrate: false });
      env = { DATABASE_URL: db.url };
      password = decodeURIComponent(new URL(db.url).password);
    });
    after(() => db.close());

    const tables = async (): Promise<string[]> => {
      const r = await db.knex.raw<{ rows: { table_name: string }[] }>(
        "select table_name from information_schema.tables where table_schema = 'public' order by 1",
      );
      return r.rows.map((x) => x.table_name);
    };
    const noPassword = (r: Run): void => {
      if (password.length >= 4) assert.ok(!`${r.stdout}${r.stderr}`.includes(password), 'the database password leaked');
    };

    void test('migrate on a fresh database applies every migration', async () => {
      assert.deepEqual(await tables(), [], 'the database starts empty');
      const r = await warroom(['migrate'], env);
      assert.equal(r.code, 0, show(r));
      const names = listMigrationFiles().map((f) => f.replace(/\.(ts|js)$/, ''));
      assert.ok(names.length >= 4);
      assert.match(r.stdout, new RegExp(`^Applied ${names.length} migration\\(s\\):$`, 'm'));
      for (const name of names) {
        assert.match(r.stdout, new RegExp(`^  ${name}$`, 'm'));
      }
      noPassword(r);
      const present = await tables();
      for (const table of ['incidents', 'role_assignments', 'timeline_events', 'alerts', 'deliveries', 'scope_snapshots', 'knex_migrations']) {
        assert.ok(present.includes(table), `table ${table} missing: ${present.join(', ')}`);
      }
      const done = await db.knex('knex_migrations').count<{ n: string }[]>({ n: '*' });
      assert.equal(Number(done[0]?.n), names.length);
    });

    void describe('once migrated', { concurrency: true }, () => {
      void test('migrate again: the database is up to date', async () => {
        const r = await warroom(['migrate'], env);
        assert.equal(r.code, 0, show(r));
        assert.match(r.stdout, /^Database is up to date\.$/m);
        assert.doesNotMatch(r.stdout, /Applied/);
        noPassword(r);
      });

      void describe('postmortem', { concurrency: true }, () => {
        let ref = '';
        before(async () => {
          const declare = createDeclareIncident({
            store: createPostgresIncidentStore(db.knex),
            clock: { now: () => new Date('2026-11-23T10:00:00Z') },
          });
          const declared = await declare({ title: 'Checkout returns 500s', severity: 'SEV2', services: ['checkout'], actor: 'U123' });
          assert.ok(declared.ok, JSON.stringify(declared));
          ref = declared.value.ref;
        });

        void test('postmortem <ref> prints the Markdown draft, exit 0', async () => {
          assert.match(ref, /^INC-\d+$/);
          const r = await warroom(['postmortem', ref], env);
          assert.equal(r.code, 0, show(r));
          assert.ok(r.stdout.startsWith(`# ${ref}: Checkout returns 500s\n`), show(r));
          assert.match(r.stdout, /^- Severity: SEV2$/m);
          assert.match(r.stdout, /^- Services: checkout$/m);
          assert.match(r.stdout, /^- Declared: 2026-11-23T10:00:00\.000Z by <@U123>$/m, 'no name captured (Slack off): the mention form, not a bare id');
          assert.match(r.stdout, /^## Timeline$/m);
          noPassword(r);
        });

        void test('postmortem of an unknown incident: exit 1 with a clear message', async () => {
          const r = await warroom(['postmortem', 'INC-999999'], env);
          assert.equal(r.code, 1, show(r));
          assert.equal(r.stdout, '');
          assert.match(r.stderr, /^No incident INC-999999\.$/m);
          assert.doesNotMatch(r.stderr, STACK_LINE);
          noPassword(r);
        });
      });

      void describe('prune', { concurrency: 1 }, () => {
        const TABLES = ['deliveries', 'slack_tasks', 'scope_snapshots', 'room_reminders', 'incidents', 'timeline_events'] as const;
        before(async () => {
          await seedDeliveries(db.knex, 'cli-old-', 4, 20);
          await seedDeliveries(db.knex, 'cli-new-', 2, 1);
          await seedIncident(db.knex, { createdDaysAgo: 120, resolvedDaysAgo: 100, taskDoneDaysAgo: 100 });
        });

        void test('prune --dry-run prints the counts per table and deletes nothing', async () => {
          const before = await rowCounts(db.knex, TABLES);
          const r = await warroom(['prune', '--dry-run'], env);
          assert.equal(r.code, 0, show(r));
          assert.match(r.stdout, /^ {2}deliveries +4 would go$/m, show(r));
          assert.match(r.stdout, /^ {2}slack_tasks +1 would go$/m);
          assert.match(r.stdout, /^ {2}scope_snapshots +1 would go$/m);
          assert.match(r.stdout, /^ {2}room_reminders +1 would go$/m);
          assert.match(r.stdout, /^ {2}incidents +0 would go$/m);
          assert.match(r.stdout, /^Dry run: nothing was deleted\.$/m);
          assert.deepEqual(await rowCounts(db.knex, TABLES), before);
          noPassword(r);
        });

        void test('prune deletes them and prints what went', async () => {
          const before = await rowCounts(db.knex, TABLES);
          const r = await warroom(['prune'], env);
          assert.equal(r.code, 0, show(r));
          assert.match(r.stdout, /^ {2}deliveries +4 deleted$/m, show(r));
          assert.match(r.stdout, /^ {2}incidents +0 deleted$/m);
          const after = await rowCounts(db.knex, TABLES);
          assert.deepEqual(after, { ...before, deliveries: before.deliveries - 4, slack_tasks: before.slack_tasks - 1, scope_snapshots: before.scope_snapshots - 1, room_reminders: before.room_reminders - 1 });
        });

        void test('prune with another argument: exit 2 with the usage', async () => {
          const r = await warroom(['prune', '--now'], env);
          assert.equal(r.code, 2, show(r));
          assert.match(r.stderr, /^Unknown command: prune --now$/m);
        });
      });
    });
  });
});
