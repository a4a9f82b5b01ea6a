// SessionSocket: one socket at a time, given its credential and URL, telling its link what happens;
// the frames whose reply is due. No client: a link that records what it hears.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SessionSocket, backoffDelayMs } from '../../src/session-socket.js';
import { fakeNode, settle, until } from './fake-node.mjs';

function linked(options = {}) {
  const node = fakeNode();
  const heard = [];
  const link = {
    WebSocket: node.WebSocket,
    options: { baseUrl: 'https://support.acme.example', path: '/v1/chat/ws', query: {}, tenant: 'acme', publishableKey: 'pk',
      pingIntervalMs: 25000, backoff: { initialMs: 60000, maxMs: 60000 }, ...options.options },
    state: (state, extra) => heard.push(['state', state, extra]),
    opened: () => heard.push(['opened']),
    data: (data) => heard.push(['data', data]),
    dropped: () => heard.push(['dropped']),
    failed: (failure) => heard.push(['failed', failure.code]),
    emit: (type, payload) => heard.push([type, payload]),
    needed: () => options.needed ?? true,
    ...options.link,
  };
  const socket = new SessionSocket(link);
  return { node, socket, heard, close: () => (socket.stop(), socket.detach()) };
}

test('opens with the token as a subprotocol, never in the URL, and tells what it hears', async (t) => {
  const { node, socket, heard, close } = linked({ options: { token: 'a.b.c' } });
  t.after(close);
  socket.open();
  await settle();
  const ws = node.sockets[0];
  assert.deepEqual(ws.protocols, ['parley.v1', 'bearer.a.b.c']);
  assert.equal(ws.url, 'wss://support.acme.example/v1/chat/ws?tenant=acme');
  assert.ok(socket.active);
  assert.equal(socket.send({ type: 'ping' }), false, 'nothing goes before it opens');
  ws.open();
  ws.receive({ type: 'pong' });
  assert.equal(socket.send({ type: 'start' }), true);
  assert.deepEqual(ws.sent, [{ type: 'start' }]);
  assert.deepEqual(heard, [['state', 'connecting', undefined], ['opened'], ['data', '{"type":"pong"}']]);
});

test('without a token, the publishable key goes in the URL', async (t) => {
  const { node, socket, close } = linked();
  t.after(close);
  socket.open();
  await settle();
  assert.equal(new URL(node.sockets[0].url).searchParams.get('key'), 'pk');
  assert.deepEqual(node.sockets[0].protocols, ['parley.v1']);
});

test('a socket that closed before it opened is reported dropped, and the next asks the provider for a fresh token', async (t) => {
  let asked = 0;
  const { node, socket, heard, close } = linked({ options: { tokenProvider: async () => `t.${++asked}.x` } });
  t.after(close);
  socket.open();
  await until(() => node.sockets.length === 1);
  node.sockets[0].drop();
  assert.deepEqual(heard.at(-1), ['dropped']);
  socket.detach();
  assert.equal(socket.active, false);
  socket.open();
  await until(() => node.sockets.length === 2);
  assert.equal(asked, 2);
  assert.deepEqual(node.sockets[1].protocols, ['parley.v1', 'bearer.t.2.x']);
});

test('a reconnect waits out the backoff, and at least the time the node asked for', (t) => {
  const { socket, heard, close } = linked({ options: { backoff: { initialMs: 1000, maxMs: 8000 } } });
  t.after(close);
  socket.notBefore(30000);
  socket.reconnect(new Error('refused'));
  assert.deepEqual(heard, [['state', 'offline', { retryInMs: 30000, error: 'refused' }]]);
  socket.reconnect();
  const [, , { retryInMs }] = heard.at(-1);
  assert.ok(retryInMs >= 1000 && retryInMs <= 2000, `the second attempt's backoff: ${retryInMs}`);
  socket.resetBackoff();
  socket.reconnect();
  assert.ok(heard.at(-1)[2].retryInMs <= 1000, 'from the start again');
});

