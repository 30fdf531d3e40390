import { z } from 'zod';
import type { RoomSetupState, RoomTask, RoomTaskPayloads, SlackTask, SlackTaskClaim, SlackTaskKind, UnusableSlackTask } from '../../app/ports/room.js';
import { SEVERITIES } from '../../core/severity.js';
import { SCOPE_CLASSIFICATIONS } from '../../core/scope.js';

const NONE = z.object({});
const ISO_DATE = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');

/**
 * The payload each task kind stores, checked once when a row is claimed. Typed against
 * RoomTaskPayloads: a kind without a schema, or a schema of another shape, does not compile.
 * Keys a schema does not name are ignored, so a row written by a newer release that added a
 * field still runs here.
 */
const PAYLOADS: { readonly [K in SlackTaskKind]: z.ZodType<RoomTaskPayloads[K]> } = {
  setup_channel: NONE,
  refresh_summary: NONE,
  new_alerts: NONE,
  post_timeline: NONE,
  capture_message: z.object({ channel: z.string(), ts: z.string(), by: z.string() }),
  stakeholder_update: z.object({ text: z.string(), by: z.string(), at: ISO_DATE }),
  update_reminder: z.object({ dueAt: ISO_DATE, cadenceMinutes: z.number() }),
  commander_reminder: NONE,
  post_postmortem: z.object({ by: z.string() }),
  scope_card: z.object({ reason: z.string().nullable(), suggestion: z.enum(SEVERITIES).nullable() }),
  checks_card: z.object({
    results: z.array(
      z.object({
        name: z.string(),
        holds: z.boolean().nullable(),
        value: z.number().nullable(),
        error: z.string().nullable(),
        measured: z.object({ services: z.array(z.string()), fallback: z.enum(['no_services', 'not_configured_for_services']).nullable() }).optional(),
      }),
    ),
  }),
  upload_chart: z.object({ png: z.string(), title: z.string(), mark: z.object({ classification: z.enum(SCOPE_CLASSIFICATIONS), regions: z.array(z.string()), peakPercent: z.number() }).optional() }),
  drill_scorecard: NONE,
  refresh_announcements: NONE,
  announce_escalation: z.object({ from: z.enum(SEVERITIES), to: z.enum(SEVERITIES), at: ISO_DATE }),
  announce_resolution: NONE,
  catch_up: z.object({ user: z.string(), joinedAt: ISO_DATE.optional() }),
  leave_public_room: z.object({ channelId: z.string() }),
  statuspage_notice: z.object({ outcome: z.enum(['sent', 'refused', 'resolve_offer']), by: z.string().nullable(), status: z.string(), url: z.string().nullable(), error: z.string().nullable() }),
  outage_digest: z.object({ from: ISO_DATE, to: ISO_DATE }),
  paging_check_failed: z.object({
    channel: z.string(),
    at: ISO_DATE,
    results: z.array(z.object({ provider: z.string(), outcome: z.enum(['acknowledged', 'timeout', 'failed']), seconds: z.number(), error: z.string().nullable() })),
  }),
};

/** A claimed `slack_tasks` row, as the claim query returns it. */
export interface DbTaskRow {
  id: number;
  incident_id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  failures: number;
  incident_open: boolean;
  lease_token: string;
}

const isKnownKind = (kind: string): kind is SlackTaskKind => Object.hasOwn(PAYLOADS, kind);

/** The task of a claimed row, or an unusable task saying why the row cannot run (never a throw: the row must still be settled). */
export function taskFromRow(row: DbTaskRow): SlackTask {
  const claim: SlackTaskClaim = {
    id: row.id,
    incidentId: row.incident_id,
    attempts: row.attempts,
    failures: row.failures,
    incidentOpen: row.incident_open,
    leaseToken: row.lease_token,
  };
  if (!isKnownKind(row.kind)) return { ...claim, kind: 'unusable', storedKind: row.kind, problem: `unknown kind ${JSON.stringify(row.kind)}` };
  return withPayload(claim, row.kind, row.payload);
}

function withPayload<K extends SlackTaskKind>(claim: SlackTaskClaim, kind: K, json: unknown): RoomTask<K> | UnusableSlackTask {
  const schema: z.ZodType<RoomTaskPayloads[K]> = PAYLOADS[kind];
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problem = parsed.error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : 'payload'}: ${i.message}`).join('; ');
    return { ...claim, kind: 'unusable', storedKind: kind, problem: `bad ${kind} payload (${problem})` };
  }
  // The payload was parsed with K's own schema; TypeScript cannot pair a generic K with its union member.
  return { ...claim, kind, payload: parsed.data } as RoomTask<K>;
}

/** What each set-up step stores (RoomSetupState); a value of another type reads as "not done yet". */
const SETUP_STEPS: { readonly [K in keyof RoomSetupState]-?: z.ZodType<NonNullable<RoomSetupState[K]>> } = {
  nameAttempt: z.number().int().min(0),
  commanderChecked: z.boolean(),
  purpose: z.boolean(),
  topic: z.string(),
  invited: z.array(z.string()),
  bookmarks: z.array(z.string()),
  bridge: z.object({ id: z.string().nullable(), url: z.string() }),
  skipped: z.array(z.string()),
};

/**
 * The room's set-up state as stored (`incidents.slack_setup`). Keys this release does not know
 * (a newer release's steps) are kept as they are, so saving the state again loses none of them.
 */
export function setupFromJson(json: unknown): RoomSetupState {
  const setup: Record<string, unknown> = typeof json === 'object' && json !== null && !Array.isArray(json) ? { ...json } : {};
  for (const [step, schema] of Object.entries(SETUP_STEPS)) if (step in setup && !schema.safeParse(setup[step]).success) delete setup[step];
  return setup;
}
