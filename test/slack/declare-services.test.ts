/**
 * A declare naming services that are not configured is refused, naming them and the known ones, in
 * the same words everywhere (issue 18): the API's declare (as its PATCH), `/incident declare …
 * --services` and the declare modal. A refused declare declares nothing and takes no number.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { INPUTS, VIEWS } from '../../src/slack-ui/ids.js';
import { startApiWithSlack, type ApiWithSlack } from '../helpers/api-with-slack.js';
import { slackSender, type SlackSender } from '../helpers/slack-requests.js';

let h: ApiWithSlack;
let slack: SlackSender;

before(async () => {
  h = await startApiWithSlack(['checkout', 'search']);
  slack = slackSender(h.base, 'secret');
});
after(async () => {
  await h.close();
});

const refs = async (): Promise<string[]> => ((await h.api('GET', '/api/incidents?status=all')).json.incidents as { ref: string }[]).map((i) => i.ref).sort();

describe('declaring with services that are not configured', () => {
  test('the API refuses them with 400 naming each, declares nothing, and the next declare takes the next number', async () => {
    const first = await h.api('POST', '/api/incidents', { title: 'Checkout slow', services: ['checkout'] });
    assert.equal(first.status, 201, first.text);
    const r = await h.api('POST', '/api/incidents', { title: 'Search slow', services: ['serch', 'billing'] });
    assert.equal(r.status, 400, r.text);
    assert.deepEqual(r.json.problems, ['unknown service "serch" (did you mean "search"?)', 'unknown service "billing" (configured: checkout, search)']);
    assert.deepEqual(await refs(), [first.json.ref], 'nothing declared');
    const next = await h.api('POST', '/api/incidents', { title: 'Search slow', services: ['search'] });
    assert.equal(next.status, 201, next.text);
    assert.equal(Number(next.json.ref.slice(4)), Number(first.json.ref.slice(4)) + 1, 'the refused declare took no number');
  });

  test('/incident declare … --services refuses an unknown one in the answer, and declares known ones', async () => {
    const before = await refs();
    const refused = await slack.command('declare Search is down --services search,billing', { user: 'U0ALICE01', channel: 'C0GENERAL' });
    assert.equal(refused.status, 200);
    assert.match(refused.json?.text ?? '', /Not declared: unknown service "billing" \(configured: checkout, search\)/);
    assert.deepEqual(await refs(), before, 'nothing declared');

    const declared = await slack.command('declare Search is down --sev 2 --services search', { user: 'U0ALICE01', channel: 'C0GENERAL' });
    assert.match(declared.json?.text ?? '', /Declared \*INC-\d+\* \(SEV2\): Search is down\./);
    const ref = /INC-\d+/.exec(declared.json?.text ?? '')?.[0] ?? '';
    const incident = (await h.api('GET', `/api/incidents/${ref}`)).json;
    assert.deepEqual([incident.title, incident.services], ['Search is down', ['search']]);
  });

  test('the declare modal answers an unknown service (a modal opened before the config changed) on its services field', async () => {
    const before = await refs();
    const option = (value: string) => ({ text: { type: 'plain_text', text: value }, value });
    const submitted = await slack.interaction({
      type: 'view_submission',
      team: { id: 'TFAKE', domain: 'acme' },
      user: { id: 'U0ALICE01', username: 'alice', name: 'alice', team_id: 'TFAKE' },
      api_app_id: 'AWARROOM',
      token: 'legacy-verification-token',
      trigger_id: '1.2.declare-services',
      view: {
        id: 'V0DECLARE1',
        team_id: 'TFAKE',
        type: 'modal',
        callback_id: VIEWS.declare,
        private_metadata: '',
        state: {
          values: {
            [INPUTS.title]: { [INPUTS.title]: { type: 'plain_text_input', value: 'Ledger drift' } },
            [INPUTS.services]: { [INPUTS.services]: { type: 'multi_static_select', selected_options: [option('checkout'), option('ledger')] } },
          },
        },
      },
    });
    assert.equal(submitted.status, 200, submitted.text);
    assert.deepEqual(submitted.json, { response_action: 'errors', errors: { [INPUTS.services]: 'unknown service "ledger" (configured: checkout, search).' } });
    assert.deepEqual(await refs(), before, 'nothing declared');
  });
});
