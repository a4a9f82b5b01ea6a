// The model of a call's recording both consoles play (src/call-recording.js): read with the
// console's credential into a blob URL, when it began, and where a message is heard in it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clockOf, loadRecording, secondsInto } from '../../src/call-recording.js';

const answer = (status, headers = {}) => ({
  status, ok: status >= 200 && status < 300,
  headers: new Headers(headers),
  blob: async () => new Blob([new Uint8Array([1, 2, 3])], { type: 'audio/wav' }),
});

test('a recording is a blob URL with the time it began', async () => {
  const recording = await loadRecording(async () => answer(200, { 'Recording-Started': '2026-11-29T10:00:00.500Z' }),
    (blob) => `blob:${blob.size}`);
  assert.deepEqual(recording, { url: 'blob:3', startedAt: Date.parse('2026-11-29T10:00:00.500Z') });
});

test('a call not recorded has none, and any other refusal is an error', async () => {
  assert.equal(await loadRecording(async () => answer(404)), null);
  await assert.rejects(loadRecording(async () => answer(503)), /503/);
});

test('a message is found in the recording by its time', () => {
  const recording = { url: 'blob:x', startedAt: Date.parse('2026-11-29T10:00:00Z') };
  assert.equal(secondsInto(recording, '2026-11-29T10:00:12.250Z'), 12.25);
  assert.equal(secondsInto(recording, '2026-11-29T09:59:59Z'), null, 'said before the recording began');
  assert.equal(secondsInto({ url: 'blob:x', startedAt: null }, '2026-11-29T10:00:12Z'), null);
});

test('a time in the recording reads as a player shows it', () => {
  assert.equal(clockOf(7.9), '0:07');
  assert.equal(clockOf(750), '12:30');
  assert.equal(clockOf(3723), '1:02:03');
});
