/**
 * The status-page modal and notices (issue 20) for any input stay inside Block Kit's limits, checked
 * by the workspace's own rules (what the Slack fake refuses): long, markup-heavy and unicode names,
 * messages and service names, hundreds of components, any reason and link.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMPONENT_IMPACTS, PUBLIC_STATUSES, type StatusPageUpdate } from '../../src/core/statuspage.js';
import { checkMessageBlocks, checkView } from '../../src/sandbox/slack-workspace/block-kit-rules.js';
import { renderRoomMessage } from '../../src/slack-ui/render-room-message.js';
import { statusPageModal } from '../../src/slack-ui/views/statuspage-modal.js';

const STRESS = ['&<>'.repeat(2000), '<!channel> *x* `y`', '🔥👩‍👩‍👧e\u0301'.repeat(500), 'a'.repeat(10_000), 'x'];

test('the modal takes any title, message, status and number of components', () => {
  for (const [i, text] of STRESS.entries()) {
    for (const count of [0, 1, 96, 300]) {
      const draft: StatusPageUpdate = {
        name: text,
        status: PUBLIC_STATUSES[i % PUBLIC_STATUSES.length] ?? 'investigating',
        body: text,
        components: Array.from({ length: count }, (_, c) => ({ componentId: `c${c}${'z'.repeat(60)}`, services: [text, `svc-${c}`], status: COMPONENT_IMPACTS[c % 3] ?? 'major_outage' })),
      };
      const view = JSON.parse(JSON.stringify(statusPageModal({ ref: i === 0 ? 'R'.repeat(5000) : `INC-${i}`, draft }))) as unknown;
      assert.deepEqual(checkView(view, 'modal'), [], `text ${i}, ${count} components`);
    }
  }
});

test('every notice (sent, refused, the resolution offer) takes any reason, link, status and author', () => {
  for (const text of STRESS) {
    for (const outcome of ['sent', 'refused', 'resolve_offer'] as const) {
      for (const url of [null, 'https://stspg.io/abc', `https://stspg.io/${text}`, text]) {
        const { blocks } = renderRoomMessage({ kind: 'statuspage_notice', ref: 'INC-7', outcome, by: text, status: text, url, error: text });
        assert.equal(checkMessageBlocks(JSON.parse(JSON.stringify(blocks)) as unknown[]), null, `${outcome} with ${text.slice(0, 20)}`);
      }
    }
  }
});
