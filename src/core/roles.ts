/** Incident roles; each has at most one holder (a Slack user id). */
export const ROLES = ['commander', 'comms', 'scribe', 'ops'] as const;
export type Role = (typeof ROLES)[number];
export type Roles = Readonly<Record<Role, string | null>>;

export const NO_ROLES: Roles = { commander: null, comms: null, scribe: null, ops: null };

/**
 * The roles an incident has: the four above, and those of its type's own (`security-lead`, issue 21)
 * under their config name; a role of its own is present only while someone holds it.
 */
export type IncidentRoles = Roles & Readonly<Record<string, string | null>>;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
