// SessionSocket: one socket at a time, given its credential and URL, telling its link what happens;
// the frames whose reply is due. No client: a link that records what it hears.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SessionSocket, backoffDelayMs } from '../../src/session-socket.js';
import { fakeNode, settle } from './fake-node.mjs';

function linked(options = {}) {
  const node = fakeNode();
  const heard = [];
  const link = {
    WebSocket: node.WebSocket, pingIntervalMs: 25000, backoff: { initialMs: 60000, maxMs: 60000 },
    credential: async (refused) => (heard.push(['credential', refused]), options.token ?? null),
    url: (token) => `wss://support.acme.example/v1/chat/ws${token ? '' : '?key=pk'}`,
    state: (state, extra) => heard.push(['state', state, extra]),
    opened: () => heard.push(['opened']),
    data: (data) => heard.push(['data', data]),
    dropped: () => heard.push(['dropped']),
    failed: (failure) => heard.push(['failed', failure.code]),
    ...options.link,
  };
  const socket = new SessionSocket(link);
  return { node, socket, heard, close: () => (socket.cancel(), socket.close()) };
}

test('opens with the credential as a subprotocol, and tells what it hears', async (t) => {
  const { node, socket, heard, close } = linked({ token: 'a.b.c' });
  t.after(close);
  socket.open();
  await settle();
  const ws = node.sockets[0];
  assert.deepEqual(ws.protocols, ['parley.v1', 'bearer.a.b.c']);
  assert.equal(ws.url, 'wss://support.acme.example/v1/chat/ws');
  assert.ok(socket.active);
  assert.equal(socket.send({ type: 'ping' }), false, 'nothing goes before it opens');
  ws.open();
  ws.receive({ type: 'pong' });
  assert.equal(socket.send({ type: 'start' }), true);
  assert.deepEqual(ws.sent, [{ type: 'start' }]);
  assert.deepEqual(heard, [['state', 'connecting', undefined], ['credential', false], ['opened'], ['data', '{"type":"pong"}']]);
});

test('a socket that closes is reported dropped; one that closed before opening asks for a fresh credential next time', async (t) => {
  const { node, socket, heard, close } = linked();
  t.after(close);
  socket.open();
  await settle();
  node.sockets[0].drop();
  assert.deepEqual(heard.at(-1), ['dropped']);
  socket.close();
  assert.equal(socket.active, false);
  socket.open();
  await settle();
  assert.deepEqual(heard.filter(([what]) => what === 'credential'), [['credential', false], ['credential', true]]);
});

test('a reconnect waits out the backoff, and at least the time the node asked for', (t) => {
  const { socket, heard, close } = linked({ link: { backoff: { initialMs: 1000, maxMs: 8000 } } });
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

test('an open() cancelled while it waits for its credential opens nothing', async (t) => {
  let give;
  const { node, socket, close } = linked({ link: { credential: () => new Promise((resolve) => { give = resolve; }) } });
  t.after(close);
  socket.open();
  socket.cancel();
  give(null);
  await settle();
  assert.equal(node.sockets.length, 0);
});

test('a credential no subprotocol can carry fails for good', async (t) => {
  // A browser's WebSocket throws a SyntaxError for a subprotocol with a space in it.
  const WebSocket = class { constructor() { throw new SyntaxError('invalid subprotocol'); } };
  const { socket, heard, close } = linked({ token: 'not a token', link: { WebSocket } });
  t.after(close);
  socket.open();
  await settle();
  assert.deepEqual(heard.at(-1), ['failed', 'unauthorized']);
});

test('frames waiting for a reply: settled by kind and id, the oldest for an error that names none, handed back on close', async (t) => {
  const { node, socket, close } = linked();
  t.after(close);
  socket.open();
  await settle();
  node.sockets[0].open();
  socket.expect({ kind: 'user', clientMsgId: 'c-1' });
  socket.expect({ kind: 'rate' });
  socket.expect({ kind: 'user', clientMsgId: 'c-2' });
  assert.ok(socket.expecting('rate'));
  assert.deepEqual(socket.settle('user', 'c-2'), { kind: 'user', clientMsgId: 'c-2' });
  assert.deepEqual(socket.oldest(), { kind: 'user', clientMsgId: 'c-1' });
  assert.deepEqual(socket.close(), [{ kind: 'rate' }]);
  assert.equal(socket.expecting('rate'), false);
});
