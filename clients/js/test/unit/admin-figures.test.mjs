// The admin console's figures (clients/web/admin-figures.js): units, shared scales, axis marks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { axisTicks, change, FIGURES, niceTop, scales, shown, ticksOf } from '../../../web/admin-figures.js';

const figure = (id) => FIGURES.find((candidate) => candidate.id === id);
const bucket = (figures) => ({ start: '2026-11-27T10:00:00Z', figures });

test('percentages are on 0 to 100 % whatever their values', () => {
  const ranges = scales(FIGURES, [bucket({ conversations: 3, containment: 0.05, handoffRate: 0.02, csat: {} })]);
  assert.deepEqual(ranges.get('containment'), [0, 100]);
  assert.deepEqual(ranges.get('handoff-rate'), [0, 100]);
  assert.deepEqual(ticksOf([0, 100]), [0, 25, 50, 75, 100]);
  assert.equal(shown(figure('containment'), figure('containment').of({ containment: 0.5 })), '50.0 %');
});

test('figures of one unit share one scale: the median is drawn on the 90th percentile\'s', () => {
  const ranges = scales(FIGURES, [
    bucket({ conversations: 1, medianFirstResponseMs: 800, p90FirstResponseMs: 7200, csat: {} }),
    bucket({ conversations: 40, medianFirstResponseMs: 1200, p90FirstResponseMs: 3000, csat: {} })]);
  assert.deepEqual(ranges.get('first-response-median'), ranges.get('first-response-p90'));
  assert.deepEqual(ranges.get('first-response-median'), [0, 8]);
  assert.deepEqual(ranges.get('conversations'), [0, 40]);
});

test('an axis tops a whole number of nice steps above the largest value, and a whole-number one counts in ones', () => {
  assert.equal(niceTop(0), 1);
  assert.equal(niceTop(0.0031), 0.004);
  assert.equal(niceTop(37), 40);
  assert.equal(niceTop(3, true), 3);
  assert.deepEqual(ticksOf([0, 3], true), [0, 1, 2, 3]);
  assert.deepEqual(ticksOf([0, 5]), [0, 1, 2, 3, 4, 5]);
});

test('no value is no figure, and nothing is compared with nothing', () => {
  assert.equal(figure('containment').of({ containment: null }), null);
  assert.equal(shown(figure('csat'), figure('csat').of({ csat: { average: null } })), 'none');
  assert.equal(change(null, 3), 'not comparable with the previous range');
  assert.equal(change(12, 10), '+20 % vs previous');
  assert.equal(change(5, 0), 'new since the previous range');
});

test('at most so many intervals are labelled along, evenly from the first', () => {
  assert.deepEqual(axisTicks(3, 5), [0, 1, 2]);
  assert.deepEqual(axisTicks(24, 5), [0, 5, 10, 15, 20]);
});

test('every figure says what it counts and which field of the API it is', () => {
  FIGURES.forEach((each) => {
    assert.ok(each.definition.length > 20, each.id);
    assert.ok(each.field, each.id);
    assert.ok(each.unit, each.id);
  });
  assert.match(figure('containment').definition, /still open/);
});
