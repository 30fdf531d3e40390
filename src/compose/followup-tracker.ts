/**
 * The follow-up tracker (issue 20): the ONE place that chooses it from `followups.tracker`, builds
 * its adapter and webhook source, and runs the export and the periodic state check. Another tracker
 * is a branch of `trackerFor` and an entry of `webhookSourcesFor`.
 */
import { createExportFollowUps } from '../app/followups/export-follow-ups.js';
import { createTrackerState } from '../app/followups/tracker-state.js';
import type { IssueTracker, TrackerName, TrackerWebhookSource } from '../app/ports/issue-tracker.js';
import { createTicker } from '../app/ticker.js';
import { createGitHubIssueTracker } from '../adapters/github/github-issue-tracker.js';
import { createGitHubWebhookSource } from '../adapters/github/github-webhook-source.js';
import { createJiraTracker } from '../adapters/jira/jira-tracker.js';
import { createJiraWebhookSource } from '../adapters/jira/jira-webhook.js';
import { createPostgresTrackerExports } from '../adapters/postgres/postgres-tracker-exports.js';
import type { Config } from '../config.js';
import { jiraTrackerSettings, type JiraTrackerSettings } from '../jira-tracker-settings.js';
import { trackerWebhookRoutes } from '../ingress/webhooks/tracker-webhook-routes.js';
import type { Route } from '../ingress/http/route.js';
import type { Base } from './base.js';

const EXPORT_EVERY_MS = 5_000;

/** The configured tracker; null for `none`. Throws a config error for a tracker this build lacks. */
export function trackerFor(config: Config): IssueTracker | null {
  const { tracker, github } = config.settings.followups;
  switch (tracker) {
    case 'none':
      return null;
    case 'github':
      // The config schema requires both with `tracker: github`.
      if (github === null || config.github.token === null) throw new Error('followups.tracker: github needs followups.github and WARROOM_GITHUB_TOKEN');
      return createGitHubIssueTracker({ apiUrl: config.github.apiUrl, token: config.github.token, repository: github });
    case 'jira':
      return createJiraTracker(jiraSettingsOf(config));
  }
}

/** Jira's settings (the config schema checked them with `tracker: jira`; a harness that changes the settings is checked here). */
function jiraSettingsOf(config: Config): JiraTrackerSettings {
  const jira = jiraTrackerSettings(config.settings.followups.jira ?? undefined, config.jira);
  if (!jira.ok) throw new Error(`followups.tracker is jira, but: ${jira.problems.map((p) => `${p.name} ${p.message}`).join('; ')}`);
  return jira.settings;
}

/** The webhooks of the configured tracker whose secret is set. */
function webhookSourcesFor(config: Config, tracker: IssueTracker | null): Partial<Record<TrackerName, TrackerWebhookSource>> {
  if (tracker?.name === 'github' && config.github.webhookSecret !== null) return { github: createGitHubWebhookSource(config.github.webhookSecret) };
  if (tracker?.name === 'jira' && config.jira.JIRA_WEBHOOK_SECRET !== undefined) return { jira: createJiraWebhookSource({ secret: jiraSettingsOf(config).webhookSecret }) };
  return {};
}

/** Runs the export and the periodic check of the configured tracker; answers its webhook routes. */
export function createFollowUpTracker(base: Base): { routes: Route[] } {
  const { config, database, clock, log, options, lifecycle } = base;
  const tracker = trackerFor(config);
  if (tracker === null) return { routes: [] };
  const exports = createPostgresTrackerExports(database.knex);
  const state = createTrackerState({ exports, store: database.store, clock, log });
  const exporter = createExportFollowUps({ tracker, exports, store: database.store, clock, log, ...(options.followUpExportSeams ? { seams: options.followUpExportSeams } : {}) });
  // Every replica claims due exports (a lease keeps each to one); the check runs on one replica at a time.
  const exportTicker = createTicker([{ name: 'follow-up export', run: () => exporter.runDue(), failureLevel: 'warn' }], options.followUpExportEveryMs ?? EXPORT_EVERY_MS, log, options.onCheckRound);
  const checkTicker = createTicker(
    [
      { name: 'follow-up tracker check', run: () => exports.whileLocked(() => state.check(tracker)), failureLevel: 'warn' },
      // Follow-ups an older release recorded during a rollout have no export row; this writes it.
      { name: 'follow-up export sweep', run: () => exporter.addMissing(), failureLevel: 'warn' },
    ],
    options.followUpCheckEveryMs ?? config.settings.followups.checkEveryMs,
    log,
    options.onCheckRound,
  );
  lifecycle.add({ name: 'follow-up export', start: () => exportTicker.start(), stop: (withinMs) => exportTicker.stop(withinMs) });
  lifecycle.add({ name: 'follow-up tracker check', start: () => checkTicker.start(), stop: (withinMs) => checkTicker.stop(withinMs) });
  return { routes: trackerWebhookRoutes(webhookSourcesFor(config, tracker), state) };
}
