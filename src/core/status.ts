/** Incident statuses and the transition table (DESIGN §2, INTERFACE §5). */
export const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type Status = (typeof STATUSES)[number];

/**
 * Allowed moves. Any open status may move to any other: responders go straight from investigating
 * to monitoring after a quick mitigation, and back when it did not hold. Any open status may be
 * resolved (a false alarm is resolved straight from investigating); a resolved incident reopens to
 * investigating.
 */
export const TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  investigating: ['identified', 'monitoring', 'resolved'],
  identified: ['investigating', 'monitoring', 'resolved'],
  monitoring: ['investigating', 'identified', 'resolved'],
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
