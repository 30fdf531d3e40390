/** Incident statuses and the transition table (DESIGN §2, INTERFACE §5). */
export const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type Status = (typeof STATUSES)[number];

/**
 * Allowed moves. The open statuses form a chain (investigating ↔ identified ↔ monitoring);
 * any open status may be resolved, because a false alarm is resolved straight from
 * investigating; a resolved incident reopens to investigating.
 */
export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  investigating: ['identified', 'resolved'],
  identified: ['investigating', 'monitoring', 'resolved'],
  monitoring: ['identified', 'resolved'],
  resolved: ['investigating'],
};

export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

export function canTransition(from: Status, to: Status): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isOpen(status: Status): boolean {
  return status !== 'resolved';
}
