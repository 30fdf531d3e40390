import assert from 'node:assert/strict';
import { test } from 'node:test';
import { afterFailure, MAX_TASK_FAILURES, RoomGoneError } from '../../src/app/room/task-failures.js';

const refusal = new Error('conversations.create failed: internal_error');

test('a room set-up keeps retrying while its incident is open, however many times it failed', () => {
  for (const failures of [1, MAX_TASK_FAILURES, 100]) assert.equal(afterFailure({ kind: 'setup_channel', incidentOpen: true }, failures, refusal), 'retry');
});

test('a room set-up of a resolved incident, and any other task, gives up after 5 failures', () => {
  for (const task of [{ kind: 'setup_channel', incidentOpen: false }, { kind: 'refresh_summary', incidentOpen: true }] as const) {
    assert.equal(afterFailure(task, MAX_TASK_FAILURES - 1, refusal), 'retry');
    assert.equal(afterFailure(task, MAX_TASK_FAILURES, refusal), 'give_up');
  }
});

test('a task whose room is gone gives up at once, even an open incident\'s set-up (the hook for archived rooms)', () => {
  assert.equal(afterFailure({ kind: 'setup_channel', incidentOpen: true }, 1, new RoomGoneError('is_archived')), 'give_up');
});
