/**
 * Mention and link injection: a corpus of Slack control sequences placed in every user-controlled
 * field that can reach Slack (titles and descriptions from the slash command, the declare modal and
 * the API; alert titles and labels from each webhook; notes; stakeholder updates; resolve
 * summaries; pinned messages; unknown service names), then every call the Slack fake received and
 * every answer to a slash command is inspected: no raw mention or link syntax arrives. The
 * mentions Warroom makes itself (`<@U…>` of real role holders, `<#C…>` of incident channels) are
 * allowed: the corpus names users and channels that are nobody's.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { INPUTS, VIEWS } from '../../src/slack-ui/ids.js';
import { waitFor, type Answer } from '../helpers/http.js';
import { ALICE, BOB, commandBody, eventBody, FORM, interactionBody, JSON_TYPE, PROVIDERS, startHarness, validDelivery, type Harness } from './security-harness.js';

const STAKEHOLDERS = 'C0STAKEHLD';
/** Short enough to be a title (200 code points); every entry is something Slack would act on if sent raw. */
const CORPUS = 'X <!channel> <!here> <!everyone> <!subteam^S0123ABC|@oncall> <@U0MALLORY> <#C0EVIL01> <http://evil.example|click> @channel &lt;!here&gt; <\u200b!channel> ＜!channel＞ *b*';
const CORPUS_2 = '<!subteam^S0123ABC> <@U0MALLORY|boss> <mailto:x@evil.example|mail> <https://evil.example> <!date^1392734382^{date}|x> \u200b<!here>';

/**
 * Raw sequences Slack turns into mentions or links; none may arrive from the corpus. (An entity
 * such as `&lt;!here&gt;` arriving is harmless: Slack shows it as text, never as a mention. Our
 * own `<!date^…|…>` times are allowed: a timestamp and tokens we wrote, never user text.)
 */
