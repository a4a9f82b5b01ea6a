// PaintSchedule: one paint a frame, of the latest subject asked for.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PaintSchedule } from '../../src/paint-schedule.js';

function scheduled() {
  const frames = [];
  const timers = [];
  const painted = [];
  const schedule = new PaintSchedule((subject) => painted.push(subject), {
    frame: (run) => frames.push(run),
    timer: (run, ms) => timers.push([run, ms]),
  });
  return { schedule, frames, timers, painted };
}

test('a burst of requests paints once, at the next frame', () => {
  const { schedule, frames, timers, painted } = scheduled();
  schedule.request('conversation');
  schedule.request('conversation');
  schedule.request('conversation');
  assert.equal(frames.length, 1);
  assert.equal(timers[0][1], 250);
  frames[0]();
  timers[0][0]();
  assert.deepEqual(painted, ['conversation'], 'the fallback timer does not paint again');
});

test('a subject replaced while its paint is pending is not drawn: the latest one is', () => {
  const { schedule, frames, painted } = scheduled();
  schedule.request('old conversation');
  schedule.request('new conversation');
  frames[0]();
  assert.deepEqual(painted, ['new conversation']);
});

test('without frames (a background tab) the timer paints; a later request paints again', () => {
  const { schedule, frames, timers, painted } = scheduled();
  schedule.request('first');
  timers[0][0]();
  schedule.request('second');
  frames[1]();
  assert.deepEqual(painted, ['first', 'second']);
});

test('by default the page\'s own requestAnimationFrame and setTimeout are called as functions, as browsers require', (t) => {
  const frames = [];
  const strict = (queue) => function schedule(run) {
    if (this !== undefined && this !== globalThis) throw new TypeError('Illegal invocation');
    queue.push(run);
  };
  t.mock.method(globalThis, 'setTimeout', strict([]));
  globalThis.requestAnimationFrame = strict(frames);
  t.after(() => { delete globalThis.requestAnimationFrame; });
  const painted = [];
  new PaintSchedule((subject) => painted.push(subject)).request('conversation');
  frames[0]();
  assert.deepEqual(painted, ['conversation']);
});
