/** Who sees a private incident outside its channel: members only, asked of Slack in parallel, cached briefly. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPrivateVisibility } from '../../src/app/private-visibility.js';
import { anIncident } from '../helpers/incident-fixture.js';
import { silentLogger } from '../helpers/silent-logger.js';

function clockAt(ms: number): { now(): Date; advance(by: number): void } {
  let at = ms;
  return { now: () => new Date(at), advance: (by) => (at += by) };
}

/** A member list per channel, answered only when the test releases it, so a test sees which calls are in flight together. */
function heldMembers(lists: Record<string, readonly string[]>) {
  const asked: string[] = [];
  const waiting: Array<() => void> = [];
  return {
    asked,
    members: async (channelId: string) => {
      asked.push(channelId);
      await new Promise<void>((resolve) => waiting.push(resolve));
      const list = lists[channelId];
      if (list === undefined) throw new Error('channel_not_found');
      return list;
    },
    releaseAll: () => waiting.splice(0).forEach((release) => release()),
  };
}

const publicOne = anIncident({ id: 1, ref: 'INC-1' });
const privateA = anIncident({ id: 2, ref: 'INC-2', private: true, channelId: 'CPRIVA' });
const privateB = anIncident({ id: 3, ref: 'INC-3', private: true, channelId: 'CPRIVB' });
const privateNoChannel = anIncident({ id: 4, ref: 'INC-4', private: true });

test('the channels of several private incidents are asked at once, not one after another (the list answers within 3 s)', async () => {
  const slack = heldMembers({ CPRIVA: ['U0ALICE01'], CPRIVB: ['U0BOB0001'] });
  const visibility = createPrivateVisibility({ members: slack, clock: clockAt(0), log: silentLogger() });
  const shown = visibility.visibleTo('U0ALICE01', [publicOne, privateA, privateB, privateNoChannel]);
  // Both calls are in flight before either is answered; asked one by one, the second would wait for the first.
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual([...slack.asked].sort(), ['CPRIVA', 'CPRIVB']);
  slack.releaseAll();
  assert.deepEqual((await shown).map((i) => i.ref), ['INC-1', 'INC-2'], 'order kept; a member sees theirs; no channel yet hides it');
});

test('two views at once ask Slack once per channel; a failed lookup hides the incident and is not cached', async () => {
  const slack = heldMembers({ CPRIVA: ['U0ALICE01'] });
  const visibility = createPrivateVisibility({ members: slack, clock: clockAt(0), log: silentLogger() });
  const first = visibility.visibleTo('U0ALICE01', [privateA, privateB]);
  const second = visibility.visibleTo('U0ALICE01', [privateA]);
  await new Promise((resolve) => setImmediate(resolve));
  slack.releaseAll();
  assert.deepEqual((await first).map((i) => i.ref), ['INC-2'], 'CPRIVB cannot be listed: hidden');
  assert.deepEqual((await second).map((i) => i.ref), ['INC-2']);
  assert.deepEqual([...slack.asked].sort(), ['CPRIVA', 'CPRIVB']);
  assert.equal(visibility.cachedChannelCount(), 1, 'the failed channel is asked again next time');
});

test('member lists past their time are dropped, so the cache holds recent channels only', async () => {
  const clock = clockAt(0);
  const slack = heldMembers({ CPRIVA: ['U0ALICE01'], CPRIVB: ['U0ALICE01'] });
  const visibility = createPrivateVisibility({ members: slack, clock, log: silentLogger(), ttlMs: 1_000 });
  const both = visibility.visibleTo('U0ALICE01', [privateA, privateB]);
  await new Promise((resolve) => setImmediate(resolve));
  slack.releaseAll();
  await both;
  assert.equal(visibility.cachedChannelCount(), 2);
  clock.advance(1_001);
  const onlyPublic = await visibility.visibleTo('U0ALICE01', [publicOne]);
  assert.deepEqual(onlyPublic.map((i) => i.ref), ['INC-1']);
  assert.equal(visibility.cachedChannelCount(), 0);
});
