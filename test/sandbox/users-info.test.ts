/** The simulated workspace's users.info answers as Slack does: profile fields never filled in are empty, not invented. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WebClient } from '@slack/web-api';
import { startSlackFake } from '../fakes/slack-api-fake.js';
import { createSlackPeopleDirectory } from '../../src/adapters/slack/slack-people-directory.js';

test('users.info: real name and display name from the profile, "" where the person never set them; the directory reads them in that order', async () => {
  const seeded = await startSlackFake({ knownUsers: [{ id: 'U0ALICE01', name: 'alice', realName: 'Alice Moreau' }, { id: 'U0DANA004', name: 'dana' }] });
  const open = await startSlackFake();
  try {
    const client = new WebClient(seeded.token, { slackApiUrl: seeded.url, retryConfig: { retries: 0 } });
    const alice = (await client.users.info({ user: 'U0ALICE01' })).user;
    assert.deepEqual([alice?.name, alice?.real_name, alice?.profile?.real_name, alice?.profile?.display_name], ['alice', 'Alice Moreau', 'Alice Moreau', 'alice']);
    const dana = (await client.users.info({ user: 'U0DANA004' })).user;
    assert.deepEqual([dana?.real_name, dana?.profile?.real_name, dana?.profile?.display_name], ['', '', 'dana'], 'no real name set: empty, as Slack leaves it');

    const directory = createSlackPeopleDirectory({ token: seeded.token, apiUrl: seeded.url });
    assert.equal(await directory.nameOf('U0ALICE01'), 'Alice Moreau');
    assert.equal(await directory.nameOf('U0DANA004'), 'dana', 'the display name when there is no real name');
    await assert.rejects(directory.nameOf('U0NOBODY9'), 'user_not_found is a failed lookup');
    // A workspace that accepts any id knows nothing of the person: no name, rather than one made from the id.
    assert.equal(await createSlackPeopleDirectory({ token: open.token, apiUrl: open.url }).nameOf('U0ANYONE1'), null);
  } finally {
    await seeded.close();
    await open.close();
  }
});