test('backoff doubles to its ceiling, jittered to half..whole', () => {
  assert.equal(backoffDelayMs(0, { initialMs: 500 }, () => 0), 250);
  assert.equal(backoffDelayMs(0, { initialMs: 500 }, () => 1), 500);
  assert.equal(backoffDelayMs(3, { initialMs: 500, maxMs: 15000 }, () => 1), 4000);
  assert.equal(backoffDelayMs(30, { initialMs: 500, maxMs: 15000 }, () => 1), 15000);
});

test('a socket that went is opened again while wanted; otherwise the client is offline', (t) => {
  const { socket, heard, close } = linked();
  t.after(close);
  socket.lost();
  assert.deepEqual(heard.at(-1), ['state', 'offline', undefined]);
  socket.wanted = true;
  socket.lost();
  assert.equal(heard.at(-1)[1], 'offline');
  assert.ok(heard.at(-1)[2].retryInMs > 0, 'a reconnect waits');
});

test('an open() stopped while it waits for its token opens nothing', async (t) => {
  let give;
  const { node, socket, close } = linked({ options: { tokenProvider: () => new Promise((resolve) => { give = resolve; }) } });
  t.after(close);
  socket.open();
  await until(() => give !== undefined);
  socket.stop();
  give('a.b.c');
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(node.sockets.length, 0);
});

test('a token no subprotocol can carry fails for good', async (t) => {
  // A browser's WebSocket throws a SyntaxError for a subprotocol with a space in it.
  const WebSocket = class { constructor() { throw new SyntaxError('invalid subprotocol'); } };
  const { socket, heard, close } = linked({ options: { token: 'not a token' }, link: { WebSocket } });
  t.after(close);
  socket.open();
  await settle();
  assert.deepEqual(heard.at(-1), ['failed', 'unauthorized']);
});

test('connect() without a session to start leaves the socket shut (idle); with one, opens it and waits for the session', async (t) => {
  let needed = false;
  const { node, socket, heard, close } = linked({ link: { needed: () => needed } });
  t.after(close);
  assert.equal(await socket.connect(null), null);
  assert.equal(socket.idle, true);
  assert.deepEqual(heard, [['state', 'idle', undefined]]);
  assert.equal(node.sockets.length, 0);
  needed = true;
  socket.openOrWait();
  const session = socket.connect(null);
  await settle();
  assert.equal(node.sockets.length, 1);
  socket.up();
  socket.settleWaiters({ type: 'session', sessionId: 's-1' });
  assert.deepEqual(await session, { type: 'session', sessionId: 's-1' });
  assert.deepEqual(await socket.connect({ type: 'session', sessionId: 's-1' }), { type: 'session', sessionId: 's-1' }, 'already there');
});

test('frames waiting for a reply: settled by kind and id, the one an error names or else the oldest; those lost with the socket are told', async (t) => {
  const { node, socket, close } = linked();
  t.after(close);
  socket.open();
  await settle();
  node.sockets[0].open();
  const lost = [];
  socket.expect({ kind: 'user', clientMsgId: 'c-1' });
  socket.expect({ kind: 'rate', lost: () => lost.push('rate') });
  socket.expect({ kind: 'user', clientMsgId: 'c-2' });
  assert.ok(socket.expecting('rate'));
  assert.deepEqual(socket.settle('user', 'c-2'), { kind: 'user', clientMsgId: 'c-2' });
  assert.deepEqual(socket.refusedBy({ type: 'error', refused: 'context' }), undefined, 'a frame nobody waits for');
  assert.deepEqual(socket.refusedBy({ type: 'error' }), { kind: 'user', clientMsgId: 'c-1' }, 'an older node: the oldest');
  assert.deepEqual(socket.refusedBy({ type: 'error', clientMsgId: 'c-9' }), { kind: 'user', clientMsgId: 'c-9' });
  socket.detach();
  assert.deepEqual(lost, ['rate']);
  assert.equal(socket.expecting('rate'), false);
});
