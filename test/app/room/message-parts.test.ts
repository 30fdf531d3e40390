/**
 * A message too big for one Slack post goes out as parts, in order, each posted once: a task that
 * stops between two parts posts only the missing ones when it runs again.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { roomTask } from '../../../src/app/room/room-task.js';
import { postPostmortem } from '../../../src/app/room/tasks/post-postmortem.js';
import { postTimeline } from '../../../src/app/room/tasks/post-timeline.js';
import { roomHarness, type RoomHarness } from '../../helpers/room-task-harness.js';

const ROOM = 'C0INCIDENT';

async function withChannel(h: RoomHarness): Promise<void> {
  const changed = await h.room.changeIncident(h.incident.id, { type: 'set_channel', channelId: ROOM, channelName: 'inc-1-checkout-5xx', actor: 'warroom' });
  assert.ok(changed.ok);
}

test('post_postmortem: a 30 000-character draft is posted in three parts; a failure after the first part posts only the other two on the retry', async () => {
  const lines = Array.from({ length: 300 }, (_, i) => `- line ${String(i).padStart(3, '0')} ${'x'.repeat(90)}`);
  const markdown = `# INC-1 postmortem\n${lines.join('\n')}`;
  const h = await roomHarness({ postmortem: markdown });
  await withChannel(h);
  const spec = roomTask('post_postmortem', { by: 'U0ASKER' });
  h.chat.failAttempt(2); // Slack is unreachable for the second part's post.
  await assert.rejects(postPostmortem(h.claim(spec), h.room));
  assert.equal(h.chat.posts.length, 1);
  assert.equal(await postPostmortem(h.claim(spec, 2), h.room), 'postmortem posted');

  const posts = h.chat.posts.map((p) => ({ key: p.key, message: p.message }));
  assert.deepEqual(posts.map((p) => p.key), ['task:1:postmortem', 'task:1:postmortem:2', 'task:1:postmortem:3']);
  const parts = posts.map((p) => (p.message.kind === 'postmortem' ? p.message : null));
  assert.deepEqual(parts.map((p) => p?.part), [1, 2, 3].map((index) => ({ index, of: 3 })));
  assert.equal(parts.map((p) => p?.markdown).join('\n'), markdown, 'the parts are the whole draft, cut at line ends');
  for (const part of parts) assert.ok((part?.markdown.length ?? Infinity) <= 12_000);
});

test('post_timeline: thousands of events become continuation messages, every event in one of them, oldest first', async () => {
  const h = await roomHarness();
  await withChannel(h);
  const at = h.incident.createdAt.getTime();
  const notes = Array.from({ length: 3000 }, (_, i) => ({ at: new Date(at + 1000 + i * 1000), kind: 'note_added' as const, actor: 'U0ALICE01', text: `note #${i} ${'n'.repeat(60)}`, data: {} }));
  await h.store.append(h.incident.id, notes);
  assert.equal(await postTimeline(h.claim(roomTask('post_timeline')), h.room), 'timeline posted');

  const parts = h.chat.posts.map((p) => (p.message.kind === 'timeline' ? p.message : null));
  assert.ok(parts.length > 10, `${parts.length} parts`);
  assert.ok(parts.every((p, i) => p?.part?.index === i + 1 && p.part.of === parts.length));
  const shown = parts.flatMap((p) => p?.events.map((e) => e.text) ?? []).filter((t) => t.startsWith('note #'));
  assert.deepEqual(shown, notes.map((n) => n.text));
});
