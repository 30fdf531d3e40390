/**
 * Compile-level probes: `npm run typecheck` fails if any `@ts-expect-error` below stops being an
 * error, i.e. if a wrong payload, a missing payload or a missing handler ever compiles again.
 * The runtime test only keeps the file in the suite.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RoomTaskHandler, RoomTaskHandlers } from '../../../src/app/room/room-task-handler.js';
import { roomTask } from '../../../src/app/room/room-task.js';
import { ROOM_TASK_HANDLERS } from '../../../src/app/room/run-room-task.js';
import type { SlackTaskSpec } from '../../../src/app/ports/room.js';

test('room task kinds, payloads and handlers are bound together by their types', () => {
  const specs: SlackTaskSpec[] = [
    roomTask('refresh_summary'),
    roomTask('post_postmortem', { by: 'U1' }),
    // @ts-expect-error a payload of another kind
    roomTask('post_postmortem', { text: 'hello' }),
    // @ts-expect-error a kind that needs a payload, without one
    roomTask('capture_message'),
    // @ts-expect-error a payload for a kind that takes none
    roomTask('refresh_summary', { by: 'U1' }),
    // @ts-expect-error a kind that does not exist
    roomTask('archive_channel'),
  ];
  // @ts-expect-error a hand-built spec is checked too: scope_card's suggestion is a severity
  const handBuilt: SlackTaskSpec = { kind: 'scope_card', payload: { reason: null, suggestion: 'SEV9' } };

  const { setup_channel: _setup, ...withoutSetup } = ROOM_TASK_HANDLERS;
  // @ts-expect-error a table without the set-up handler
  const incomplete: RoomTaskHandlers = withoutSetup;
  // @ts-expect-error the handler of another kind (its task type differs)
  const misfiled: RoomTaskHandler<'post_postmortem'> = ROOM_TASK_HANDLERS.capture_message;

  assert.equal(specs.length, 6);
  assert.ok(handBuilt && incomplete && misfiled);
  assert.ok(Object.values(ROOM_TASK_HANDLERS).every((handler) => typeof handler === 'function'));
});
