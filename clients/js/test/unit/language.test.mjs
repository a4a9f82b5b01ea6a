// The conversation's language: the client starts a new session in it, and reads the one the node decided.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeWithClient, joined } from './fake-node.mjs';

test('a new session starts in the language given', async () => {
  const { node, client } = nodeWithClient({ tenant: 'acme', publishableKey: 'pk_acme', language: 'de-AT' });
  const socket = await joined(node, client);
  assert.deepEqual(socket.frames('start'), [{ type: 'start', language: 'de-AT' }]);
});

test("the language the node decided is read from the session's view, with the publishable key", async () => {
  const { node, client } = nodeWithClient({ tenant: 'acme', publishableKey: 'pk_acme' });
  await joined(node, client);
  node.answer(200, { sessionId: 's-1', language: 'fr' });
  assert.equal(await client.language(), 'fr');
  const [request] = node.requests;
  assert.equal(request.method, 'GET');
  assert.equal(request.url.pathname, '/v1/sessions/s-1');
  assert.equal(request.url.searchParams.get('key'), 'pk_acme');
  node.answer(200, { sessionId: 's-1' });
  assert.equal(await client.language(), null, 'none decided yet');
  node.answer(403, { error: { code: 'forbidden', message: 'no' } });
  assert.equal(await client.language(), null, 'a refusal tells nothing');
});
