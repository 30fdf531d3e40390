/** An in-process Warroom on its own database with a Slack fake, for tests that point it at a metrics fake. */
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import type { Config } from '../../src/config.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import { silentLogger } from './silent-logger.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { testConfig } from './test-config.js';

export const METRICS_API_TOKEN = 'api-token';

export interface MetricsStack {
  db: TestDatabase;
  slack: SlackFake;
  warroom: RunningWarroom;
  base: string;
}

/** `env` points at the metrics fake; `settings` adjusts the config file's settings. Scope and checks tick every 100 ms. */
export async function startMetricsStack(env: Record<string, string>, settings: (s: Config['settings']) => Config['settings'] = (s) => s): Promise<MetricsStack> {
  const db = await createTestDatabase();
  const slack = await startSlackFake({ knownUsers: [{ id: 'U0ALICE01', name: 'alice' }] });
  const config = testConfig({ DATABASE_URL: db.url, WARROOM_API_TOKEN: METRICS_API_TOKEN, SLACK_BOT_TOKEN: slack.token, SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: slack.url, ...env });
  const warroom = await startWarroom({ ...config, port: 0, host: '127.0.0.1', settings: settings(config.settings) }, silentLogger(), { reminderEveryMs: 100 });
  await warroom.ready;
  return { db, slack, warroom, base: `http://127.0.0.1:${warroom.port}` };
}

export async function closeMetricsStack(s: MetricsStack): Promise<void> {
  await s.warroom.stop();
  await s.slack.close();
  await s.db.close();
}
