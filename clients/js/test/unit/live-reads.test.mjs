// The admin console's panels read again while on screen (clients/web/live-reads.js): when the node
// tells of a change of a part the panel shows, and when the page is seen again; never twice at a
// time (a change heard during a read reads once more after it), never while hidden; a failed read
// waits for the next change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LiveReads } from '../../../web/live-reads.js';

/** A page whose visibility the test sets, and changes the test tells. */
const fakes = () => {
  const listeners = new Set();
  const page = {
    hidden: false,
    addEventListener: (type, listener) => listeners.add(listener),
    removeEventListener: (type, listener) => listeners.delete(listener),
    seen(hidden) { this.hidden = hidden; listeners.forEach((listener) => listener()); },
    listeners,
  };
  const heard = new Set();
  const changes = {
    listen: (kinds, call) => { const listener = { kinds, call }; heard.add(listener); return () => heard.delete(listener); },
    tell: (kind) => heard.forEach((listener) => { if (listener.kinds.includes(kind)) listener.call(); }),
    heard,
  };
  return { page, changes };
};

const settled = () => new Promise((resolve) => { setTimeout(resolve, 0); });

test('a change of a part the panel shows reads it; a change of another part does not', async () => {
  const { page, changes } = fakes();
  let reads = 0;
  const live = new LiveReads({ read: async () => { reads += 1; }, shown: () => true, kinds: ['config', 'knowledge'], changes, page });
  live.start();
  assert.equal(live.started, true);
  changes.tell('team');
  await settled();
  assert.equal(reads, 0);
  changes.tell('knowledge');
  await settled();
  assert.equal(reads, 1);
});

test('a change heard during a read reads once more after it, however many came', async () => {
  const { page, changes } = fakes();
  let reads = 0;
  let finish;
  const live = new LiveReads({ read: () => { reads += 1; return new Promise((resolve) => { finish = resolve; }); },
    shown: () => true, kinds: ['experiments'], changes, page });
  live.start();
  changes.tell('experiments');
  changes.tell('experiments');
  changes.tell('experiments');
  assert.equal(reads, 1, 'a read under way is not asked again at once');
  finish();
  await settled();
  assert.equal(reads, 2, 'the changes during the read: one more read');
  finish();
  await settled();
  assert.equal(reads, 2);
});

test('nothing is read while the page or the panel is hidden; the page seen again reads at once', async () => {
  const { page, changes } = fakes();
  let reads = 0;
  let shown = true;
  const live = new LiveReads({ read: async () => { reads += 1; }, shown: () => shown, kinds: ['config'], changes, page });
  live.start();
  page.hidden = true;
  changes.tell('config');
  shown = false;
  page.hidden = false;
  changes.tell('config');
  await settled();
  assert.equal(reads, 0);
  shown = true;
  page.seen(true);
  assert.equal(reads, 0, 'hidden again: no read');
  page.seen(false);
  await live.reading;
  assert.equal(reads, 1, 'seen again: read at once');
});

test('a failed read leaves the next change to try, and a stopped panel is read no more', async () => {
  const { page, changes } = fakes();
  let reads = 0;
  const live = new LiveReads({ read: async () => { reads += 1; throw new Error('the node answered 503'); },
    shown: () => true, kinds: ['config'], changes, page });
  live.start();
  changes.tell('config');
  await settled();
  changes.tell('config');
  await settled();
  assert.equal(reads, 2);
  live.stop();
  assert.equal(live.started, false);
  assert.equal(changes.heard.size, 0);
  assert.equal(page.listeners.size, 0);
});
