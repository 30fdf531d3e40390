import { channelName } from '../../core/channel-name.js';
import { DRILL_CHANNEL_PREFIX } from '../../core/drill.js';
import type { Incident } from '../../core/incident.js';
import type { RoomSetupState } from '../ports/room.js';
import type { RoomTaskPorts } from './room-task-handler.js';
import { channelPrefixOf } from './room-settings.js';

const MAX_NAME_ATTEMPTS = 10;

/** Creates the incident's channel, or adopts the one this bot created for this incident before a crash. */
export async function ensureChannel(incident: Incident, setup: RoomSetupState, deps: Pick<RoomTaskPorts, 'chat' | 'outbox' | 'changeIncident' | 'settings'>): Promise<Incident> {
  if (incident.channelId !== null) return incident;
  const { chat } = deps;
  // Drills are told apart at a glance: `drill-<n>-…` whatever the configured prefix.
  // A private incident's channel name says nothing of it: channel names surface beyond the members (name_taken, links).
  const base = channelName(incident.drill ? DRILL_CHANNEL_PREFIX : channelPrefixOf(deps.settings, incident), incident.id, incident.private === true ? 'private' : incident.title);
  for (let attempt = setup.nameAttempt ?? 0; attempt < MAX_NAME_ATTEMPTS; attempt++) {
    const name = attempt === 0 ? base : `${base.slice(0, 80 - String(attempt + 1).length - 1)}-${attempt + 1}`;
    const created = await chat.createChannel(name, { private: incident.private === true });
    let channelId: string | null = created.ok ? created.value.id : null;
    if (!created.ok && created.error === 'name_taken') {
      // The name carries the incident number: one this bot created is ours from an earlier try.
      const existing = await chat.findChannel(name);
      if (existing?.createdByMe) channelId = existing.id;
    } else if (!created.ok) {
      throw new Error(`conversations.create failed: ${created.error}`);
    }
    if (channelId !== null) {
      const changed = await deps.changeIncident(incident.id, { type: 'set_channel', channelId, channelName: name, actor: 'warroom' });
      if (!changed.ok) throw new Error(`could not record the channel: ${changed.error.message}`);
      return changed.value;
    }
    await deps.outbox.saveSetup(incident.id, { ...setup, nameAttempt: attempt + 1 });
  }
  throw new Error(`no free channel name after ${MAX_NAME_ATTEMPTS} tries`);
}
