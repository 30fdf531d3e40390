/**
 * An in-process Warroom that pages: its own database, and Slack, PagerDuty and Opsgenie on their
 * local fakes over HTTP, configured by `pagingConfig` (the paging tests' common set-up).
 */
import type { Settings } from '../../src/config.js';
import type { Logger } from '../../src/app/ports/runtime.js';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { startOpsgenieFake, type OpsgenieFake, type OpsgenieFakeOptions } from '../fakes/opsgenie-api-fake.js';
import { startPagerDutyFake, type PagerDutyFake, type PagerDutyFakeOptions } from '../fakes/pagerduty-api-fake.js';
import { startSlackFake, type SlackFake, type SlackFakeOptions } from '../fakes/slack-api-fake.js';
import { PAGING_SECRETS, pagingConfig } from './paging-config.js';
import { silentLogger } from './silent-logger.js';
import { slackSender, type SlackSender } from './slack-requests.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/** The PagerDuty user Warroom writes as (`From`, PAGERDUTY_FROM_EMAIL): always among the fake's users. */
export const WARROOM_PAGERDUTY_USER = { id: 'PWARROOM', name: 'Warroom', email: 'warroom@example.com' } as const;

export interface WarroomWithPagingOptions {
  readonly slack?: SlackFakeOptions;
  /** The PagerDuty fake (its token is PAGING_SECRETS.pdToken; `users` get Warroom's user appended). */
  readonly pagerduty?: Omit<PagerDutyFakeOptions, 'token'>;
  /** The Opsgenie fake (its key is PAGING_SECRETS.ogKey). */
  readonly opsgenie?: Omit<OpsgenieFakeOptions, 'apiKey'>;
  /** Changes to the paging test settings (services, paging, grouping, …). */
  readonly settings?: (settings: Settings) => Settings;
  /** Start options (a ticker cadence, a round hook, …). */
  readonly start?: Parameters<typeof startWarroom>[2];
  /** Called with the fakes before Warroom starts: what must hold from its first tick (a channel, auto-acknowledging). */
  readonly prepare?: (fakes: { slack: SlackFake; pd: PagerDutyFake; og: OpsgenieFake }) => void;
  /** The providers send Warroom the webhook of every write they receive (their echo mode). */
  readonly echoWebhooks?: boolean;
  readonly log?: Logger;
}

export interface WarroomWithPaging {
  readonly db: TestDatabase;
  readonly slackFake: SlackFake;
  readonly pd: PagerDutyFake;
  readonly og: OpsgenieFake;
  readonly warroom: RunningWarroom;
  /** Where Warroom answers, e.g. `http://127.0.0.1:41234`. */
  readonly base: string;
  /** Slash commands, events and interactions signed as Slack signs them. */
  readonly slack: SlackSender;
  close(): Promise<void>;
}

export async function startWarroomWithPaging(options: WarroomWithPagingOptions = {}): Promise<WarroomWithPaging> {
  const db = await createTestDatabase();
  const slackFake = await startSlackFake(options.slack ?? {});
  const pd = await startPagerDutyFake({ ...options.pagerduty, token: PAGING_SECRETS.pdToken, users: [...(options.pagerduty?.users ?? []), WARROOM_PAGERDUTY_USER] });
  const og = await startOpsgenieFake({ ...options.opsgenie, apiKey: PAGING_SECRETS.ogKey });
  options.prepare?.({ slack: slackFake, pd, og });
  const config = pagingConfig({ databaseUrl: db.url, slack: slackFake, pd, og });
  const settings = options.settings ? options.settings(config.settings) : config.settings;
  const warroom = await startWarroom({ ...config, port: 0, host: '127.0.0.1', settings }, options.log ?? silentLogger(), options.start);
  await warroom.ready;
  const base = `http://127.0.0.1:${warroom.port}`;
  if (options.echoWebhooks === true) {
    pd.echoWebhooks({ url: `${base}/webhooks/pagerduty`, secret: PAGING_SECRETS.pdHook });
    og.echoWebhooks({ url: `${base}/webhooks/opsgenie`, token: PAGING_SECRETS.ogHook });
  }
  return {
    db,
    slackFake,
    pd,
    og,
    warroom,
    base,
    slack: slackSender(base, PAGING_SECRETS.slackSigning),
    async close() {
      await warroom.stop();
      for (const fake of [slackFake, pd, og]) await fake.close();
      await db.close();
    },
  };
}
