import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSlackUserId, SLACK_USER_ID_PATTERN } from '../../src/core/slack-user-id.js';

void test('Slack user ids: U… and Enterprise Grid W…, of the lengths Slack issues', () => {
  for (const id of ['U123', 'U012AB3CD', 'W012AB3CDEF', 'U01ABCDEFGH', `U${'A'.repeat(30)}`]) assert.ok(isSlackUserId(id), id);
});

void test('anything else is not a person: other prefixes, lower case, mentions, too short or too long', () => {
  const others = ['', 'U', 'U1', 'u012ab3cd', 'C012AB3CD', 'B012AB3CD', 'api', 'warroom', 'pagerduty', '<@U012AB3CD>', ' U012AB3CD', 'U012AB3CD ', 'U012-AB3', `U${'A'.repeat(31)}`, null, undefined];
  for (const value of others) assert.equal(isSlackUserId(value), false, String(value));
});

void test('the pattern embeds in larger syntax (a mention) with the same bounds', () => {
  const mention = new RegExp(`^<@(${SLACK_USER_ID_PATTERN})>$`);
  assert.equal(mention.exec('<@W012AB3CDEF>')?.[1], 'W012AB3CDEF');
  assert.equal(mention.exec(`<@U${'A'.repeat(31)}>`), null);
});
