import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { waitFor } from '../helpers/http.js';
import { startApiWithSlack, type ApiWithSlack } from '../helpers/api-with-slack.js';

let h: ApiWithSlack;

before(async () => {
  h = await startApiWithSlack(['checkout', 'search']);
});
after(async () => {
  await h.close();
});

interface Event {
  kind: string;
  actor: string;
  text: string;
  data: Record<string, unknown>;
}
const timeline = async (ref: string): Promise<Event[]> => (await h.api('GET', `/api/incidents/${ref}/timeline`)).json.events;

describe('PATCH /api/incidents/:ref', () => {
  test('each field is changed through the same rules as Slack: the answer is GET\'s shape, the timeline says who and what, the summary follows', async () => {
    const { ref, summary } = await h.declareWithRoom('Checkout 5xx');
    const steps: { body: Record<string, unknown>; kinds: string[]; shows: RegExp; check: (json: any) => void }[] = [
      { body: { severity: 'SEV1' }, kinds: ['severity_changed'], shows: /SEV1/, check: (j) => assert.equal(j.severity, 'SEV1') },
      { body: { title: 'Checkout and search 5xx' }, kinds: ['title_changed'], shows: /Checkout and search 5xx/, check: (j) => assert.equal(j.title, 'Checkout and search 5xx') },
      { body: { services: ['checkout', 'search'] }, kinds: ['services_changed'], shows: /search/, check: (j) => assert.deepEqual(j.services, ['checkout', 'search']) },
      {
        body: { roles: { commander: 'U0BOB0002', scribe: 'U0ALICE01' } },
        kinds: ['role_assigned', 'role_assigned'],
        shows: /<@U0BOB0002>/,
        check: (j) => {
          assert.equal(j.roles.commander, 'U0BOB0002');
          assert.equal(j.roles.scribe, 'U0ALICE01');
        },
      },
      { body: { status: 'identified' }, kinds: ['status_changed'], shows: /[Ii]dentified/, check: (j) => assert.equal(j.status, 'identified') },
      { body: { status: 'resolved' }, kinds: ['incident_resolved'], shows: /[Rr]esolved/, check: (j) => assert.ok(j.resolvedAt) },
      { body: { status: 'investigating' }, kinds: ['incident_reopened'], shows: /[Ii]nvestigating/, check: (j) => assert.equal(j.resolvedAt, null) },
    ];
    for (const step of steps) {
      const what = JSON.stringify(step.body);
      const eventsBefore = (await timeline(ref)).length;
      const editsBefore = summary().edits;
      const r = await h.api('PATCH', `/api/incidents/${ref}`, step.body);
      assert.equal(r.status, 200, `${what}: ${r.text}`);
      step.check(r.json);
      assert.deepEqual(r.json, (await h.api('GET', `/api/incidents/${ref}`)).json, `${what}: the answer is the incident as GET shows it`);
      const added = (await timeline(ref)).slice(eventsBefore);
      assert.deepEqual(added.map((e) => e.kind), step.kinds, `${what}: its timeline events`);
      for (const e of added) assert.equal(e.actor, 'api', `${what}: the API is the actor, as for a declare through it`);
      await waitFor(`${what}: the summary refreshed`, () => Promise.resolve(summary()), (s) => s.edits > editsBefore && step.shows.test(s.blocks), 15_000);
    }
    const changes = (await timeline(ref)).filter((e) => e.kind === 'title_changed' || e.kind === 'services_changed');
    assert.deepEqual(changes.map((e) => e.text), ['Title changed from "Checkout 5xx" to "Checkout and search 5xx"', 'Services changed from checkout to checkout, search']);
    assert.deepEqual(changes[0]?.data, { from: 'Checkout 5xx', to: 'Checkout and search 5xx' });
    assert.deepEqual(h.fake.violations(), [], 'every Slack call stayed inside Slack\'s rules');
  });

  test('several fields change together as one new version; fields already set are no change', async () => {
    // With the room set up first, nothing else changes the incident meanwhile.
    const { ref } = await h.declareWithRoom('Search slow');
    const before = await h.api('GET', `/api/incidents/${ref}`);
    const eventsBeforePatch = (await timeline(ref)).length;
    const r = await h.api('PATCH', `/api/incidents/${ref}`, { severity: 2, status: 'identified', services: ['search'] });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.version, before.json.version + 1, 'one new version for the whole PATCH');
    assert.deepEqual((await timeline(ref)).slice(eventsBeforePatch).map((e) => e.kind), ['severity_changed', 'services_changed', 'status_changed']);

    const eventsBefore = (await timeline(ref)).length;
    const again = await h.api('PATCH', `/api/incidents/${ref}`, { severity: 'SEV2', status: 'identified' });
    assert.equal(again.status, 200, 'setting what is already set is no error (a retried PATCH)');
    assert.equal(again.json.version, r.json.version, 'and no new version');
    assert.equal((await timeline(ref)).length, eventsBefore, 'and nothing on the timeline');
  });

  test('a refused move is 409 and changes nothing, not even the other fields of the PATCH', async () => {
    const { ref } = await h.declareWithRoom('Over already');
    assert.equal((await h.api('PATCH', `/api/incidents/${ref}`, { status: 'resolved' })).status, 200);
    const resolvedAgain = await h.api('PATCH', `/api/incidents/${ref}`, { status: 'resolved' });
    assert.equal(resolvedAgain.status, 409);
    assert.equal(resolvedAgain.json.code, 'incident.already_resolved');
    const eventsBefore = (await timeline(ref)).length;
    const refused = await h.api('PATCH', `/api/incidents/${ref}`, { severity: 'SEV1', status: 'monitoring' });
    assert.equal(refused.status, 409, refused.text);
    assert.equal(refused.json.code, 'incident.invalid_transition');
    assert.match(refused.json.error, /cannot move from resolved to monitoring/);
    const after = await h.api('GET', `/api/incidents/${ref}`);
    assert.equal(after.json.severity, 'SEV3', 'the severity of the refused PATCH was not applied');
    assert.equal((await timeline(ref)).length, eventsBefore);
  });
});

describe('POST /api/incidents/:ref/notes', () => {
  test('adds a note on the timeline by the API, answers the incident and refreshes the summary', async () => {
    const { ref, summary } = await h.declareWithRoom('Payments timeouts');
    const editsBefore = summary().edits;
    const r = await h.api('POST', `/api/incidents/${ref}/notes`, { text: 'Rolled back deploy 42\nerror rate falling' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.ref, ref);
    assert.deepEqual(r.json, (await h.api('GET', `/api/incidents/${ref}`)).json);
    const note = (await timeline(ref)).at(-1);
    assert.equal(note?.kind, 'note_added');
    assert.equal(note?.actor, 'api');
    assert.equal(note?.text, 'Rolled back deploy 42\nerror rate falling');
    await waitFor('the summary refreshed after the note', () => Promise.resolve(summary().edits), (n) => n > editsBefore, 15_000);
  });
});
