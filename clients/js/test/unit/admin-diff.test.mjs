// The admin console's document text and line diff (clients/web/admin-diff.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lineDiff, pretty } from '../../../web/admin-diff.js';

test('a document\'s keys are in alphabetical order, at every depth, whatever order they were written in', () => {
  assert.equal(pretty({ name: 'Ada', greeting: 'Hi', redact: [{ regex: 'x', name: 'order' }] }),
    JSON.stringify({ greeting: 'Hi', name: 'Ada', redact: [{ name: 'order', regex: 'x' }] }, null, 2));
});

test('opening hours read in the week\'s order, Monday first, not the alphabet\'s', () => {
  const weekly = { sunday: [], friday: ['09:00-15:00'], monday: ['09:00-17:00'], wednesday: ['10:00-17:00'], tuesday: [] };
  const text = pretty({ supportHours: { weekly, timeZone: 'Europe/Berlin' } });
  assert.deepEqual(Object.keys(JSON.parse(text).supportHours.weekly), ['monday', 'tuesday', 'wednesday', 'friday', 'sunday']);
  assert.deepEqual(Object.keys(JSON.parse(text).supportHours), ['timeZone', 'weekly']);
  assert.ok(text.indexOf('"monday"') < text.indexOf('"friday"') && text.indexOf('"friday"') < text.indexOf('"sunday"'), text);
});

test('two documents differ by the lines of what changed only', () => {
  const before = pretty({ supportHours: { weekly: { monday: ['09:00-17:00'], tuesday: ['09:00-17:00'] } } }).split('\n');
  const after = pretty({ supportHours: { weekly: { tuesday: ['09:00-17:00'], monday: ['08:00-17:00'] } } }).split('\n');
  const changed = lineDiff(before, after).filter((line) => line.kind !== 'same');
  assert.deepEqual(changed.map((line) => `${line.kind} ${line.text.trim()}`), ['added "08:00-17:00"', 'removed "09:00-17:00"']);
});
