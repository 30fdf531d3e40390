import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, test } from 'node:test';
import { startWarroom, type RunningWarroom } from '../../src/main.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-api-fake.js';
import { silentLogger } from '../helpers/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';
import { testConfig } from '../helpers/test-config.js';
import { request, waitFor } from '../helpers/http.js';
import { slackSender, type SlackSender } from '../helpers/slack-requests.js';
import { REPO_ROOT } from '../helpers/warroom-process.js';
import { INPUTS, VIEWS } from '../../src/slack-ui/ids.js';
import { WARROOM_CLI } from '../helpers/warroom-cli-entry.js';

const execFileAsync = promisify(execFile);
const SECRET = 'secret';
const API = 'api-token';
let db: TestDatabase;
let fake: SlackFake;
let warroom: RunningWarroom;
let slack: SlackSender;
let base: string;
// Compressed time, so the durations in the draft are known exactly.
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

before(async () => {
  db = await createTestDatabase({ migrate: false });
  fake = await startSlackFake({ knownUsers: [{ id: 'U0ALICE01', name: 'alice' }, { id: 'U0BOB0002', name: 'bob' }] });
  fake.addChannel({ id: 'C0STAKE', name: 'stakeholders', members: [fake.botUserId] });
  const config = testConfig({ DATABASE_URL: db.url, WARROOM_API_TOKEN: API, SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: fake.url });
  warroom = await startWarroom({ ...config, port: 0, host: '127.0.0.1', settings: { ...config.settings, stakeholderChannels: ['C0STAKE'] } }, silentLogger(), { clock });
  base = `http://127.0.0.1:${warroom.port}`;
  slack = slackSender(base, SECRET);
  await warroom.ready;
});
after(async () => {
  await warroom.stop();
  await fake.close();
  await db.close();
});

test('declare → ic → status → update → note → resolve → postmortem: the draft holds each step with its time', async () => {
  const declared = await slack.command('declare Replica lag breaks checkout --sev 2', { user: 'U0ALICE01' });
  const ref = /INC-\d+/.exec(declared.json.text)?.[0] ?? '';
  assert.ok(ref, declared.text);
  const channel = await waitFor('room', () => Promise.resolve(fake.channels().find((c) => c.name.startsWith(`inc-${ref.slice(4)}-`))), (c) => c !== undefined && fake.messages(c.id).some((m) => m.pinned), 15_000);
  assert.ok(channel, 'room');
  const inRoom = { channel: channel.id, user: 'U0ALICE01' };

  offsetMs += 2 * 60_000; // commander after 2 min
  assert.doesNotMatch((await slack.command('ic <@U0BOB0002|bob>', inRoom)).json.text, /warning/);
  offsetMs += 8 * 60_000; // identified after 10 min
  await slack.command('status identified', inRoom);

  // The update modal opens pre-filled with a draft; the commander sends an edited version.
  const opened = await slack.command('update', inRoom);
  assert.equal(opened.status, 200);
  const modal = await waitFor('update modal', () => Promise.resolve(fake.views().find((v) => (v.view as { callback_id?: string }).callback_id === VIEWS.update)), (v) => v !== undefined, 10_000);
  assert.match(JSON.stringify(modal?.view), /Status: identified/, 'the draft states the status');
  const updateText = 'Checkout errors come from replica lag on db-2; reads moved to the primary. Next update in 60 min.';
  const submitted = await slack.interaction({
    type: 'view_submission',
    team: { id: 'TFAKE', domain: 'acme' },
    user: { id: 'U0BOB0002', name: 'bob', team_id: 'TFAKE' },
    api_app_id: 'AWARROOM',
    trigger_id: 'trigger-update',
    view: {
      id: 'VUPDATE',
      type: 'modal',
      callback_id: VIEWS.update,
      private_metadata: ref,
      state: { values: { [INPUTS.update]: { [INPUTS.update]: { type: 'plain_text_input', value: updateText } } } },
    },
  });
  assert.equal(submitted.status, 200, submitted.text);
  await waitFor('update in the stakeholder channel', () => Promise.resolve(fake.messages('C0STAKE').some((m) => JSON.stringify(m.blocks).includes('replica lag on db-2'))), (ok) => ok, 10_000);

  offsetMs += 5 * 60_000; // monitoring after 15 min
  await slack.command('note action: add a replica-lag alert', inRoom);
  await slack.command('status monitoring', inRoom);
  offsetMs += 15 * 60_000; // resolved after 30 min
  await slack.command('resolve Replica caught up after moving reads', inRoom);

  await slack.command('postmortem', inRoom);
  const posted = await waitFor('postmortem posted', () => Promise.resolve(fake.messages(channel.id).find((m) => /Postmortem draft/.test(m.text))), (m) => m !== undefined, 15_000);
  assert.ok(posted, 'postmortem in the channel');
  const fromSlack = (posted.blocks as { type: string; text: string }[]).filter((b) => b.type === 'markdown').map((b) => b.text).join('\n');

  const fromApi = (await request(base, `/api/incidents/${ref}/postmortem`, { token: API })).text;
  // The CLI reads the same database.
  // Asynchronously: a spawnSync would block this process, which is also the server, for seconds;
  // its keep-alive timers then close the sockets the next request reuses ("fetch failed").
  const cli = await execFileAsync(process.execPath, [...WARROOM_CLI, 'postmortem', ref], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATABASE_URL: db.url, LOG_LEVEL: 'silent' }, encoding: 'utf8' });

  assert.equal(fromSlack, fromApi, 'Slack and the API give the same text');
  assert.equal(cli.stdout, fromApi, 'the CLI and the API give the same text');

  const draft = fromApi;
  assert.match(draft, new RegExp(`^# ${ref}: Replica lag breaks checkout`), 'title');
  // Compressed time moves in whole minutes; real time adds a second or two between steps.
  // Nobody is on call in this config, so the declarer commands from the start; ic hands over later.
  assert.match(draft, /Time to assign a commander \(detected → commander assigned\): \d s/, 'the declarer is commander at once');
  assert.match(draft, /Time to mitigate \(commander assigned → mitigated\): 15 min 0\d s/, 'mitigated (monitoring) 15 min after that');
  assert.match(draft, /Time to resolve \(mitigated → resolved\): 15 min 0\d s/, 'resolved 15 min after mitigation');
  assert.match(draft, /Total \(started → resolved\): 30 min 0\d s/, 'total 30 min');
  assert.ok(draft.includes('replica lag on db-2'), 'the update text is in the draft');
  assert.match(draft, /- \[ \] add a replica-lag alert/, 'the action item is pre-listed');
  for (const kind of ['incident_declared', 'role_assigned', 'status_changed', 'stakeholder_update', 'note_added', 'incident_resolved']) assert.ok(draft.includes(kind), `${kind} on the timeline`);
  const events = (await request(base, `/api/incidents/${ref}/timeline`, { token: API })).json.events as { kind: string }[];
  assert.ok(events.some((e) => e.kind === 'postmortem_drafted'), 'postmortem_drafted recorded');
});
