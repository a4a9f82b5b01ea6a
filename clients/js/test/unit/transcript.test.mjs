// Transcript: each stored message once, by seq, and the last seq seen.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Transcript } from '../../src/transcript.js';

test('each message once, by seq, however often it is replayed; the last seq moves forward only', () => {
  const transcript = new Transcript();
  assert.equal(transcript.lastSeq, null);
  assert.deepEqual(transcript.add({ type: 'message', seq: 2, text: 'b' }), { type: 'message', seq: 2, text: 'b' });
  assert.ok(transcript.add({ type: 'message', seq: 1, text: 'a' }));
  assert.equal(transcript.add({ type: 'message', seq: 2, text: 'b' }), null, 'a replay');
  assert.equal(transcript.add({ type: 'message', text: 'no seq' }), null);
  assert.deepEqual(transcript.messages.map((m) => m.text), ['a', 'b']);
  assert.equal(transcript.lastSeq, 2);
});

test('a barge-in keeps what was heard, or removes the message', () => {
  const transcript = new Transcript();
  transcript.add({ seq: 1, text: 'A long answer' });
  transcript.add({ seq: 2, text: 'Another' });
  transcript.interrupt({ seq: 1, text: 'A long' });
  transcript.interrupt({ seq: 2, text: '' });
  transcript.interrupt({ seq: 9, text: 'unknown' });
  assert.deepEqual(transcript.messages, [{ seq: 1, text: 'A long', interrupted: true }]);
});

test('cleared, it resumes where it was, or from the start', () => {
  const transcript = new Transcript(7);
  transcript.add({ seq: 8, text: 'x' });
  transcript.clear();
  assert.equal(transcript.size, 0);
  assert.equal(transcript.lastSeq, 8);
  transcript.clear(true);
  assert.equal(transcript.lastSeq, null);
});
