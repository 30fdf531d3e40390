import { createRoomPosts } from './room-posts.js';
import { createRoomSummary } from './room-summary.js';
import type { RoomTaskContext, RoomTaskPorts } from './room-task-handler.js';

/** The ports and the helpers built on them once (a worker's stakeholder channel cache lives here). */
export function createRoomTaskContext(ports: RoomTaskPorts): RoomTaskContext {
  return { ...ports, summary: createRoomSummary(ports), ...createRoomPosts(ports) };
}
