/**
 * `incidentTypes` in warroom.yml (issue 21): the kinds of incident and the room each gets. Kept beside
 * config.ts (like bridge-settings.ts) so the settings there only name it. Absent: one `default` type,
 * which is exactly the behaviour from before types existed.
 */
import { z } from 'zod';
import { DEFAULT_TYPE, type IncidentType } from './core/incident-type.js';
import { ROLES } from './core/roles.js';
import { SEVERITIES } from './core/severity.js';

const SLUG = /^[a-z0-9][a-z0-9-]{0,39}$/;
const SLUG_RULE = '1 to 40 characters of a-z, 0-9 and -, starting with a letter or digit';

const slug = (what: string) => z.string(`must be ${what}`).regex(SLUG, `must be ${what}: ${SLUG_RULE}`);

const minutes = z.int('must be a whole number of minutes, 0 or more (0 = no reminders)').min(0, 'must be a whole number of minutes, 0 or more (0 = no reminders)');

const typeSchema = z
  .strictObject(
    {
      name: slug('a type name such as security'),
      description: z.string('must be text').trim().max(200, 'must be at most 200 characters').default(''),
      channelPrefix: z
        .string('must be text')
        .regex(/^[a-z0-9][a-z0-9_-]{0,19}$/, 'must be 1 to 20 characters of a-z, 0-9, - and _, starting with a letter or digit')
        .nullable()
        .default(null),
      // Read by the private-incident work (private channels, leak filtering); types only carry it.
      private: z.boolean('must be true or false').default(false),
      stakeholderChannels: z
        .array(
          z.string('must be a channel ID or #name').regex(/^(?:[CG][A-Z0-9]{2,}|#[a-z0-9_-]{1,80})$/, 'must be a channel ID (C…) or a #name'),
          'must be a list of channel IDs or #names',
        )
        .nullable()
        .default(null),
      roles: z
        .array(slug(`one of ${ROLES.join(', ')} or a role name of its own (a slug such as security-lead)`), 'must be a list of role names')
        .refine((roles) => roles.includes('commander'), 'must include commander (the on-call page, reminders and hand-overs go through it)')
        .refine((roles) => new Set(roles).size === roles.length, 'must name each role once')
        .default(() => [...ROLES]),
      updateCadence: z
        .partialRecord(z.enum(SEVERITIES, 'must be SEV1, SEV2, SEV3 or SEV4'), minutes, 'must be a mapping of SEVn: minutes between stakeholder updates')
        .default(() => ({})),
      services: z.array(z.string('must be a service name'), 'must be a list of service names').default(() => []),
      runbooks: z.array(z.string('must be the path of a runbook').trim().min(1, 'must be the path of a runbook'), 'must be a list of runbook paths').default(() => []),
      default: z.boolean('must be true or false').default(false),
    },
    'must be a mapping such as { name: security, channelPrefix: sec }',
  )
  .transform((t): IncidentType => t);

/** The list of types; whole-list rules (unique names, one default) are checked here, service names in config.ts. */
export const incidentTypesSchema = z
  .array(typeSchema, 'must be a list of incident types such as [{ name: security }, { name: platform }]')
  .min(1, 'must name at least one type (or leave incidentTypes out)')
  .max(100, 'must name at most 100 types (the declare modal offers at most 100)')
  .superRefine((types, ctx) => {
    const seen = new Set<string>();
    types.forEach((t, i) => {
      if (seen.has(t.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: 'another type already has this name' });
      seen.add(t.name);
    });
    const defaults = types.flatMap((t, i) => (t.default ? [i] : []));
    for (const i of defaults.slice(1)) ctx.addIssue({ code: 'custom', path: [i, 'default'], message: `only one type may be default (${types[defaults[0] ?? 0]?.name ?? ''} already is)` });
  })
  .transform((types): IncidentType[] => (types.some((t) => t.default) ? types : types.map((t, i) => ({ ...t, default: i === 0 }))))
  .default(() => [DEFAULT_TYPE]);

/**
 * Problems with names the type settings share with the rest of the config: a type's services must be
 * configured ones, and a service's `type` a configured type (or a typo would silently route nowhere).
 */
export function incidentTypeProblems(settings: {
  readonly incidentTypes: readonly IncidentType[];
  readonly services: Readonly<Record<string, { readonly type?: string | null }>>;
}): { path: (string | number)[]; message: string }[] {
  const services = Object.keys(settings.services);
  const types = settings.incidentTypes.map((t) => t.name);
  const unknownServices = settings.incidentTypes.flatMap((t, i) =>
    t.services.flatMap((service, j) =>
      services.includes(service) ? [] : [{ path: ['incidentTypes', i, 'services', j], message: `is not a configured service (configured: ${services.join(', ') || 'none'})` }],
    ),
  );
  const unknownTypes = Object.entries(settings.services).flatMap(([name, service]) =>
    service.type === undefined || service.type === null || types.includes(service.type)
      ? []
      : [{ path: ['services', name, 'type'], message: `is not a configured incident type (configured: ${types.join(', ')})` }],
  );
  return [...unknownServices, ...unknownTypes];
}
