// The admin console's experiment figures (clients/web/admin-experiments.js): a figure with its interval as it reads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { estimate } from '../../../web/admin-experiments.js';

test('a share reads in percent with its interval, a difference in signed points', () => {
  assert.equal(estimate({ value: 0.62, low: 0.551, high: 0.684 }, 'share'), '62.0 % (55.1 % to 68.4 %)');
  assert.equal(estimate({ value: 0.05, low: -0.02, high: 0.12 }, 'share', true), '+5.0 pts (-2.0 pts to +12.0 pts)');
});

test('a mean of one value has no interval, and a figure over no conversations is a dash', () => {
  assert.equal(estimate({ value: 4, low: null, high: null }, 'mean'), '4.00');
  assert.equal(estimate(null, 'mean'), '–');
  assert.equal(estimate({ value: 0.0123, low: 0.01, high: 0.0146 }, 'usd'), '$0.0123 ($0.0100 to $0.0146)');
});
