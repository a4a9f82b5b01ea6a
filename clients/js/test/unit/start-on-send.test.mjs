// startOnSend: a page that only loads the client starts no session; the customer's first message does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeWithClient, settle } from './fake-node.mjs';

function setUp(options) {
  return nodeWithClient({ tenant: 'acme', publishableKey: 'pk_acme', startOnSend: true, ...options });
}

test('connecting without a stored session opens no socket: the client is idle', async () => {
  const { node, client } = setUp();
  const states = [];
  client.on('state', ({ state }) => states.push(state));
  assert.equal(await client.connect(), null);
  await settle();
  assert.equal(node.sockets.length, 0, 'no socket, so no session on the node');
  assert.deepEqual(states, ['idle']);
  assert.equal(await client.connect(), null, 'connecting again changes nothing');
  assert.equal(node.sockets.length, 0);
});

test('the first message opens the socket, starts the session and is sent in it', async () => {
  const { node, client } = setUp();
  await client.connect();
  const { clientMsgId } = client.send('Where is my order?');
  await settle();
  const [socket] = node.sockets;
  socket.open();
  assert.deepEqual(socket.frames('start'), [{ type: 'start' }], 'a new session');
  socket.receive({ type: 'session', sessionId: 's-1', resumed: false, lastSeq: 0, mode: 'llm', status: 'open', voice: false });
  assert.deepEqual(socket.frames('user'), [{ type: 'user', clientMsgId, text: 'Where is my order?' }]);
  assert.equal(client.state, 'open');
});

test('a stored session is resumed at once, as without startOnSend', async () => {
  const stored = JSON.stringify({ sessionId: 's-7', lastSeq: 3, outbox: [] });
  const storage = { getItem: () => stored, setItem: () => {}, removeItem: () => {} };
  const { node, client } = setUp({ storage });
  client.connect();
  await settle();
  const socket = node.sockets.at(-1);
  socket.open();
  assert.deepEqual(socket.frames('start'), [{ type: 'start', sessionId: 's-7' }]);
});

test('after a conversation is ended, the next one waits for its first message again', async () => {
  const { node, client } = setUp();
  await client.connect();
  client.send('Hello');
  await settle();
  const socket = node.sockets[0];
  socket.open();
  socket.receive({ type: 'session', sessionId: 's-1', resumed: false, lastSeq: 0, mode: 'llm', status: 'open', voice: false });
  const started = client.newConversation();
  socket.receive({ type: 'closed', reason: 'new conversation' });
  await started;
  await settle();
  assert.equal(client.state, 'idle');
  assert.equal(node.sockets.length, 1, 'no socket for an empty conversation');
});

test('startSession() starts it without a message, for a customer about to speak', async () => {
  const { node, client } = setUp();
  await client.connect();
  const started = client.startSession();
  await settle();
  const [socket] = node.sockets;
  socket.open();
  assert.deepEqual(socket.frames('start'), [{ type: 'start' }]);
  socket.receive({ type: 'session', sessionId: 's-2', resumed: false, lastSeq: 0, mode: 'llm', status: 'open', voice: true });
  assert.equal((await started).sessionId, 's-2');
});

test('an idle client told to show another tab\'s session opens one socket for it, and its next message goes there', async () => {
  const { node, client } = setUp();
  await client.connect();
  client.resumeSession('s-9');
  await settle();
  assert.equal(node.sockets.length, 1);
  const [socket] = node.sockets;
  socket.open();
  assert.deepEqual(socket.frames('start'), [{ type: 'start', sessionId: 's-9' }]);
  socket.receive({ type: 'session', sessionId: 's-9', resumed: true, lastSeq: 0, mode: 'llm', status: 'open', voice: false });
  const { clientMsgId } = client.send('Thanks');
  await settle();
  assert.equal(node.sockets.length, 1, 'the message does not start another session');
  assert.deepEqual(socket.frames('user'), [{ type: 'user', clientMsgId, text: 'Thanks' }]);
});
