// The admin console's procedures table (clients/web/admin-procedures.js): where runs stopped short.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { whereStopped } from '../../../web/admin-procedures.js';

test('the steps where most runs stopped short come first, each with its abandoned and handed-over runs', () => {
  const refund = { dropOuts: [{ step: 'refund.steps[0]', abandoned: 1, handedOver: 0 },
    { step: 'refund.steps[2]', abandoned: 2, handedOver: 1 }] };
  assert.equal(whereStopped(refund),
    'refund.steps[2]: 2 abandoned, 1 handed over; refund.steps[0]: 1 abandoned, 0 handed over');
  assert.equal(whereStopped({ dropOuts: [] }), '');
});
