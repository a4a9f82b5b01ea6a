// The agent's picture as the console sends it: its bytes in base64, whatever its size.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { base64 } from '../../../web/agent-profile.js';

test('a picture\'s bytes go as base64, a large one in slices', () => {
  assert.equal(base64(new Uint8Array([0x89, 0x50, 0x4e, 0x47])), 'iVBORw==');
  const large = new Uint8Array(200_000).map((_, i) => i % 251);
  assert.deepEqual(new Uint8Array(Buffer.from(base64(large), 'base64')), large);
});
