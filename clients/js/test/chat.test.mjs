// Chat against a real node: each credential, streamed answers, a token provider, refusals.
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import {
  answerOf, disconnectAll, NODE_URL, PUBLISHABLE_KEY, PUBLISHABLE_TENANT, recordingClient, storedSession, token, waitFor,
} from './support.mjs';

const client = recordingClient;
afterEach(disconnectAll);

test('a publishable key starts a session and the answer streams as deltas, then arrives whole', async () => {
  const chat = client({ tenant: PUBLISHABLE_TENANT, publishableKey: PUBLISHABLE_KEY });
  const session = await chat.connect();
  assert.equal(session.resumed, false);
  assert.equal(session.mode, 'llm');
  assert.equal(chat.sessionId, session.sessionId);

  const { clientMsgId, acked } = chat.send('Where is my order 1042?');
  const { seq, turnId } = await acked;
  const answer = await answerOf(chat, turnId);

  assert.equal(answer.text, 'You said: Where is my order 1042?');
  const deltas = chat.events.filter((e) => e.type === 'delta' && e.payload.turnId === turnId).map((e) => e.payload.text);
  assert.ok(deltas.length > 1, `streamed in pieces: ${JSON.stringify(deltas)}`);
  assert.equal(deltas.join(''), answer.text);
  assert.deepEqual(chat.events.filter((e) => e.type === 'ack').map((e) => e.payload.clientMsgId), [clientMsgId]);
  assert.deepEqual(chat.messages.map((m) => [m.seq, m.role]), [[seq, 'user'], [answer.seq, 'assistant']]);
  assert.deepEqual(chat.outbox, [], 'the acked message left the outbox');
  assert.equal(chat.lastSeq, answer.seq);
});

test('a token provider is asked again before its token expires, and the next connect uses the new token', async () => {
  const issued = [];
  const chat = client({
    tenant: 'acme',
    tokenProvider: async () => {
      issued.push({ at: Date.now(), token: token({ subject: 'ada', seconds: 10 }) });
      return issued.at(-1).token;
    },
  });
  const session = await chat.connect();
  const { turnId } = await chat.send('Hello, I am signed in').acked;
  await answerOf(chat, turnId);
  assert.equal(issued.length, 1);

  await waitFor(chat, 'token', () => issued.length >= 2);
  const firstExpiry = JSON.parse(Buffer.from(issued[0].token.split('.')[1], 'base64url')).exp * 1000;
  assert.ok(issued[1].at < firstExpiry, `asked again at ${issued[1].at}, before the first token's exp ${firstExpiry}`);

  // Only the upgrade checks the token: a new socket must carry the new one, and the node takes it.
  chat.disconnect();
  const resumed = await chat.connect();
  assert.equal(resumed.sessionId, session.sessionId);
  assert.equal(resumed.resumed, true);
  const again = await chat.send('Still me').acked;
  await answerOf(chat, again.turnId);
  assert.deepEqual((await storedSession(session.sessionId, 'acme')).messages.filter((m) => m.role === 'user').map((m) => m.text),
    ['Hello, I am signed in', 'Still me']);
  assert.equal((await storedSession(session.sessionId, 'acme')).userId, 'ada');
});

test('refusals reach the caller with their codes, and the refused message leaves the outbox', async () => {
  const chat = client({});
  await chat.connect();

  const tooLarge = chat.send('x'.repeat(17 * 1024));
  const lone = chat.send('half a surrogate \ud800');
  const fine = chat.send('This one is fine');
  await assert.rejects(tooLarge.acked, (e) => e.code === 'too_large' && e.clientMsgId === tooLarge.clientMsgId);
  await assert.rejects(lone.acked, (e) => e.code === 'bad_request' && e.clientMsgId === lone.clientMsgId);
  const { turnId } = await fine.acked;
  await answerOf(chat, turnId);

  const errors = chat.events.filter((e) => e.type === 'error').map((e) => [e.payload.code, e.payload.clientMsgId]);
  assert.deepEqual(errors, [['too_large', tooLarge.clientMsgId], ['bad_request', lone.clientMsgId]]);
  assert.deepEqual(chat.outbox, []);
  assert.deepEqual(chat.messages.filter((m) => m.role === 'user').map((m) => m.text), ['This one is fine']);

  // An anonymous customer may not name a user: the start is refused, and connect() says why.
  const impostor = client({ userId: 'someone-else' });
  await assert.rejects(impostor.connect(), (e) => e.code === 'forbidden');
  assert.equal(impostor.state, 'offline');
});

