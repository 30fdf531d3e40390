/**
 * Issue 18's stakeholder surfaces with extreme inputs stay inside Block Kit's limits (checked by the
 * sandbox workspace's own rules, the ones the Slack fake enforces), and the draft is made of state.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Incident } from '../../src/core/incident.js';
import { draftStakeholderUpdate, noteChoices, withNotes } from '../../src/core/stakeholder-update.js';
import type { TimelineEvent } from '../../src/core/timeline.js';
import { checkBlocks, checkView } from '../../src/sandbox/slack-workspace/block-kit-rules.js';
import { announcementEscalatedMessage } from '../../src/slack-ui/messages/announcement-escalated-message.js';
import { resolutionMessage } from '../../src/slack-ui/messages/resolution-message.js';
import { stakeholderUpdateMessage } from '../../src/slack-ui/messages/stakeholder-update-message.js';
import { updateModal } from '../../src/slack-ui/views/update-modal.js';

const AT = new Date('2026-12-06T10:00:00.000Z');
const LONG = `${'Checkout & <b>payments</b> '.repeat(8)}`.slice(0, 200);

const incident = (o: Partial<Incident> = {}): Incident => ({
  id: 7,
  ref: 'INC-7',
  title: LONG,
  description: 'x'.repeat(4000),
  status: 'resolved',
  severity: 'SEV1',
  services: Array.from({ length: 60 }, (_, i) => `service-${i}-${'s'.repeat(80)}`),
  drill: false,
  channelId: 'C0ROOM',
  channelName: 'inc-7',
  roles: { commander: 'U0ALICE01', comms: null, scribe: null, ops: null },
  scope: null,
  declaredBy: 'U0ALICE01',
  createdAt: AT,
  updatedAt: new Date(AT.getTime() + 3_725_000),
  resolvedAt: new Date(AT.getTime() + 3_725_000),
  version: 3,
  ...o,
});

const note = (i: number): TimelineEvent => ({ at: new Date(AT.getTime() + Math.floor(i / 2) * 1000), kind: 'note_added', actor: 'U0ALICE01', text: `action: ${i} ${'&<'.repeat(200)}`, data: {} });

test('the update modal offers at most 100 recent notes, each within 75 characters, and stays a valid modal', () => {
  const notes = noteChoices(Array.from({ length: 150 }, (_, i) => note(i)));
  assert.equal(notes.length, 100);
  assert.equal(new Set(notes.map((n) => n.key)).size, 100, 'notes at the same millisecond still have their own key');
  const view = updateModal({ ref: 'INC-7', draft: draftStakeholderUpdate({ incident: incident(), nextDueAt: null }), stakeholderChannels: 3, notes });
  assert.deepEqual(checkView(view, 'modal'), []);
});

test('the resolution, the escalation line and an update with every note picked stay within Block Kit limits', () => {
  const picked = noteChoices(Array.from({ length: 150 }, (_, i) => note(i)));
  const text = withNotes(draftStakeholderUpdate({ incident: incident(), nextDueAt: null }), picked).slice(0, 4000);
  for (const message of [
    resolutionMessage({ incident: incident() }),
    announcementEscalatedMessage({ incident: incident({ drill: true }), from: 'SEV3', to: 'SEV1', at: AT }),
    stakeholderUpdateMessage({ incident: incident(), text, by: 'U0ALICE01', at: AT }),
  ]) {
    assert.deepEqual(checkBlocks(message.blocks, 50, '/blocks'), []);
  }
  assert.match(resolutionMessage({ incident: incident() }).blocks.map((b) => JSON.stringify(b)).join(), /Lasted 1 h 02 min/);
});

test('the draft says what people outside the room need, and nothing of the internal timeline', () => {
  const open = draftStakeholderUpdate({ incident: incident({ status: 'monitoring', roles: { commander: null, comms: null, scribe: null, ops: null }, services: ['checkout'] }), nextDueAt: new Date('2026-12-06T10:30:00Z') });
  assert.equal(
    open.split('\n').slice(1).join('\n'),
    [
      'What is affected: checkout (impact not measured yet)',
      'Status: monitoring — a fix is in place and the team is watching that it holds.',
      'Severity: SEV1',
      'Commander: not assigned yet',
      'Next update by 10:30 UTC.',
    ].join('\n'),
  );
  assert.match(draftStakeholderUpdate({ incident: incident(), nextDueAt: null }), /No further updates are planned\.$/);
});