const FORBIDDEN: readonly RegExp[] = [/<!(?!date\^\d+\^\{[a-z_]+\}(?: \{[a-z_]+\})*\|[^<>]*>)/, /<@U0MALLORY/, /<#C0EVIL01/, /<https?:\/\/evil/, /<mailto:/, /<\u200b!/];
/** Fields Slack shows verbatim or never shows: no mrkdwn parsing happens there. */
const UNPARSED_KEYS = new Set(['private_metadata', 'value', 'action_id', 'block_id', 'callback_id', 'initial_value', 'url', 'external_id', 'trigger_id', 'token']);

let h: Harness;
before(async () => {
  h = await startHarness({
    configure: (config) => ({ ...config, settings: { ...config.settings, stakeholderChannels: [STAKEHOLDERS] } }),
  });
  h.fake.addChannel({ id: STAKEHOLDERS, name: 'incident-stakeholders', members: [h.fake.botUserId] });
});
after(async () => {
  await h.stop();
});

/** Every string Slack would parse as mrkdwn or show with mentions, with where it was. */
function parsedStrings(value: unknown, path: string, out: { path: string; text: string }[]): void {
  if (typeof value === 'string') {
    out.push({ path, text: value });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => parsedStrings(v, `${path}[${i}]`, out));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  for (const [key, v] of Object.entries(record)) {
    if (UNPARSED_KEYS.has(key)) continue;
    // plain_text objects are never parsed for mentions or links.
    if (key === 'text' && record.type === 'plain_text') continue;
    // Bolt sends blocks, attachments and views as JSON strings in form posts.
    if (typeof v === 'string' && /^[[{]/.test(v)) {
      try {
        parsedStrings(JSON.parse(v), `${path}.${key}`, out);
        continue;
      } catch {
        // not JSON: a plain string
      }
    }
    parsedStrings(v, `${path}.${key}`, out);
  }
}

function violations(where: string, value: unknown): string[] {
  const strings: { path: string; text: string }[] = [];
  parsedStrings(value, where, strings);
  return strings.flatMap(({ path, text }) => FORBIDDEN.filter((re) => re.test(text)).map((re) => `${path} matches ${String(re)}: ${text.slice(0, 300)}`));
}

const answers: { what: string; answer: Answer }[] = [];
async function command(text: string, channel = 'CGENERAL', user = ALICE): Promise<Answer> {
  const answer = await h.slack(commandBody(text, { channel, user }), FORM);
  assert.equal(answer.status, 200, `/incident ${text.slice(0, 40)}: ${answer.text}`);
  answers.push({ what: `/incident ${text.slice(0, 40)}`, answer });
  return answer;
}

function submit(callbackId: string, values: Record<string, unknown>, privateMetadata = ''): Promise<Answer> {
  return h.slack(
    interactionBody({
      type: 'view_submission',
      team: { id: 'TFAKE', domain: 'acme' },
      user: { id: ALICE, username: 'alice', name: 'alice', team_id: 'TFAKE' },
      api_app_id: 'AWARROOM',
      token: 'legacy-verification-token',
      trigger_id: `trigger-mention-${callbackId}-${Date.now()}`,
      view: { id: 'V0MENTION1', team_id: 'TFAKE', type: 'modal', blocks: [], private_metadata: privateMetadata, callback_id: callbackId, state: { values: Object.fromEntries(Object.entries(values).map(([id, v]) => [id, { [id]: v }])) }, hash: '1.a' },
    }),
    FORM,
  );
}

const incidents = async () => (await h.api('/api/incidents?status=all&limit=500')).json.incidents as { ref: string; title: string; channelId: string | null }[];

test('no raw mention or link from user-controlled text reaches Slack', async () => {
  // Declared from Slack, from the modal and from the API.
  await command(`declare ${CORPUS}`);
  const modal = await submit(VIEWS.declare, { [INPUTS.title]: { type: 'plain_text_input', value: CORPUS_2 }, [INPUTS.severity]: { type: 'static_select', selected_option: { value: 'SEV2' } }, [INPUTS.description]: { type: 'plain_text_input', value: CORPUS } });
  assert.equal(modal.status, 200, `declare modal: ${modal.text}`);
  const api = await h.api('/api/incidents', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: `API ${CORPUS_2}`, description: CORPUS, severity: 'SEV1' }) });
  assert.equal(api.status, 201, `API declare: ${api.text}`);

  // Alerts from every webhook: the title, and for Alertmanager a label value too.
  for (const provider of PROVIDERS) {
    const body = validDelivery(provider, `mention-${provider}`, `${provider} ${CORPUS}`.slice(0, 190));
    const r = await h.webhook(provider, provider === 'alertmanager' ? body.replace('"service":"checkout"', `"service":"checkout","team":${JSON.stringify(CORPUS_2)}`) : body);
    assert.equal(r.status, 202, `${provider} webhook: ${r.text}`);
  }

  const all = await waitFor('seven incidents with their channels', incidents, (list) => list.length >= 7 && list.every((i) => i.channelId !== null), 30_000);
  const room = all.find((i) => i.title.startsWith('X <!channel>'));
  assert.ok(room?.channelId, `the incident declared by command has a room: ${JSON.stringify(all.map((i) => i.title))}`);
  const channel = room.channelId;

  // Inside the room: notes, a pinned message, a stakeholder update, role changes, the timeline, a resolve summary.
  await command(`note ${CORPUS}`, channel);
  const note = await submit(VIEWS.note, { [INPUTS.note]: { type: 'plain_text_input', value: CORPUS_2 } }, room.ref);
  assert.equal(note.status, 200, `note modal: ${note.text}`);
  const said = h.fake.addMessage(channel, { user: BOB, text: CORPUS });
  const pinned = await h.slack(eventBody({ type: 'pin_added', user: ALICE, channel_id: channel, item: { type: 'message', channel, message: { type: 'message', user: BOB, text: CORPUS, ts: said.ts } }, event_ts: said.ts }), JSON_TYPE);
  assert.equal(pinned.status, 200, `pin_added: ${pinned.text}`);
  await command(`ic <@${BOB}|${CORPUS.slice(0, 30)}>`, channel);
  await command(`ic <!channel>`, channel);
  await command(`ic <@${BOB}>`, channel);
  await command(`role comms <@U0MALLORY> ${CORPUS}`, channel);
  await command(`update ${CORPUS}`, channel);
  const update = await submit(VIEWS.update, { [INPUTS.update]: { type: 'plain_text_input', value: `${CORPUS}\n${CORPUS_2}` } }, room.ref);
  assert.equal(update.status, 200, `update modal: ${update.text}`);
  await command(`oncall ${CORPUS}`, channel);
  await command(`page ${CORPUS}`, channel);
  await command(`sev ${CORPUS}`, channel);
  await command(`status ${CORPUS}`, channel);
  await command(`${CORPUS}`, channel);
  await command('list');
  await command('timeline', channel);
  await command(`resolve ${CORPUS_2}`, channel);
  await command('postmortem', channel);
  const home = await h.slack(eventBody({ type: 'app_home_opened', user: ALICE, tab: 'home', channel: 'D0ALICE01', event_ts: '1.1' }), JSON_TYPE);
  assert.equal(home.status, 200, `app_home_opened: ${home.text}`);

  await waitFor('the stakeholder update, the commander, the timeline, the postmortem and the home tab', () => Promise.resolve(h.fake.calls()), (calls) => {
    const text = JSON.stringify(calls.map((c) => c.args));
    const inRoom = calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === channel).length;
    return h.fake.messages(STAKEHOLDERS).length >= 8 && inRoom >= 3 && text.includes(`<@${BOB}>`) && calls.some((c) => c.method === 'views.publish');
  }, 30_000);
  // Every room task has run: nothing the room worker would still send to Slack is left out of the scan.
  await waitFor('every room task done', async () => Number((await h.db.knex('slack_tasks').whereNull('done_at').count<{ n: string }[]>({ n: '*' }))[0]?.n), (n) => n === 0, 30_000);

  const calls = h.fake.calls();
  const found = [...calls.flatMap((c) => violations(`${c.method}#${c.seq}`, c.args)), ...answers.flatMap((a) => violations(a.what, a.answer.json ?? a.answer.text))];
  console.log(`[security] mention injection: ${calls.length} Slack calls and ${answers.length} command answers inspected (${[...new Set(calls.map((c) => c.method))].sort().join(', ')}); ${found.length} raw sequences`);
  assert.deepEqual(found.slice(0, 20), [], `${found.length} raw mention or link sequences reached Slack`);
  assert.deepEqual(
    calls.filter((c) => c.args.link_names !== undefined && c.args.link_names !== false && c.args.link_names !== 'false').map((c) => `${c.method}#${c.seq}`),
    [],
    'no call asks Slack to link names (@channel as plain text stays text)',
  );
  // Warroom's own mentions still work: the commander it set is a real mention.
  assert.ok(calls.some((c) => JSON.stringify(c.args).includes(`<@${BOB}>`)), 'the real commander is mentioned');
});
