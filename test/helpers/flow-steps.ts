/**
 * Steps the Slack flow tests of follow-up trackers and status pages share (issue 20): the incident
 * API read through the harness, an incident declared and waited for until its channel exists, the
 * follow-ups and the timeline as `/api` answers them, and a modal's `view_submission` as Slack sends it.
 */
import assert from 'node:assert/strict';
import { INPUTS, VIEWS } from '../../src/slack-ui/ids.js';
import { request, waitFor, type Answer } from './http.js';
import type { WarroomWithSlack } from './warroom-with-slack.js';

/** A follow-up as `GET /api/incidents/:ref/followups` lists it (the fields these tests read). */
export interface FollowUpJson {
  id: number;
  title: string;
  owner: string | null;
  ownerName: string | null;
  dueDate: string | null;
  status: 'open' | 'done';
  createdBy: string;
  doneBy: string | null;
  tracker: string | null;
  trackerRef: string | null;
  trackerUrl: string | null;
}

export interface TimelineEventJson {
  kind: string;
  actor: string;
  text: string;
}

export interface FlowSteps {
  api: (path: string, init?: { method?: string; body?: unknown }) => Promise<Answer>;
  /** Declares through `/api` (SEV3 unless said) and waits for the incident's channel. */
  declared: (title: string, options?: { severity?: number; services?: string[] }) => Promise<{ ref: string; channelId: string }>;
  followUps: (ref: string) => Promise<FollowUpJson[]>;
  timeline: (ref: string) => Promise<TimelineEventJson[]>;
  /** Waits until the follow-up titled `title` has its tracker issue; answers it. */
  exported: (ref: string, title: string) => Promise<FollowUpJson>;
}

/** `harness` is read at each call: the tests start Warroom in `before`, after these are made. */
export function flowSteps(harness: () => WarroomWithSlack, waitMs: number): FlowSteps {
  const api: FlowSteps['api'] = (path, init = {}) =>
    request(harness().base, path, { token: harness().apiToken, ...(init.method ? { method: init.method } : {}), ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
  const followUps = async (ref: string) => ((await api(`/api/incidents/${ref}/followups`)).json as { followups: FollowUpJson[] }).followups;
  return {
    api,
    async declared(title, options = {}) {
      const r = await api('/api/incidents', { method: 'POST', body: { title, severity: options.severity ?? 3, ...(options.services ? { services: options.services } : {}) } });
      assert.equal(r.status, 201, r.text);
      const { ref } = r.json as { ref: string };
      const { channelId } = await waitFor('the incident channel', async () => (await api(`/api/incidents/${ref}`)).json as { channelId: string | null }, (i) => i.channelId !== null, waitMs);
      assert.ok(channelId);
      return { ref, channelId };
    },
    followUps,
    timeline: async (ref) => ((await api(`/api/incidents/${ref}/timeline`)).json as { events: TimelineEventJson[] }).events,
    exported: (ref, title) =>
      waitFor(`"${title}" exported`, () => followUps(ref), (list) => list.some((f) => f.title === title && f.trackerRef !== null), waitMs).then((list) => list.find((f) => f.title === title) as FollowUpJson),
  };
}

let submissions = 0;

/** A modal's `view_submission` payload, as Slack sends it; `values` is the view's state. */
export function viewSubmission(input: {
  user: string;
  viewId: string;
  callbackId: string;
  privateMetadata: string;
  title: string;
  values: Record<string, Record<string, unknown>>;
  rootViewId?: string | null;
}): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: 'TFAKE', domain: 'acme' },
    user: { id: input.user, username: input.user.toLowerCase(), name: input.user.toLowerCase(), team_id: 'TFAKE' },
    api_app_id: 'AWARROOM',
    token: 'legacy-verification-token',
    trigger_id: `${Date.now()}.${++submissions}.submit`,
    view: {
      id: input.viewId,
      team_id: 'TFAKE',
      type: 'modal',
      blocks: [],
      private_metadata: input.privateMetadata,
      callback_id: input.callbackId,
      state: { values: input.values },
      hash: '1712345678.AbCdEf12',
      title: { type: 'plain_text', text: input.title },
      previous_view_id: null,
      root_view_id: input.rootViewId ?? null,
      app_id: 'AWARROOM',
      bot_id: 'BBOT',
    },
    response_urls: [],
  };
}

/** The "Add follow-up" modal (view `viewId`, a fresh one by default) submitted by `user`; the owner is `user` unless said. */
export function followUpSubmission(input: { user: string; ref: string; title: string; due: string | null; owner?: string | null; viewId?: string }): Record<string, unknown> {
  const viewId = input.viewId ?? `V${Date.now()}`;
  return viewSubmission({
    user: input.user,
    viewId,
    rootViewId: viewId,
    callbackId: VIEWS.followUp,
    privateMetadata: input.ref,
    title: 'Add follow-up',
    values: {
      [INPUTS.followUpTitle]: { [INPUTS.followUpTitle]: { type: 'plain_text_input', value: input.title } },
      [INPUTS.followUpOwner]: { [INPUTS.followUpOwner]: { type: 'users_select', selected_user: input.owner === undefined ? input.user : input.owner } },
      [INPUTS.followUpDue]: { [INPUTS.followUpDue]: { type: 'datepicker', selected_date: input.due } },
    },
  });
}

let clicks = 0;

/**
 * A `block_actions` click on a button of the bot's message in `channelId`, as Slack sends it; the
 * answers to its response_url go to `responseUrl` (nowhere by default).
 */
export function buttonClick(input: {
  user: string;
  botUserId: string;
  channelId: string;
  messageTs: string;
  actionId: string;
  value: string;
  triggerId?: string;
  responseUrl?: string;
  ephemeral?: boolean;
}): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: input.user, username: input.user.toLowerCase(), name: input.user.toLowerCase(), team_id: 'TFAKE' },
    api_app_id: 'AWARROOM',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: input.messageTs, channel_id: input.channelId, is_ephemeral: input.ephemeral ?? false },
    trigger_id: input.triggerId ?? `${Date.now()}.${++clicks}.click`,
    team: { id: 'TFAKE', domain: 'acme' },
    channel: { id: input.channelId, name: 'incident' },
    message: { type: 'message', ts: input.messageTs, user: input.botUserId, bot_id: 'BBOT', text: '' },
    response_url: input.responseUrl ?? 'http://127.0.0.1:9/respond',
    actions: [{ action_ts: `${Math.floor(Date.now() / 1000)}.${String(++clicks).padStart(6, '0')}`, block_id: 'b', type: 'button', action_id: input.actionId, text: { type: 'plain_text', text: 'x' }, value: input.value }],
  };
}
