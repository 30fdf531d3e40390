/** The names cache and the bounded capture in front of the people directory (a scripted directory port). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCachedPeopleDirectory } from '../../../src/app/people/cached-people-directory.js';
import { createCaptureNames } from '../../../src/app/people/capture-names.js';
import type { PeopleDirectory } from '../../../src/app/ports/people.js';
import type { TimelineEvent } from '../../../src/core/timeline.js';

const AT = new Date('2026-11-23T10:00:00Z');
const assigned = (actor: string, user: string): TimelineEvent => ({ at: AT, kind: 'role_assigned', actor, text: `Commander assigned to <@${user}>`, data: { role: 'commander', user, previous: null } });

function scripted(answers: Record<string, string | null | Error>): PeopleDirectory & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    nameOf(userId) {
      asked.push(userId);
      const answer = answers[userId];
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer ?? null);
    },
  };
}

test('cache: an answer is kept for the TTL, a failure only briefly, and lookups running at once are shared', async () => {
  let now = 0;
  const directory = scripted({ U0ALICE01: 'Alice Moreau', U0DOWN001: new Error('slack down') });
  const cached = createCachedPeopleDirectory({ directory, clock: { now: () => new Date(now) } }, { ttlMs: 3_600_000, failureTtlMs: 60_000 });
  assert.deepEqual(await Promise.all([cached.nameOf('U0ALICE01'), cached.nameOf('U0ALICE01')]), ['Alice Moreau', 'Alice Moreau']);
  now += 3_599_000;
  assert.equal(await cached.nameOf('U0ALICE01'), 'Alice Moreau');
  assert.deepEqual(directory.asked, ['U0ALICE01'], 'one lookup within the TTL');
  now += 2_000;
  await cached.nameOf('U0ALICE01');
  assert.equal(directory.asked.length, 2, 'looked up again after the TTL');

  assert.equal(await cached.nameOf('U0DOWN001'), null, 'a failure answers null, never throws');
  now += 59_000;
  await cached.nameOf('U0DOWN001');
  assert.equal(directory.asked.filter((id) => id === 'U0DOWN001').length, 1, 'a failure is remembered for a minute');
  now += 2_000;
  await cached.nameOf('U0DOWN001');
  assert.equal(directory.asked.filter((id) => id === 'U0DOWN001').length, 2, 'and asked again after it');
});

test('capture: events get the names of the people they name; a slow lookup is waited for at most the bound', async () => {
  let release: (name: string) => void = () => undefined;
  const slow: PeopleDirectory = {
    nameOf: (userId) => (userId === 'U0SLOW001' ? new Promise<string>((resolve) => (release = resolve)) : Promise.resolve(userId === 'U0ALICE01' ? 'Alice Moreau' : null)),
  };
  const capture = createCaptureNames({ directory: slow }, 50);
  const events = [assigned('U0ALICE01', 'U0SLOW001'), { at: AT, kind: 'scope_snapshot', actor: 'warroom', text: 'Scope: none', data: {} } as TimelineEvent];
  const [named, untouched] = await capture(events);
  assert.deepEqual(named?.names, { U0ALICE01: 'Alice Moreau' }, 'the slow lookup is left out once the wait is over');
  assert.equal(untouched, events[1], 'an event naming nobody passes through as it is');
  release('Sam Slow');

  const nobody = createCaptureNames({ directory: scripted({}) });
  const plain = [assigned('api', 'not-a-user')];
  assert.equal(await nobody(plain), plain, 'no person, no lookup');
});
