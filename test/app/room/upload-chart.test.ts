/**
 * upload_chart called directly with in-memory ports: two refreshes queued before either ran carry
 * charts of the same mark, and only the first is posted; a chart of another mark is posted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { roomTask } from '../../../src/app/room/room-task.js';
import { uploadChart } from '../../../src/app/room/tasks/upload-chart.js';
import { roomHarness } from '../../helpers/room-task-harness.js';

test('upload_chart: a chart showing the same as the last one posted is skipped; a new peak is posted', async () => {
  const h = await roomHarness();
  const changed = await h.room.changeIncident(h.incident.id, { type: 'set_channel', channelId: 'C0INCIDENT', channelName: 'inc-1-checkout-5xx', actor: 'warroom' });
  assert.ok(changed.ok);
  const chart = (peakPercent: number) => roomTask('upload_chart', { png: Buffer.from('png').toString('base64'), title: 'INC-1 failing share by region', mark: { classification: 'regional', regions: ['eu-west-1'], peakPercent } });

  assert.equal(await uploadChart(h.claim(chart(41), 1, 1), h.room), 'chart uploaded');
  assert.equal(await uploadChart(h.claim(chart(41), 1, 2), h.room), 'chart unchanged: the one in the channel stays');
  assert.equal(await uploadChart(h.claim(chart(60), 1, 3), h.room), 'chart uploaded');
  assert.deepEqual(h.chat.calls.filter((c) => c.op === 'uploadFile').length, 2, 'two uploads for three tasks');
  const marks = (await h.store.timeline(h.incident.id)).filter((e) => e.kind === 'chart_uploaded').map((e) => (e.data.mark as { peakPercent: number }).peakPercent);
  assert.deepEqual(marks, [41, 60]);
});
