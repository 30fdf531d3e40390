/**
 * An in-process Warroom set for break-glass: Slack and PagerDuty on their fakes, one service
 * (`checkout` on PagerDuty service PA2P440) and break-glass after 1.2 s of Slack being unreachable.
 */
import { startWarroom, type RunningWarroom, type StartOptions } from '../../src/main.js';
import { startPagerDutyFake, type PagerDutyFake, type PagerDutyFakeOptions } from '../fakes/pagerduty-api-fake.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import { silentLogger } from './silent-logger.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { testConfig } from './test-config.js';
import { STAKEHOLDER_CHANNEL } from './api-with-slack.js';

export const BREAK_GLASS_API_TOKEN = 'api-token';

export interface BreakGlassWarroom {
  readonly slack: SlackFake;
  readonly pd: PagerDutyFake;
  readonly warroom: RunningWarroom;
  readonly base: string;
  readonly db: TestDatabase;
  close(): Promise<void>;
}

export async function startBreakGlassWarroom(options: {
  /** More environment (WARROOM_PUBLIC_URL, …). */
  env?: Record<string, string>;
  /** The PagerDuty fake's people and escalation policies (Warroom's own user is added). */
  pagerduty?: Pick<PagerDutyFakeOptions, 'users' | 'escalationPolicies'>;
  /** The checkout service's escalation policy: who PagerDuty says is on call for it. */
  escalationPolicyId?: string;
  /** Where Warroom listens (default: any free port). */
  port?: number;
  /** A stakeholder channel (STAKEHOLDER_CHANNEL) in the Slack fake and the settings. */
  withStakeholders?: boolean;
  start?: StartOptions;
}): Promise<BreakGlassWarroom> {
  const db: TestDatabase = await createTestDatabase({ migrate: false });
  const slack = await startSlackFake();
  const pd = await startPagerDutyFake({
    token: 'pd-token',
    users: [{ id: 'PWARROOM', name: 'Warroom', email: 'warroom@example.com' }, ...(options.pagerduty?.users ?? [])],
    ...(options.pagerduty?.escalationPolicies ? { escalationPolicies: options.pagerduty.escalationPolicies } : {}),
  });
  const config = testConfig({
    DATABASE_URL: db.url,
    WARROOM_API_TOKEN: BREAK_GLASS_API_TOKEN,
    SLACK_BOT_TOKEN: slack.token,
    SLACK_SIGNING_SECRET: 'secret',
    SLACK_API_URL: slack.url,
    PAGERDUTY_API_TOKEN: 'pd-token',
    PAGERDUTY_FROM_EMAIL: 'warroom@example.com',
    PAGERDUTY_API_URL: pd.url,
    ...options.env,
  });
  const checkout = {
    match: { pagerdutyServiceIds: ['PA2P440'], opsgenieTags: [], datadogTags: [], alertmanagerLabels: { service: 'checkout' } },
    pagerduty: { escalationPolicyId: options.escalationPolicyId ?? null },
    opsgenie: { schedule: null },
    runbook: null,
    dashboards: [],
  };
  // Compressed: 0.02 min = 1.2 s of Slack being unreachable triggers break-glass.
  if (options.withStakeholders === true) slack.addChannel({ id: STAKEHOLDER_CHANNEL, name: 'incidents-stakeholders', members: [slack.botUserId] });
  const stakeholders = options.withStakeholders === true ? { stakeholderChannels: [STAKEHOLDER_CHANNEL] } : {};
  const settings = { ...config.settings, ...stakeholders, services: { checkout }, breakGlassMinutes: 0.02 };
  const warroom = await startWarroom({ ...config, port: options.port ?? 0, host: '127.0.0.1', settings }, silentLogger(), options.start);
  await warroom.ready;
  return {
    slack,
    pd,
    warroom,
    base: `http://127.0.0.1:${warroom.port}`,
    db,
    async close() {
      await warroom.stop();
      await slack.close();
      await pd.close();
      await db.close();
    },
  };
}
