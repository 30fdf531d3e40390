// Chat.post in a thread and Chat.findPosted of that reply, against the Slack Web API fake over real HTTP:
// a retried task that replied in a thread (the escalation line under an announcement) must find its reply.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSlackChat } from '../../src/adapters/slack/slack-chat.js';
import type { Incident } from '../../src/core/incident.js';
import { startSlackFake } from '../fakes/slack-api-fake.js';

const AT = new Date('2026-12-06T10:00:00.000Z');
const incident: Incident = {
  id: 3,
  ref: 'INC-3',
  title: 'Checkout 5xx',
  description: null,
  status: 'investigating',
  severity: 'SEV2',
  services: [],
  drill: false,
  channelId: null,
  channelName: null,
  roles: { commander: null, comms: null, scribe: null, ops: null },
  scope: null,
  declaredBy: 'U0ALICE01',
  createdAt: AT,
  updatedAt: AT,
  resolvedAt: null,
  version: 2,
};

test('a reply posted with a key is in its thread, and findPosted finds it there (channel history leaves replies out)', async (t) => {
  const fake = await startSlackFake();
  t.after(() => fake.close());
  fake.addChannel({ id: 'C0STAKE', name: 'stakeholders', members: [fake.botUserId] });
  const chat = createSlackChat({ token: fake.token, apiUrl: fake.url, timeoutMs: 2_000 });
  const since = new Date(Date.now() - 1000);

  const parent = await chat.post('C0STAKE', { kind: 'announcement', incident }, 'task:1:announcement');
  assert.ok(parent.ok);
  const reply = await chat.post('C0STAKE', { kind: 'announcement_escalated', incident, from: 'SEV3', to: 'SEV2', at: AT }, 'task:2:announcement_escalated', parent.value.ts);
  assert.ok(reply.ok);
  assert.equal(fake.message('C0STAKE', reply.value.ts)?.threadTs, parent.value.ts, 'posted as a reply');

  assert.deepEqual(await chat.findPosted('C0STAKE', 'task:2:announcement_escalated', since), { ok: true, value: null }, 'not in the channel history');
  assert.deepEqual(await chat.findPosted('C0STAKE', 'task:2:announcement_escalated', since, parent.value.ts), { ok: true, value: { ts: reply.value.ts } });
});
