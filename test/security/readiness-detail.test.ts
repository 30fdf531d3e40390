/**
 * /readyz is open (load balancers probe it), so it must not hand out what a dependency's error
 * says: driver messages name hosts, ports and sometimes users. Anonymous callers see each
 * dependency's state and since when; the API token's holder and the log see the detail.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { freePort } from '../../src/adapters/postgres/embedded-postgres.js';
import { request, waitFor } from '../helpers/http.js';
import { spawnWarroom, stopWarroom, type WarroomProcess } from '../helpers/warroom-process.js';

/** A database host name that would tell an attacker about the network behind Warroom. */
const SECRET_HOST = 'db-primary.corp-internal.invalid';
const TOKEN = 'readiness-detail-api-token';
let bot: WarroomProcess;

before(async () => {
  // The database cannot be resolved: the driver's error (getaddrinfo ENOTFOUND <host>) is the dependency's detail.
  bot = spawnWarroom(['serve'], { DATABASE_URL: `postgres://warroom:pw@${SECRET_HOST}:5432/warroom`, PORT: String(await freePort()), HOST: '127.0.0.1', WARROOM_API_TOKEN: TOKEN, LOG_LEVEL: 'info' });
});
after(async () => {
  await stopWarroom(bot);
});

test('a failing database whose error names its host: anonymous /readyz shows state and since only, the token holder and the log the detail', async () => {
  const holder = await waitFor('the database error in /readyz for the token holder', () => request(bot.base, '/readyz', { token: TOKEN }), (r) => r.status === 503 && String(r.json?.dependencies?.database?.detail).includes(SECRET_HOST), 60_000);
  assert.equal(holder.json.dependencies.database.state, 'down');

  for (const headers of [{}, { authorization: 'Bearer not-the-token' }, { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }]) {
    const anonymous = await request(bot.base, '/readyz', { headers });
    assert.equal(anonymous.status, 503, anonymous.text);
    assert.ok(!anonymous.text.includes(SECRET_HOST), `${JSON.stringify(headers)}: no host name in ${anonymous.text}`);
    assert.ok(!/ENOTFOUND|getaddrinfo/i.test(anonymous.text), `${JSON.stringify(headers)}: no driver message in ${anonymous.text}`);
    for (const [name, dependency] of Object.entries(anonymous.json.dependencies as Record<string, object>)) {
      assert.deepEqual(Object.keys(dependency).sort(), ['since', 'state'], `${name}: state and since only`);
    }
    assert.equal(anonymous.json.dependencies.database.state, 'down');
  }
  assert.equal(typeof holder.json.dependencies.database.since, 'string', 'the token holder sees since when');

  const changes = () => bot.output().split('\n').filter((l) => l.includes('a dependency changed state') && l.includes('"dependency":"database"'));
  await waitFor('the database going down in the log', () => Promise.resolve(changes()), (lines) => lines.length > 0, 10_000);
  assert.ok(changes()[0]?.includes(SECRET_HOST), `the log carries the detail: ${changes()[0]}`);
  // More probes of the same state add no line: the log says when it changed, not every time it is asked.
  for (let i = 0; i < 5; i += 1) await request(bot.base, '/readyz');
  assert.equal(changes().length, 1, `one line for one change:\n${changes().join('\n')}`);
});
