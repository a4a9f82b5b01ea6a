// Listeners: each event to its listeners in order; one that throws stops neither the others nor the caller.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Listeners } from '../../src/listeners.js';

test('listeners hear their type in the order they subscribed, until they unsubscribe', () => {
  const listeners = new Listeners();
  const heard = [];
  const off = listeners.on('message', (m) => heard.push(['first', m]));
  listeners.on('message', (m) => heard.push(['second', m]));
  listeners.on('state', (s) => heard.push(['state', s]));
  listeners.emit('message', 1);
  off();
  listeners.emit('message', 2);
  listeners.emit('nobody', 3);
  assert.deepEqual(heard, [['first', 1], ['second', 1], ['second', 2]]);
});

test("a listener that throws breaks neither the others nor the emitter; its failure is thrown later, where it is seen", (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const listeners = new Listeners();
  const heard = [];
  listeners.on('message', () => { throw new Error('a page bug'); });
  listeners.on('message', (m) => heard.push(m));
  listeners.emit('message', 'hi');
  assert.deepEqual(heard, ['hi']);
  assert.throws(() => t.mock.timers.tick(1), /a page bug/);
});

test('one that unsubscribes while the event is told does not stop the others hearing it', () => {
  const listeners = new Listeners();
  const heard = [];
  const off = listeners.on('ack', () => off());
  listeners.on('ack', (a) => heard.push(a));
  listeners.emit('ack', 'a-1');
  assert.deepEqual(heard, ['a-1']);
});
