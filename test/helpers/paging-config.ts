/** The Config of a Warroom that pages: Slack, PagerDuty and Opsgenie all on their local fakes. */
import type { Config } from '../../src/config.js';
import type { OpsgenieFake } from '../fakes/opsgenie-api-fake.js';
import type { PagerDutyFake } from '../fakes/pagerduty-api-fake.js';
import type { SlackFake } from '../fakes/slack-api-fake.js';
import { testConfig } from './test-config.js';

export const PAGING_SECRETS = { api: 'api-token', pdHook: 'pd-hook-secret', pdToken: 'pd-rest-token', ogKey: 'og-api-key', ogHook: 'og-hook-token', slackSigning: 'secret' } as const;

export function pagingConfig(fakes: { databaseUrl: string; slack: SlackFake; pd: PagerDutyFake; og: OpsgenieFake }): Config {
  return testConfig({
    DATABASE_URL: fakes.databaseUrl,
    WARROOM_API_TOKEN: PAGING_SECRETS.api,
    SLACK_BOT_TOKEN: fakes.slack.token,
    SLACK_SIGNING_SECRET: PAGING_SECRETS.slackSigning,
    SLACK_API_URL: fakes.slack.url,
    PAGERDUTY_WEBHOOK_SECRETS: PAGING_SECRETS.pdHook,
    PAGERDUTY_API_TOKEN: PAGING_SECRETS.pdToken,
    PAGERDUTY_FROM_EMAIL: 'warroom@example.com',
    PAGERDUTY_API_URL: fakes.pd.url,
    OPSGENIE_API_KEY: PAGING_SECRETS.ogKey,
    OPSGENIE_API_URL: fakes.og.url,
    OPSGENIE_WEBHOOK_TOKEN: PAGING_SECRETS.ogHook,
  });
}

/** A configured service paged through a PagerDuty service (and escalation policy) and/or an Opsgenie schedule. */
export function pagedService(m: { pd?: string; policy?: string; schedule?: string }): Config['settings']['services'][string] {
  return {
    match: { pagerdutyServiceIds: m.pd ? [m.pd] : [], opsgenieTags: [], datadogTags: [], alertmanagerLabels: {} },
    pagerduty: { escalationPolicyId: m.policy ?? null },
    opsgenie: { schedule: m.schedule ?? null },
    runbook: null,
    dashboards: [],
  };
}
