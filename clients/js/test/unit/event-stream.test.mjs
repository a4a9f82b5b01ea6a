// Server-Sent Events read with fetch (src/event-stream.js): the events parsed from text cut anywhere,
// and a stream followed, opened again after a cut with growing waits, given up on a refusal.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventFollower, EventParser, RECONNECT_DELAYS } from '../../src/event-stream.js';

test('events parse from pieces cut anywhere, with either line end; comments and empty events are none', () => {
  const parser = new EventParser();
  const text = ': still there\n\nevent: ready\ndata: ready\n\r\nevent: config\r\ndata: config\r\n\r\ndata: a\ndata:b\n\nevent: empty\n\n';
  const events = [];
  for (let at = 0; at < text.length; at += 3) events.push(...parser.feed(text.slice(at, at + 3)));
  assert.deepEqual(events, [
    { event: 'ready', data: 'ready' }, { event: 'config', data: 'config' }, { event: 'message', data: 'a\nb' },
  ]);
  const lone = new EventParser();
  assert.deepEqual([...lone.feed('event: team\rdata: team\r'), ...lone.feed('\r')], [], 'a \\r at the end waits for what follows');
  assert.deepEqual(lone.feed(': next'), [{ event: 'team', data: 'team' }]);
});

/** A response streaming {@code chunks} and then ending, as fetch answers. */
const stream = (chunks, status = 200) => new Response(new ReadableStream({
  start(controller) {
    chunks.forEach((chunk) => controller.enqueue(new TextEncoder().encode(chunk)));
    controller.close();
  },
}), { status, headers: { 'Content-Type': 'text/event-stream' } });

/** A timer whose waits the test runs. */
const timers = () => {
  const waits = [];
  return { waits, set: (run, ms) => { waits.push({ run, ms }); return waits.length; }, clear: () => { waits.length = 0; } };
};

test('a stream is followed, opened again after it ends with growing waits, the waits back to the first after an event', async () => {
  const timer = timers();
  const answers = [
    () => stream(['event: ready\ndata: ready\n\nevent: know', 'ledge\ndata: knowledge\n\n']),
    () => Promise.reject(new TypeError('network error')),
    () => stream(['event: ready\ndata: ready\n\n']),
  ];
  let opened = 0;
  const heard = [];
  const follower = new EventFollower({ open: (signal) => { assert.ok(signal); return answers[opened++](); },
    onEvent: ({ event }) => heard.push(event), timer });
  await follower.start();
  assert.deepEqual(heard, ['ready', 'knowledge']);
  assert.equal(timer.waits.at(-1).ms, RECONNECT_DELAYS[0], 'the stream ended: opened again soon');
  await timer.waits.at(-1).run();
  assert.equal(timer.waits.at(-1).ms, RECONNECT_DELAYS[1], 'cut again without an event: a longer wait');
  await timer.waits.at(-1).run();
  assert.equal(opened, 3);
  assert.deepEqual(heard, ['ready', 'knowledge', 'ready']);
  assert.equal(timer.waits.at(-1).ms, RECONNECT_DELAYS[0], 'an event came: back to the first wait');
  follower.stop();
  assert.equal(timer.waits.length, 0, 'stopped: no more opening');
});

test('a refusal ends following: the credential is no longer good', async () => {
  const timer = timers();
  const refused = [];
  const follower = new EventFollower({ open: async () => stream([], 401), onEvent: () => assert.fail('no event'),
    onRefused: (status) => refused.push(status), timer });
  await follower.start();
  assert.deepEqual(refused, [401]);
  assert.equal(timer.waits.length, 0);
  assert.equal(follower.following, false);
});

test('a stream stopped while open is not opened again', async () => {
  const timer = timers();
  let follower;
  follower = new EventFollower({ open: async () => stream(['event: ready\ndata: ready\n\n']),
    onEvent: () => follower.stop(), timer });
  await follower.start();
  assert.equal(timer.waits.length, 0);
});
