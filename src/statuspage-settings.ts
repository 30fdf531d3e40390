/**
 * `statuspage` in warroom.yml (issue 20): the Atlassian Statuspage page incidents are published to,
 * and which component each Warroom service is. Kept beside config.ts (like bridge-settings.ts) so the
 * settings there only name it. The feature is on only with a page id here and STATUSPAGE_API_KEY.
 */
import { z } from 'zod';

export interface StatusPageFileSettings {
  /** The page's id (Statuspage: the page's API info); null: status-page updates are off. */
  readonly pageId: string | null;
  /** Warroom service name → Statuspage component id. */
  readonly components: Readonly<Record<string, string>>;
}

/** Statuspage ids are short lower-case letters and digits (`qfn30z5r6s5h`); also what keeps them inside Slack's block ids. */
const STATUSPAGE_ID = /^[a-z0-9]{1,64}$/;
const id = (what: string) => z.string(`must be ${what}`).trim().regex(STATUSPAGE_ID, `must be ${what}: 1 to 64 lower-case letters and digits, as Statuspage shows it`);

export const statusPageSchema = z
  .strictObject(
    {
      pageId: id('a Statuspage page id').nullable().default(null),
      components: z.record(z.string(), id('a Statuspage component id'), 'must be a mapping of service: Statuspage component id').default(() => ({})),
    },
    'must be a mapping such as { pageId: qfn30z5r6s5h, components: { checkout: 8kbf7d35c070 } }',
  )
  .prefault({});

/** The components of services that are not configured: a typo would silently leave a component off every update. */
export function statusPageProblems(file: { statuspage: StatusPageFileSettings; services: Readonly<Record<string, unknown>> }): { path: (string | number)[]; message: string }[] {
  const configured = Object.keys(file.services);
  return Object.keys(file.statuspage.components)
    .filter((service) => !configured.includes(service))
    .map((service) => ({ path: ['statuspage', 'components', service], message: `is not a configured service (configured: ${configured.join(', ') || 'none'})` }));
}
