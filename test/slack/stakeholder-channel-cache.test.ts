/**
 * A stakeholder channel configured as `#name` is looked up in Slack (conversations.list, paged
 * over the whole workspace) once per replica and TTL, not on every set-up and update; a channel
 * deleted and recreated under the same name is found again on the first `channel_not_found`.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPostgresUpdateCadence } from '../../src/adapters/postgres/postgres-update-cadence.js';
import { createStakeholderUpdates } from '../../src/app/room/stakeholder-updates.js';
import type { FakeChannel } from '../fakes/slack-api-fake.js';
import { waitFor } from '../helpers/http.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { testConfig } from '../helpers/test-config.js';
import { startWarroomWithSlack, type WarroomWithSlack } from '../helpers/warroom-with-slack.js';

let app: WarroomWithSlack;
before(async () => {
  app = await startWarroomWithSlack({ stakeholderChannels: ['#stakeholders'] });
});
after(() => app.close());

const told = (channel: FakeChannel, text: string) =>
  waitFor(`"${text}" in #${channel.name} (${channel.id})`, () => Promise.resolve(app.fake.messages(channel.id)), (ms) => ms.some((m) => m.text.includes(text)), 20_000);

/** A stakeholder update through the use case the update modal calls. */
async function postUpdate(ref: string, text: string): Promise<void> {
  const found = await app.warroom.queries.get(ref);
  assert.ok(found.ok);
  const { settings } = testConfig({ DATABASE_URL: app.db.url });
  const updates = createStakeholderUpdates({ store: app.warroom.database.store, cadence: createPostgresUpdateCadence(app.warroom.database.knex), settings, clock: { now: () => new Date() }, log: silentLogger() });
  const posted = await updates.post(found.value.incident.id, text, 'U0ALICE01');
  assert.ok(posted.ok);
}

test('two set-ups and a stakeholder update look the channel name up once', async () => {
  const stakeholders = app.fake.addChannel({ name: 'stakeholders', members: [app.fake.botUserId] });
  const first = await app.declare('Checkout 5xx');
  await told(stakeholders, first);
  const second = await app.declare('Search latency');
  await told(stakeholders, second);
  await postUpdate(first, 'Rolled back the deploy');
  await told(stakeholders, `Update on ${first}`);
  assert.equal(app.fake.calls('conversations.list').length, 1, 'conversations.list was called once');
});

test('the channel deleted and created again under its name: the next announcement finds the new one', async () => {
  const old = app.fake.channelByName('stakeholders');
  assert.ok(old);
  app.fake.deleteChannel(old.id);
  const recreated = app.fake.addChannel({ name: 'stakeholders', members: [app.fake.botUserId] });
  const before = app.fake.calls('conversations.list').length;
  const ref = await app.declare('Payments down');
  await told(recreated, ref);
  assert.equal(app.fake.calls('conversations.list').length, before + 1, 'looked up again once');
  const refused = app.fake.calls('chat.postMessage').filter((c) => c.args.channel === old.id);
  assert.ok(refused.length > 0, 'the remembered id was tried first (and refused)');
});
