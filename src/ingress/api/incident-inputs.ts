import { z } from 'zod';
import { parseSeverity, SEVERITIES } from '../../core/severity.js';
import { SLACK_USER_ID_PATTERN } from '../../core/slack-user-id.js';
import { STATUSES } from '../../core/status.js';

// Custom messages end a sentence that starts with the field's name (see input-sentences.ts).

/** `SEV2`, `sev2`, `2` or 2, as everywhere else; the parsed Severity. */
const severity = z.unknown().transform((value, ctx) => {
  const parsed = parseSeverity(value);
  if (parsed === null) ctx.addIssue({ code: 'custom', message: `must be one of ${SEVERITIES.join(', ')} (or 1-4)` });
  return parsed ?? z.NEVER;
});

const services = z.array(z.string().min(1).max(100)).max(50);

export const declareInput = z
  .object({
    title: z.string(),
    severity: severity.optional(),
    services: services.optional(),
    description: z.string().max(10_000).nullable().optional(),
    /** An `incidentTypes` name; checked against the config by the declare. */
    type: z.string().max(100).nullable().optional(),
    /** A private channel, hidden from non-members (and from `WARROOM_API_TOKEN`); a private type makes it private anyway. */
    private: z.boolean().optional(),
  })
  .strict();

/** A role's holder: a Slack user id, or null to unassign. */
const holder = z
  .string()
  .regex(new RegExp(`^${SLACK_USER_ID_PATTERN}$`), 'must be a Slack user id (U… or W…) or null')
  .nullable()
  .optional();
const MAX_ROLES_IN_CHANGE = 20;

/**
 * Role name → holder. Any role name is taken here: an incident's type decides which it has (the
 * four built-in ones, or a type's own such as `security-lead`), checked once the incident is found.
 */
const roles = z
  .record(z.string(), holder)
  .refine((r) => Object.keys(r).length <= MAX_ROLES_IN_CHANGE, `must name at most ${MAX_ROLES_IN_CHANGE} roles`);

export const CHANGEABLE_FIELDS = ['status', 'severity', 'title', 'roles', 'services'] as const;

/** PATCH /api/incidents/:ref: any of the fields; each one given is set, the others are left alone. */
export const changeInput = z
  .object({
    status: z.enum(STATUSES).optional(),
    severity: severity.optional(),
    title: z.string().optional(),
    roles: roles.optional(),
    services: services.optional(),
  })
  .strict()
  .refine((body) => CHANGEABLE_FIELDS.some((field) => body[field] !== undefined), {
    message: `must set at least one of ${CHANGEABLE_FIELDS.join(', ')}`,
    // Only of a body otherwise valid: beside "unknown field "sevrity"" it would say nothing new.
    when: (payload) => payload.issues.length === 0,
  });

export type ChangeInput = z.output<typeof changeInput>;

export const noteInput = z.object({ text: z.string() }).strict();
