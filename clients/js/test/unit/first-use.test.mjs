import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FirstUse } from '../../src/first-use.js';

test('nothing loads until a call needs the part; calls made while it loads run after it, in order', async () => {
  let loads = 0;
  const heard = [];
  const part = { told: [] };
  const lazy = new FirstUse(async () => (loads++, part), () => heard.push(part.told.length));
  lazy.use((p) => p.told.push('before'));
  assert.equal(loads, 0, 'a call that does not need the part loads nothing');
  lazy.use((p) => p.told.push('first'), true);
  lazy.use((p) => p.told.push('second'));
  lazy.use((p) => p.told.push('third'), true);
  assert.equal(lazy.part, null);
  await lazy.ready;
  assert.equal(loads, 1);
  assert.equal(lazy.part, part);
  assert.deepEqual(part.told, ['first', 'second', 'third']);
  assert.deepEqual(heard, [1, 2, 3], 'the page hears of each change');
  lazy.use((p) => p.told.push('later'));
  await lazy.ready;
  assert.deepEqual(part.told, ['first', 'second', 'third', 'later']);
});
