// What the tracker's word does to a follow-up (issue 20): only done → not done in the tracker reopens one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trackerReportEffect } from '../../src/core/followup.js';

test('done in the tracker marks an open follow-up done, and leaves a done one alone', () => {
  assert.equal(trackerReportEffect({ status: 'open' }, { wasDone: false, done: true }), 'done');
  assert.equal(trackerReportEffect({ status: 'done' }, { wasDone: false, done: true }), null);
});

test('only a move from done to not done reopens; not done → not done (To Do → In Progress) changes nothing', () => {
  assert.equal(trackerReportEffect({ status: 'done' }, { wasDone: true, done: false }), 'reopen');
  assert.equal(trackerReportEffect({ status: 'done' }, { wasDone: false, done: false }), null, 'marked done in Slack, moved between not-done statuses');
  assert.equal(trackerReportEffect({ status: 'open' }, { wasDone: true, done: false }), null, 'open already');
});
