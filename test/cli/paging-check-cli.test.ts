/**
 * `warroom paging-check` as an operator runs it: a real child process against the PagerDuty and
 * Opsgenie fakes over HTTP and a real PostgreSQL; a running Warroom (Slack on its fake) beside it
 * posts the failure the CLI queued in the Slack outbox.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import type { OpsgenieFake } from '../fakes/opsgenie-api-fake.js';
import type { PagerDutyFake } from '../fakes/pagerduty-api-fake.js';
import type { SlackFake } from '../fakes/slack-api-fake.js';
import { waitFor } from '../helpers/http.js';
import { PAGING_SECRETS } from '../helpers/paging-config.js';
import type { TestDatabase } from '../helpers/test-database.js';
import { startWarroomWithPaging, type WarroomWithPaging } from '../helpers/warroom-with-paging.js';
import { runWarroomCli, showRun, type CliRun } from '../helpers/run-warroom-cli.js';

let db: TestDatabase;
let pd: PagerDutyFake;
let og: OpsgenieFake;
let slack: SlackFake;
let warroomWithPaging: WarroomWithPaging;
let dir: string;

const warroomCli = (args: string[], env: Record<string, string>): Promise<CliRun> => runWarroomCli(args, env, 60_000);
const show = showRun;

/** The environment of the fakes, and a warroom.yml holding `yaml`. */
async function envWith(yaml: string): Promise<Record<string, string>> {
  const file = join(dir, `warroom-${Math.random().toString(36).slice(2)}.yml`);
  await writeFile(file, yaml);
  return {
    DATABASE_URL: db.url,
    WARROOM_CONFIG: file,
    LOG_LEVEL: 'warn',
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: PAGING_SECRETS.slackSigning,
    SLACK_API_URL: slack.url,
    PAGERDUTY_API_TOKEN: PAGING_SECRETS.pdToken,
    PAGERDUTY_FROM_EMAIL: 'warroom@example.com',
    PAGERDUTY_API_URL: pd.url,
    OPSGENIE_API_KEY: PAGING_SECRETS.ogKey,
    OPSGENIE_API_URL: og.url,
  };
}

const CHECK = `paging:
  check:
    target:
      pagerduty: { service: PCANARY }
      opsgenie: { schedule: ops_canary }
    channel: "#ops-paging"
    timeout: 1500ms
`;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'warroom-paging-check-'));
  // The running Warroom whose room worker posts what the CLI queued; it runs no check itself.
  warroomWithPaging = await startWarroomWithPaging({
    pagerduty: { services: ['PCANARY'] },
    opsgenie: { schedules: { ops_canary: ['oncall@example.com'] }, applyDelayMs: 5 },
    prepare: ({ slack }) => slack.addChannel({ id: 'C0OPSPAGE', name: 'ops-paging', members: [slack.botUserId] }),
  });
  ({ db, pd, og, slackFake: slack } = warroomWithPaging);
});
after(async () => {
  await warroomWithPaging.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  pd.autoAcknowledge(null);
  og.autoAcknowledge(null);
});

// Top-level tests, one after another: each child process gets the whole per-test timeout on a loaded machine.
void test('both providers acknowledge: exit 0 and a table of both, acknowledged', async () => {
  pd.autoAcknowledge(50);
  og.autoAcknowledge(50);
  const r = await warroomCli(['paging-check'], await envWith(CHECK));
  assert.equal(r.code, 0, show(r));
  assert.match(r.stdout, /^provider\s+outcome\s+seconds\s+detail$/m);
  assert.match(r.stdout, /^opsgenie\s+acknowledged\s+\d+\.\d\s+\S+$/m);
  assert.match(r.stdout, /^pagerduty\s+acknowledged\s+\d+\.\d\s+\S+$/m);
});

void test('Opsgenie never acknowledges: exit 1, timeout in the table, and a message in the ops channel naming Opsgenie', async () => {
  pd.autoAcknowledge(50);
  const r = await warroomCli(['paging-check'], await envWith(CHECK));
  assert.equal(r.code, 1, show(r));
  assert.match(r.stdout, /^opsgenie\s+timeout\s+/m);
  assert.match(r.stdout, /^pagerduty\s+acknowledged\s+/m);
  const posted = await waitFor('the failure in #ops-paging', () => Promise.resolve(slack.messages('C0OPSPAGE')), (m) => m.length > 0, 15_000);
  assert.equal(posted.length, 1);
  assert.match(posted[0]?.text ?? '', /Paging check failed for opsgenie/);
  assert.doesNotMatch(posted[0]?.text ?? '', /pagerduty/, 'only the failed provider is named in the headline');
});

void test('PagerDuty down: exit 1, failed with the reason', async () => {
  og.autoAcknowledge(50);
  await pd.stop();
  try {
    const r = await warroomCli(['paging-check'], await envWith(CHECK));
    assert.equal(r.code, 1, show(r));
    assert.match(r.stdout, /^pagerduty\s+failed\s+\d+\.\d\s+pagerduty is unavailable/m);
    assert.match(r.stdout, /^opsgenie\s+acknowledged\s+/m);
  } finally {
    await pd.start();
  }
});

void test('a bad paging.check: exit 2 with the messages', async () => {
  const bad = await warroomCli(['paging-check'], await envWith('paging:\n  check:\n    target:\n      opsgenie: {}\n    every: soon\n'));
  assert.equal(bad.code, 2, show(bad));
  assert.match(bad.stderr, /paging\.check\.every.*must be a duration such as 30s, 5m, 1h or 1d/);
  assert.match(bad.stderr, /paging\.check\.target\.opsgenie.*needs a schedule or a user to page/);
});

void test('no paging.check.target: exit 2 saying so; --help: exit 0', async () => {
  const none = await warroomCli(['paging-check'], await envWith('paging:\n  ackTimeoutMinutes: 5\n'));
  assert.equal(none.code, 2, show(none));
  assert.match(none.stderr, /paging\.check\.target is not set/);
  const help = await warroomCli(['paging-check', '--help'], {});
  assert.equal(help.code, 0, show(help));
  assert.match(help.stdout, /^Usage: warroom paging-check/);
});
