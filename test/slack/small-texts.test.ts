import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SUBCOMMANDS } from '../../src/ingress/slack/commands/parse-incident-command.js';
import { slackSender, type SlackSender } from '../helpers/slack-requests.js';
import { startWarroomWithSlack, type WarroomWithSlack } from '../helpers/warroom-with-slack.js';

let room: WarroomWithSlack;
let slack: SlackSender;
let base: string;

before(async () => {
  room = await startWarroomWithSlack();
  base = `http://127.0.0.1:${room.warroom.port}`;
  slack = slackSender(base, 'secret');
});
after(() => room.close());

test('/incident help lists each command once, with its description, and names them in the notification text', async () => {
  const help = await slack.command('help');
  assert.equal(help.status, 200, help.text);
  const text = JSON.stringify(help.json.blocks);
  assert.doesNotMatch(text, /\/incident \/incident/);
  for (const sub of SUBCOMMANDS) {
    const usage = sub.usage.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    assert.equal(text.split(`\`${usage}\` — ${sub.description}`).length - 1, 1, `${sub.name} once, with its description`);
  }
  assert.equal(help.json.text, `/incident commands: ${SUBCOMMANDS.map((s) => s.name).join(', ')}`);
});
