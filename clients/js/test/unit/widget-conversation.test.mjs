// The widget's conversation with the node (clients/widget/widget-conversation.js), without a page:
// a fake node, the library's client and model, and a view that records what the panel is told.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { Conversation, ParleyClient } from '../../src/parley-client.js';
import { WidgetConversation } from '../../../widget/widget-conversation.js';
import { fakeNode, sessionOpened } from './fake-node.mjs';

globalThis.window ??= { addEventListener: () => {} };
// Node.js 20 has no navigator: the browser's language the widget adds to the page's context.
if (!globalThis.navigator) Object.defineProperty(globalThis, 'navigator', { value: { language: 'en-GB' }, configurable: true });
const chats = [];
afterEach(() => chats.splice(0).forEach((chat) => chat.client?.disconnect()));

/** A part the panel loads when first used (FirstUse): here always loaded, recording its use. */
function part(value) {
  return { part: value, use: (fn) => fn(value) };
}

function widgetChat({ context = {} } = {}) {
  const node = fakeNode();
  const told = [];
  const items = new Map();
  const storage = { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => items.set(k, v), removeItem: (k) => items.delete(k) };
  const library = {
    Conversation,
    ParleyClient: class extends ParleyClient {
      constructor(options) {
        super({ ...options, WebSocket: node.WebSocket, fetch: node.fetch, storage });
      }
    },
  };
  const emitted = [];
  const page = { setup: { origin: 'https://support.acme.example', tenant: 'acme' }, emit: (type, detail) => emitted.push([type, detail]),
    context: () => context, misconfigured: (why) => told.push(['misconfigured', why]) };
  const recorded = (name) => (...args) => told.push([name, ...args]);
  const view = {
    t: (key) => `<${key}>`, render: () => {}, renderTyping: recorded('renderTyping'), started: recorded('started'),
    connection: recorded('connection'), session: recorded('session'), language: recorded('language'),
    unseen: recorded('unseen'), ended: recorded('ended'), hear: recorded('hear'),
  };
  const noReplies = { reset() {}, applyMessage() {}, customerWrote() {} };
  const parts = { replies: part({ options: noReplies }), approvals: part({ clear() {} }), contact: { part: null, use() {} },
    files: { clear() {}, shown: (apply) => apply() } };
  const chat = new WidgetConversation({ page, library, appearance: { greetingOptions: [] }, credential: { publishableKey: 'pk_acme' }, parts, view });
  chats.push(chat);
  return { node, chat, told, emitted };
}

test('a page that loads the widget starts no conversation; the first message does, and the panel hears how it goes', async () => {
  const { node, chat, told, emitted } = widgetChat({ context: { plan: 'pro' } });
  await chat.connect();
  assert.equal(chat.client.state, 'idle');
  assert.equal(node.sockets.length, 0, 'no socket, no session');
  chat.send('Where is my order?');
  assert.deepEqual(chat.conversation.ordered().map((item) => [item.role, item.text, item.state]), [['user', 'Where is my order?', 'queued']]);
  const socket = await sessionOpened(node, 's-1', { language: 'en' });
  assert.deepEqual(told.filter(([what]) => what === 'session').map(([, frame]) => frame.sessionId), ['s-1']);
  assert.deepEqual(told.find(([what, state]) => what === 'connection' && state === 'open'), ['connection', 'open', undefined]);
  assert.deepEqual(socket.frames('context')[0].data.plan, 'pro', "the page's context goes on connecting");
  assert.equal(socket.frames('user')[0].text, 'Where is my order?');
  socket.receive({ type: 'message', seq: 2, role: 'assistant', text: 'It ships today.', turnId: 't-1' });
  assert.ok(told.some(([what]) => what === 'unseen'), 'news for a customer who may not be looking');
  assert.ok(emitted.some(([type, frame]) => type === 'message' && frame.seq === 2), 'the page hears of it');
});

test('an agent writing shows for a while; the conversation that ends is offered to rate', async (t) => {
  const { node, chat, told } = widgetChat();
  await chat.connect();
  chat.send('A person, please');
  const socket = await sessionOpened(node, 's-2');
  socket.receive({ type: 'composing', role: 'agent', author: 'Dana' });
  assert.equal(chat.composing.author, 'Dana');
  assert.ok(chat.composing.until > Date.now());
  socket.receive({ type: 'closed', reason: 'agent_closed' });
  const ended = told.find(([what]) => what === 'ended');
  assert.equal(ended[1], chat.conversation);
  assert.ok(chat.conversation.closed);
  t.diagnostic('the ended conversation stays to be rated; writing starts the next one');
  chat.send('One more thing');
  assert.notEqual(chat.conversation, ended[1]);
});

test('voice frames go to the panel; a refused message is marked failed with the reason said', async () => {
  const { node, chat, told } = widgetChat();
  await chat.connect();
  const { clientMsgId } = chat.client.send('x'.repeat(10));
  chat.conversation.addPending(clientMsgId, 'x'.repeat(10));
  const socket = await sessionOpened(node, 's-3', { voice: true });
  socket.receive({ type: 'transcript', text: 'hello', final: false, confidence: 0.9 });
  assert.deepEqual(told.find(([what]) => what === 'hear').slice(1, 2), ['transcript']);
  socket.receive({ type: 'error', code: 'too_large', message: 'too long', clientMsgId });
  const items = chat.conversation.ordered();
  assert.equal(items.find((item) => item.id === clientMsgId || item.clientMsgId === clientMsgId)?.state, 'failed');
  assert.ok(items.some((item) => item.role === 'system' && item.text === 'too long'), 'the reason, said in the conversation');
});
