/**
 * `paging.check` in warroom.yml (the paging canary, issue 19): who the test page goes to per
 * provider, how often it runs, where a failure is posted and how long to wait for the ack.
 * Kept beside config.ts so the paging block there only names it.
 */
import { z } from 'zod';
import type { PagingCheckTarget } from './app/ports/paging-check.js';

export interface PagingCheckSettings {
  /** Provider name → canary target; empty: no canary configured. */
  readonly target: Readonly<Record<string, PagingCheckTarget>>;
  /** How often the server runs the check (one replica at a time); null: only `warroom paging-check`. */
  readonly everyMs: number | null;
  /** Where a failed check is posted (channel ID or #name); null: logged and measured only. */
  readonly channel: string | null;
  /** How long to wait for the acknowledgement before the outcome is `timeout`. */
  readonly timeoutMs: number;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION_MESSAGE = 'must be a duration such as 30s, 5m, 1h or 1d';

/** "90s", "5m", "1h", "1d", "250ms" → milliseconds; null when it is not one. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(text.trim());
  if (!match) return null;
  const ms = Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? NaN);
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : null;
}

export const duration = (min: { ms: number; label: string }, max: { ms: number; label: string }) =>
  z.string(DURATION_MESSAGE).transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === null) ctx.addIssue({ code: 'custom', message: DURATION_MESSAGE });
    else if (ms < min.ms) ctx.addIssue({ code: 'custom', message: `must be at least ${min.label}` });
    else if (ms > max.ms) ctx.addIssue({ code: 'custom', message: `must be at most ${max.label}` });
    return ms ?? 0;
  });

const id = (what: string) => z.string(`must be ${what}`).trim().min(1, `must be ${what}`).max(200, 'must be at most 200 characters');

const targetSchema = z.strictObject(
  { service: id('a service id').optional(), schedule: id('a schedule name').optional(), user: id('a user id or email').optional() },
  'must be a mapping with service, schedule or user',
);

/** The providers a target may name: today's and JSM (its adapter is landing beside this one). */
const PROVIDERS = ['pagerduty', 'opsgenie', 'jsm'] as const;

const targetsSchema = z
  .strictObject(Object.fromEntries(PROVIDERS.map((p) => [p, targetSchema.optional()])) as Record<(typeof PROVIDERS)[number], z.ZodOptional<typeof targetSchema>>, 'must be a mapping of provider (pagerduty, opsgenie, jsm): target')
  .superRefine((targets, ctx) => {
    if (targets.pagerduty && !targets.pagerduty.service) ctx.addIssue({ code: 'custom', path: ['pagerduty', 'service'], message: 'PagerDuty needs the service to open the test incident on' });
    for (const p of ['opsgenie', 'jsm'] as const) {
      const t = targets[p];
      if (t && !t.schedule && !t.user) ctx.addIssue({ code: 'custom', path: [p], message: 'needs a schedule or a user to page' });
      if (t?.service) ctx.addIssue({ code: 'custom', path: [p, 'service'], message: `${p} pages a schedule or a user, not a service` });
    }
  })
  .transform((targets) => Object.fromEntries(Object.entries(targets).filter(([, t]) => t !== undefined)) as Record<string, PagingCheckTarget>);

export const pagingCheckSchema = z
  .strictObject(
    {
      target: targetsSchema.default(() => ({})),
      every: duration({ ms: 60_000, label: '1m' }, { ms: 7 * 86_400_000, label: '7d' })
        .nullable()
        .default(null),
      channel: z
        .string('must be a channel ID or #name')
        .regex(/^(?:[CG][A-Z0-9]{2,}|#[a-z0-9_-]{1,80})$/, 'must be a channel ID (C…) or a #name')
        .nullable()
        .default(null),
      timeout: duration({ ms: 1000, label: '1s' }, { ms: 86_400_000, label: '1d' }).default(300_000),
    },
    'must be a mapping of paging check settings (target, every, channel, timeout)',
  )
  .superRefine((check, ctx) => {
    if (check.every !== null && Object.keys(check.target).length === 0) ctx.addIssue({ code: 'custom', path: ['target'], message: 'every is set, so the check needs a target for at least one provider' });
  })
  .transform((check): PagingCheckSettings => ({ target: check.target, everyMs: check.every, channel: check.channel, timeoutMs: check.timeout }))
  .prefault({});
