// The admin console's panels hearing the node's changes (clients/web/admin-changes.js, read by
// live-reads.js): a customer's conversation begun or closed, the `conversations` event, reads again
// the panels that count conversations, the checklist, the experiments and the conversations list,
// and no other.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AdminChanges } from '../../../web/admin-changes.js';
import { CHECKLIST_KINDS } from '../../../web/admin-checklist.js';
import { LIST_KINDS } from '../../../web/admin-conversations.js';
import { EXPERIMENT_KINDS } from '../../../web/admin-experiments.js';
import { LiveReads } from '../../../web/live-reads.js';

/** A page always on screen. */
const page = { hidden: false, addEventListener: () => {}, removeEventListener: () => {} };

/** Until {@code condition} holds, looked at after each turn of the event loop. */
const until = async (condition) => {
  for (let turns = 0; !condition(); turns += 1) {
    assert.ok(turns < 1000, 'the panels were never read');
    await new Promise((resolve) => { setTimeout(resolve, 1); });
  }
};

test('a conversation begun or closed reads the checklist, the experiments and the conversations list again', async (t) => {
  let node;
  const body = new ReadableStream({ start(controller) { node = controller; } });
  const asked = [];
  t.mock.method(globalThis, 'fetch', async (url, options) => {
    asked.push([url, options.headers.Accept]);
    return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
  });
  const changes = new AdminChanges({ credential: { fetchOptions: () => ({ headers: {}, credentials: 'same-origin' }) } });
  const reads = [];
  const panels = { checklist: CHECKLIST_KINDS, experiments: EXPERIMENT_KINDS, conversations: LIST_KINDS, sources: ['knowledge'] };
  Object.entries(panels).forEach(([name, kinds]) => new LiveReads({ read: async () => { reads.push(name); }, shown: () => true,
    kinds, changes, page }).start());
  changes.follow();
  try {
    node.enqueue(new TextEncoder().encode('event: conversations\ndata: conversations\n\n'));
    await until(() => reads.length === 3);
    assert.deepEqual(asked, [['/v1/admin/changes', 'text/event-stream']]);
    assert.deepEqual(reads.sort(), ['checklist', 'conversations', 'experiments'], 'the sources count no conversation');
  } finally {
    changes.stop();
  }
});
