import type { Clock } from '../app/ports/runtime.js';

/** The wall clock; tests pass their own Clock to compress time. */
export const systemClock: Clock = { now: () => new Date() };
