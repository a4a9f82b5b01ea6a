// ParleyClient.rate(): over the socket for the session it is in, over REST for a closed one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParleyError } from '../../src/parley-client.js';
import { nodeWithClient, joined, sent, settle } from './fake-node.mjs';

test('the session it is in is rated over the socket, and `rated` answers it', async () => {
  const { node, client } = nodeWithClient({ tenant: 'acme', publishableKey: 'pk_acme' });
  const socket = await joined(node, client);
  const events = [];
  client.on('rated', (frame) => events.push(frame));
  const rated = client.rate({ score: 4, comment: '  Quick and kind  ' });
  assert.deepEqual(await sent(socket, 'rate'), [{ type: 'rate', score: 4, comment: 'Quick and kind' }]);
  socket.receive({ type: 'rated', score: 4, comment: 'Quick and kind', at: '2025-01-01T10:00:00Z' });
  assert.deepEqual(await rated, { score: 4, comment: 'Quick and kind', at: '2025-01-01T10:00:00Z' });
  assert.equal(events.length, 1, 'every connection hears of it');
  assert.equal(node.requests.length, 0, 'no REST request');
});

test('a blank comment is none', async () => {
  const { node, client } = nodeWithClient();
  const socket = await joined(node, client);
  const rated = client.rate({ score: 5, comment: '   ' });
  assert.deepEqual(await sent(socket, 'rate'), [{ type: 'rate', score: 5 }]);
  socket.receive({ type: 'rated', score: 5, at: '2025-01-01T10:00:00Z' });
  assert.deepEqual(await rated, { score: 5, at: '2025-01-01T10:00:00Z' });
});

test('a refusal over the socket rejects the rating, and is no error event', async () => {
  const { node, client } = nodeWithClient();
  const socket = await joined(node, client);
  const errors = [];
  client.on('error', (error) => errors.push(error));
  const rated = client.rate({ score: 1 });
  await sent(socket, 'rate');
  socket.receive({ type: 'error', code: 'conflict', message: 'the conversation is rated already', refused: 'rate' });
  await assert.rejects(rated, (failure) => failure instanceof ParleyError && failure.code === 'conflict');
  assert.deepEqual(errors, []);
});

test('an older node that names no refused frame: its error answers the oldest frame waiting', async () => {
  const { node, client } = nodeWithClient();
  const socket = await joined(node, client);
  const rated = client.rate({ score: 3 });
  await sent(socket, 'rate');
  socket.receive({ type: 'error', code: 'forbidden', message: 'staff do not rate' });
  await assert.rejects(rated, { code: 'forbidden' });
});

test('a closed conversation is rated over REST with the publishable key and tenant', async () => {
  const { node, client } = nodeWithClient({ tenant: 'acme', publishableKey: 'pk_acme' });
  await joined(node, client, 's-open');
  node.answer(201, { sessionId: 's-closed', score: 2, comment: 'Slow', at: '2025-01-01T10:00:00Z' });
  const rated = await client.rate({ score: 2, comment: 'Slow' }, 's-closed');
  assert.deepEqual(rated, { score: 2, comment: 'Slow', at: '2025-01-01T10:00:00Z' });
  const [request] = node.requests;
  assert.equal(request.method, 'POST');
  assert.equal(request.url.origin + request.url.pathname, 'https://support.acme.example/v1/sessions/s-closed/rating');
  assert.equal(request.url.searchParams.get('tenant'), 'acme');
  assert.equal(request.url.searchParams.get('key'), 'pk_acme');
  assert.equal(request.headers.Authorization, undefined);
  assert.deepEqual(request.body, { score: 2, comment: 'Slow' });
  assert.deepEqual(node.sockets[0].frames('rate'), [], 'nothing on the socket of the open one');
});

test('a signed-in customer rates over REST with their token, not in the URL', async () => {
  const { node, client } = nodeWithClient({ tenant: 'acme', token: 'header.payload.signature' });
  node.answer(201, { sessionId: 's-1', score: 5, at: '2025-01-01T10:00:00Z' });
  await client.rate({ score: 5 }, 's-1');
  const [request] = node.requests;
  assert.equal(request.headers.Authorization, 'Bearer header.payload.signature');
  assert.equal(request.url.searchParams.get('key'), null);
});

test('a staff member signed in with the cookie: no key or bearer, the cookie sent and the CSRF token on a change', async () => {
  const { node, client } = nodeWithClient({ tenant: 'acme', csrfToken: 'csrf-1' });
  const socket = await joined(node, client, 's-open');
  assert.equal(new URL(socket.url).searchParams.get('key'), null);
  assert.deepEqual(socket.protocols, ['parley.v1'], 'the upgrade carries the cookie, no bearer subprotocol');
  node.answer(201, { sessionId: 's-1', score: 3, at: '2025-01-01T10:00:00Z' });
  await client.rate({ score: 3 }, 's-1');
  const [request] = node.requests;
  assert.equal(request.credentials, 'same-origin');
  assert.equal(request.headers['X-Csrf-Token'], 'csrf-1');
  assert.equal(request.headers.Authorization, undefined);
  assert.equal(request.url.searchParams.get('key'), null);
});

test("a REST refusal rejects with the node's code and its Retry-After", async () => {
  const { node, client } = nodeWithClient();
  node.answer(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'Retry-After': '3' });
  await assert.rejects(client.rate({ score: 4 }, 's-1'),
    (failure) => failure instanceof ParleyError && failure.code === 'rate_limited' && failure.retryAfterMs === 3000
      && failure.message === 'slow down');
});

test('a rating whose answer the dropped socket took is sent again over REST', async () => {
  const { node, client } = nodeWithClient({ backoff: { initialMs: 60000, maxMs: 60000 } });
  const socket = await joined(node, client, 's-1');
  const rated = client.rate({ score: 4, comment: 'Good' });
  node.answer(201, { sessionId: 's-1', score: 4, comment: 'Good', at: '2025-01-01T10:00:00Z' });
  assert.equal((await sent(socket, 'rate')).length, 1, 'sent over the socket first');
  socket.drop();
  assert.deepEqual(await rated, { score: 4, comment: 'Good', at: '2025-01-01T10:00:00Z' });
  assert.equal(node.requests[0].url.pathname, '/v1/sessions/s-1/rating');
  assert.deepEqual(node.requests[0].body, { score: 4, comment: 'Good' });
});

test('a score that is not a whole number from 1 to 5, or no conversation, sends nothing', async () => {
  const { node, client } = nodeWithClient();
  for (const score of [0, 6, 4.5, '4', undefined]) {
    await assert.rejects(client.rate({ score }, 's-1'), RangeError, `score ${score}`);
  }
  await assert.rejects(client.rate({ score: 4 }), { code: 'not_found' });
  await settle();
  assert.equal(node.requests.length, 0);
});
