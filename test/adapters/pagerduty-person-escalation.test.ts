// The PagerDuty adapter's person lookup and escalation (real pdjs over HTTP) against the PagerDuty API fake.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPagerDutyPaging } from '../../src/adapters/pagerduty/pagerduty-paging.js';
import type { PagingProvider } from '../../src/app/ports/paging.js';
import { startPagerDutyFake, type PagerDutyFake } from '../fakes/pagerduty-api-fake.js';

const TOKEN = 'pd-person-escalation-token';
const FROM = 'warroom-bot@example.com';
let fake: PagerDutyFake;
let paging: PagingProvider;

before(async () => {
  fake = await startPagerDutyFake({
    token: TOKEN,
    users: [
      { id: 'PBOT001', name: 'Warroom Bot', email: FROM },
      // GET /users?query= matches by substring: both come back for "bob@example.com".
      { id: 'PBOBAU1', name: 'Bob Elsewhere', email: 'bob@example.com.au' },
      { id: 'PBOB001', name: 'Bob Builder', email: 'Bob@Example.com' },
      { id: 'PALICE1', name: 'Alice Primary', email: 'alice@example.com' },
      { id: 'PNONAME', name: '', email: 'noname@example.com' },
    ],
    escalationPolicies: { PEP0001: [{ userId: 'PALICE1', level: 1 }, { userId: 'PBOB001', level: 2 }] },
    serviceEscalationPolicies: { PSVC001: 'PEP0001' },
  });
  paging = createPagerDutyPaging({ token: TOKEN, fromEmail: FROM, apiUrl: fake.url, timeoutMs: 2_000 });
});
after(() => fake.close());

test('findUser is the user whose email is exactly the one asked (any case), not a substring match; nobody is null', async () => {
  assert.deepEqual(await paging.findUser?.('bob@example.com'), { providerUserId: 'PBOB001', name: 'Bob Builder' });
  assert.equal(await paging.findUser?.('nobody@example.com'), null);
  // A user PagerDuty names with nothing: their email, never the PagerDuty id.
  assert.deepEqual(await paging.findUser?.('noname@example.com'), { providerUserId: 'PNONAME', name: 'noname@example.com' });
  assert.ok(fake.requests().some((r) => r.path === '/users' && r.query.query?.[0] === 'bob@example.com'));
});

test('escalate sets escalation_level to the next level and answers who is assigned now; at the last level it calls nothing', async () => {
  const receipt = await paging.page({ incidentRef: 'INC-7', title: 'Down', details: '', urgency: 'high', pagerdutyServiceId: 'PSVC001' });
  assert.deepEqual(await paging.escalate?.(receipt.reference, { fromLevel: 1, escalation: null }), { kind: 'escalated', level: 2, nowPaged: [{ name: 'Bob Builder', email: 'Bob@Example.com' }] });
  assert.equal(fake.incidents().find((i) => i.id === receipt.reference)?.escalationLevel, 2);
  const puts = () => fake.requests().filter((r) => r.method === 'PUT').length;
  const before = puts();
  assert.deepEqual(await paging.escalate?.(receipt.reference, { fromLevel: 2, escalation: null }), { kind: 'last_level', level: 2 });
  assert.equal(puts(), before, 'no PUT past the last level');
});
