import type { RoomSetupState } from '../../ports/room.js';
import { ensureChannel } from '../ensure-channel.js';
import type { RoomTaskHandler } from '../room-task-handler.js';
import { SETUP_STEPS, type SetupRun } from './setup-steps.js';

/**
 * Gives an incident its room: the channel, then each step of SETUP_STEPS in order. A step done is
 * recorded in the room's set-up state before the next one starts, so a set-up retried after a
 * crash, a 429 or an outage resumes after its last finished step and repeats none.
 */
export const setupChannel: RoomTaskHandler<'setup_channel'> = async (task, room) => {
  const found = await room.incidents.find(task.incidentId);
  if (!found) return 'incident gone';
  const incident = await ensureChannel(found, (await room.outbox.roomState(found.id)).setup, room);
  const state = await room.outbox.roomState(incident.id);
  let setup: RoomSetupState = state.setup;
  const run: SetupRun = {
    task,
    incident,
    channelId: incident.channelId ?? '',
    messages: state.messages,
    get setup() {
      return setup;
    },
    async record(done: RoomSetupState) {
      setup = { ...setup, ...done };
      await room.outbox.saveSetup(task.incidentId, setup);
    },
  };
  for (const step of SETUP_STEPS) await step(run, room);
  return 'room ready';
};
