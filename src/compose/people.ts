/** People's names on the timeline: Slack's directory behind a cache, asked whenever an event is recorded. */
import { createCachedPeopleDirectory } from '../app/people/cached-people-directory.js';
import { createCaptureNames } from '../app/people/capture-names.js';
import { nameCapturingStore } from '../app/people/name-capturing-store.js';
import type { Clock } from '../app/ports/runtime.js';
import { createSlackPeopleDirectory } from '../adapters/slack/slack-people-directory.js';
import type { Config } from '../config.js';
import type { Database } from './database.js';

/**
 * The database whose incident store records events with the names of the people they name. With
 * Slack off there is no directory: events are recorded without names and readers see `<@U…>`.
 */
export function withPeopleNames(database: Database, config: Config, clock: Clock): Database {
  if (!config.slack) return database;
  const directory = createCachedPeopleDirectory({ directory: createSlackPeopleDirectory({ token: config.slack.botToken, apiUrl: config.slack.apiUrl }), clock });
  return { ...database, store: nameCapturingStore(database.store, createCaptureNames({ directory })) };
}