test('a rate_limited message is sent again after its hint, and the outbox keeps its order', async () => {
  const chat = client({});
  await chat.connect();
  const count = Number(process.env.PARLEY_RATE_BURST) + 2;
  const texts = Array.from({ length: count }, (_, i) => `Question ${i + 1}`);
  const sent = texts.map((text) => chat.send(text));
  const acks = await Promise.all(sent.map((s) => s.acked));

  const limited = chat.events.filter((e) => e.type === 'error').map((e) => e.payload);
  assert.ok(limited.length > 0, 'the node limited the burst');
  for (const error of limited) {
    assert.equal(error.code, 'rate_limited');
    assert.equal(error.retrying, true);
    assert.ok(error.retryAfterMs > 0, JSON.stringify(error));
  }
  assert.deepEqual(acks.map((a) => a.seq), [...acks.map((a) => a.seq)].sort((a, b) => a - b), 'acked in the order written');
  await answerOf(chat, acks.at(-1).turnId);
  const stored = await storedSession(chat.sessionId);
  assert.deepEqual(stored.messages.filter((m) => m.role === 'user').map((m) => m.text), texts);
});

test('a refused context frame is reported as such and never rejects the message waiting for its ack', async () => {
  const chat = client({});
  await chat.connect();

  // The context goes first: its error comes while the message still waits for its ack.
  assert.equal(chat.sendFrame({ type: 'context', data: 'not an object' }), true);
  const waiting = chat.send('My order has not arrived');
  const refused = await waitFor(chat, 'error', (e) => e.refused === 'context');
  assert.equal(refused.code, 'bad_request');
  assert.equal(refused.clientMsgId, undefined, 'the error names no message');

  const { turnId } = await waiting.acked;
  await answerOf(chat, turnId);
  assert.deepEqual(chat.events.filter((e) => e.type === 'error').map((e) => e.payload.refused), ['context']);
  assert.deepEqual(chat.outbox, []);
});

test('an admin\'s draft conversation starts on the draft and reports its greeting as the first message', async () => {
  const tenant = 'umbrella';
  const admin = `test-admin-key-${tenant}`;
  const saved = await fetch(`${NODE_URL}/v1/config/draft?tenant=${tenant}`, {
    method: 'PUT', headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ config: { widget: { greeting: 'Trying the spring greeting.' } } }),
  });
  assert.equal(saved.status, 200, await saved.text());

  const chat = client({ tenant, token: admin, draft: true });
  const session = await chat.connect();
  assert.equal(session.lastSeq, 1, 'the greeting is stored with the start');
  const greeting = await waitFor(chat, 'message', (m) => m.seq === 1, 0); // the replay after start may be in already
  assert.deepEqual([greeting.role, greeting.source, greeting.turnId, greeting.text],
    ['assistant', 'greeting', 'greeting', 'Trying the spring greeting.']);
  assert.equal((await storedSession(session.sessionId, tenant)).botConfigDraft, true);
});

test('a closed conversation is rated over REST with the publishable key, the open one over the socket; each once', async () => {
  const chat = client({ tenant: PUBLISHABLE_TENANT, publishableKey: PUBLISHABLE_KEY });
  const first = (await chat.connect()).sessionId;
  await chat.newConversation('the customer started another');
  const second = (await waitFor(chat, 'session', (s) => s.sessionId !== first, 0)).sessionId;

  const closed = await chat.rate({ score: 2, comment: 'Slow' }, first);
  assert.deepEqual([closed.score, closed.comment], [2, 'Slow']);
  assert.ok(!Number.isNaN(Date.parse(closed.at)), JSON.stringify(closed));
  assert.equal(chat.events.filter((e) => e.type === 'frame' && e.payload.type === 'rated').length, 0,
    'the open conversation is not the one rated');
  await assert.rejects(chat.rate({ score: 5 }, first), (e) => e.code === 'conflict', 'once per conversation');

  const open = await chat.rate({ score: 5, comment: 'Quick and kind' });
  assert.deepEqual([open.score, open.comment], [5, 'Quick and kind']);
  assert.equal((await waitFor(chat, 'frame', (f) => f.type === 'rated', 0)).score, 5, 'said on the socket');
  await assert.rejects(chat.rate({ score: 1 }), (e) => e.code === 'conflict');
  assert.equal(chat.sessionId, second, 'rating leaves the client where it was');
});
