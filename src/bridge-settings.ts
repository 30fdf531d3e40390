/**
 * `bridge` in warroom.yml (issue 21): the call link each incident gets, a static URL or a
 * template with `{ref}` and `{channel}`. Kept beside config.ts so the settings there only name it.
 */
import { z } from 'zod';
import { bridgeTemplateProblem } from './core/bridge.js';

export interface BridgeSettings {
  /** The link or template; null: incidents have a call link only when one is set with `/incident bridge <url>`. */
  readonly url: string | null;
}

export const bridgeSchema = z
  .strictObject(
    {
      url: z
        .string('must be a URL such as https://meet.jit.si/warroom-{ref}')
        .trim()
        .superRefine((url, ctx) => {
          const problem = bridgeTemplateProblem(url);
          if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
        })
        .nullable()
        .default(null),
    },
    'must be a mapping such as { url: https://meet.jit.si/warroom-{ref} }',
  )
  .prefault({});
