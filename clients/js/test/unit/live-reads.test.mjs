// The admin console's panels read again while on screen (clients/web/live-reads.js): every few
// seconds on a visible page with the panel shown, at once when the page is seen again, never twice
// at a time, never while hidden, and a failed read waits for the next.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LiveReads } from '../../../web/live-reads.js';

/** A page whose visibility the test sets, and a clock whose ticks the test makes. */
const fakes = () => {
  const listeners = new Set();
  const page = {
    hidden: false,
    addEventListener: (type, listener) => listeners.add(listener),
    removeEventListener: (type, listener) => listeners.delete(listener),
    seen(hidden) { this.hidden = hidden; listeners.forEach((listener) => listener()); },
    listeners,
  };
  const clock = { ticks: null, setInterval: (tick) => { clock.ticks = tick; return 1; }, clearInterval: () => { clock.ticks = null; } };
  return { page, clock };
};

test('a shown panel on a visible page is read at each tick, one read at a time', async () => {
  const { page, clock } = fakes();
  let reads = 0;
  let finish;
  const live = new LiveReads({ read: () => { reads += 1; return new Promise((resolve) => { finish = resolve; }); }, shown: () => true, page, clock });
  live.start();
  const first = live.tick();
  clock.ticks();
  assert.equal(reads, 1, 'a read under way is not asked again');
  finish();
  await first;
  clock.ticks();
  assert.equal(reads, 2);
});

test('nothing is read while the page or the panel is hidden; the page seen again reads at once', async () => {
  const { page, clock } = fakes();
  let reads = 0;
  let shown = true;
  const live = new LiveReads({ read: async () => { reads += 1; }, shown: () => shown, page, clock });
  live.start();
  page.hidden = true;
  await clock.ticks();
  shown = false;
  page.hidden = false;
  await clock.ticks();
  assert.equal(reads, 0);
  shown = true;
  page.seen(true);
  assert.equal(reads, 0, 'hidden again: no read');
  page.seen(false);
  await live.reading;
  assert.equal(reads, 1, 'seen again: read at once');
});

test('a failed read leaves the next to try, and a stopped panel is read no more', async () => {
  const { page, clock } = fakes();
  let reads = 0;
  const live = new LiveReads({ read: async () => { reads += 1; throw new Error('the node answered 503'); }, shown: () => true, page, clock });
  live.start();
  await clock.ticks();
  await clock.ticks();
  assert.equal(reads, 2);
  live.stop();
  assert.equal(clock.ticks, null);
  assert.equal(page.listeners.size, 0);
});
