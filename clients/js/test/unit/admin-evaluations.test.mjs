// The admin console's Evaluations panel (clients/web/admin-evaluations.js): a case's definition checked as it is typed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caseProblem } from '../../../web/admin-evaluations.js';

const written = (changes) => JSON.stringify({ name: 'refunds', messages: ['Can I get a refund?'], expect: [{ contains: 'refund' }], ...changes });

test('a case with a name, the customer\'s messages (or a simulated customer) and its expectations passes', () => {
  assert.equal(caseProblem(written({})), null);
  assert.equal(caseProblem(written({ messages: undefined, simulatedCustomer: { persona: 'a shopper', goal: 'a refund', maxTurns: 3 } })), null);
  assert.equal(caseProblem(written({ expect: [] })), null, 'the server says whether none is enough');
});

test('each problem names what to write', () => {
  assert.match(caseProblem('{"name": "refunds",'), /^not JSON: /);
  assert.match(caseProblem('[]'), /must be a JSON object/);
  assert.match(caseProblem(written({ name: ' ' })), /"name" must be the case's name/);
  assert.match(caseProblem(written({ messages: [] })), /"messages" must list the customer's messages/);
  assert.match(caseProblem(written({ messages: [1] })), /"messages" must list/);
  assert.match(caseProblem(written({ expect: { contains: 'refund' } })), /"expect" must be a list of expectations/);
  assert.match(caseProblem(written({ expect: ['refund'] })), /"expect" must be a list/);
});
