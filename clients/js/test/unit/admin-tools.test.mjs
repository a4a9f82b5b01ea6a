// The admin console's Tools view (clients/web/admin-tools.js): an HTTP tool's arguments checked as they are typed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { argumentsProblem } from '../../../web/admin-tools.js';

test('the JSON schema of an object passes, its arguments each with a schema and the required among them', () => {
  assert.equal(argumentsProblem('{"type": "object", "properties": {}}'), null);
  assert.equal(argumentsProblem(JSON.stringify({
    type: 'object', properties: { orderId: { type: 'string' }, days: { type: 'integer' } }, required: ['orderId'],
  })), null);
});

test('text that is no JSON says where it broke', () => {
  assert.match(argumentsProblem('{"type": "object",'), /^not JSON: /);
  assert.match(argumentsProblem(''), /^not JSON: /);
});

test('JSON that is no object schema says what to write instead', () => {
  assert.match(argumentsProblem('[]'), /must be a JSON schema, an object/);
  assert.match(argumentsProblem('"orderId"'), /must be a JSON schema, an object/);
  assert.match(argumentsProblem('{"type": "string"}'), /"type" must be "object"/);
  assert.match(argumentsProblem('{"properties": {}}'), /"type" must be "object"/);
  assert.match(argumentsProblem('{"type": "object", "properties": []}'), /"properties" must be an object/);
  assert.equal(argumentsProblem('{"type": "object", "properties": {"orderId": "string"}}'),
    'the argument "orderId" needs a schema, such as {"type": "string"}');
  assert.match(argumentsProblem('{"type": "object", "required": "orderId"}'), /"required" must be a list/);
  assert.equal(argumentsProblem('{"type": "object", "properties": {"id": {}}, "required": ["orderId"]}'),
    '"required" names "orderId", which is not among "properties"');
});
