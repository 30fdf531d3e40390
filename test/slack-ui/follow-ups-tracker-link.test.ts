/**
 * `/incident followups` with exported follow-ups (issue 20): each links its tracker issue, within
 * Block Kit's limits for any input (40 shown, the longest titles, long refs and URLs); a URL that is
 * not plain http(s) is shown as the ref only, never as a link.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FollowUp } from '../../src/core/followup.js';
import { checkMessageBlocks } from '../../src/sandbox/slack-workspace/block-kit-rules.js';
import { trackerLink } from '../../src/slack-ui/blocks/tracker-link.js';
import { followUpsMessage } from '../../src/slack-ui/messages/follow-ups-message.js';

const followUp = (id: number, tracker: Partial<FollowUp>): FollowUp => ({
  id,
  incidentId: 1,
  title: `<&>${'x'.repeat(250)}`,
  owner: 'U0ALICE01',
  ownerName: 'Alice',
  dueDate: '2026-12-24',
  status: 'open',
  createdBy: 'U0ALICE01',
  createdAt: new Date(0),
  doneBy: null,
  doneAt: null,
  tracker: 'github',
  trackerRef: null,
  trackerUrl: null,
  ...tracker,
});

test('exported follow-ups link their issue; 50 of the longest stay within Block Kit\'s limits', () => {
  const open = Array.from({ length: 50 }, (_, i) => followUp(i + 1, { trackerRef: `${'o'.repeat(39)}/${'r'.repeat(100)}#${i}`, trackerUrl: `https://github.com/${'p'.repeat(280)}` }));
  const message = followUpsMessage('INC-1', open);
  assert.equal(checkMessageBlocks(message.blocks), null);
  const longest = Array.from({ length: 50 }, (_, i) => followUp(i + 1, { trackerRef: '&'.repeat(60), trackerUrl: `https://github.com/${'p'.repeat(131)}` }));
  assert.equal(checkMessageBlocks(followUpsMessage('INC-1', longest).blocks), null, 'the longest link that is linked');
  assert.equal(trackerLink({ trackerRef: 'acme/ops#12', trackerUrl: 'https://github.com/acme/ops/issues/12' }), ' · <https://github.com/acme/ops/issues/12|acme/ops#12>');
});

test('no link before the export; a URL with mrkdwn delimiters or another scheme shows the ref only', () => {
  assert.equal(trackerLink({ trackerRef: null, trackerUrl: null }), '');
  assert.equal(trackerLink({ trackerRef: 'acme/ops#1', trackerUrl: 'https://evil.example/|<!channel>' }), ' · acme/ops#1');
  assert.equal(trackerLink({ trackerRef: 'a<b>#1', trackerUrl: 'javascript:alert(1)' }), ' · a&lt;b&gt;#1');
});
