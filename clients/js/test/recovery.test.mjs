// The node goes away under the client: killed with kill -9 and restarted on the same data, or
// stopped gracefully. Nothing acked is lost, nothing is reported twice, the outbox is sent once.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import {
  answerOf, control, disconnectAll, memoryStorage, messages, recordingClient, storedSession, waitFor,
} from './support.mjs';

beforeEach(() => control('start')); // a node left down by a failed test does not fail the next one
afterEach(disconnectAll);

/** Each seq once, and no gap: what the client reported is the conversation, whole. */
function assertWhole(client) {
  const seqs = messages(client).map((m) => m.seq);
  assert.deepEqual(seqs, [...new Set(seqs)].sort((a, b) => a - b), `each message once, in order: ${seqs}`);
  assert.deepEqual(seqs, seqs.map((_, i) => seqs[0] + i), `no gap: ${seqs}`);
}

function userTexts(session) {
  return session.messages.filter((m) => m.role === 'user').map((m) => m.text);
}

test('after kill -9 the client resumes without a lost or repeated message, and sends its outbox once, also after a reload', async () => {
  const storage = memoryStorage();
  const chat = recordingClient({ storage });
  const session = await chat.connect();
  const first = await chat.send('Before the crash').acked;
  await answerOf(chat, first.turnId);

  // Sent while the node dies: acked or not, it must end up stored once.
  const racing = chat.send('Sent as the node dies');
  const killed = chat.events.length;
  await control('kill');
  await waitFor(chat, 'state', (s) => s.state === 'offline' && s.retryInMs !== undefined, killed);
  chat.send('Written while the node is down');
  chat.send('And another one');
  assert.ok(chat.outbox.length >= 2, 'unacked messages wait in the outbox');

  const restarted = chat.events.length;
  await control('start');
  const resumed = await waitFor(chat, 'session', (s) => s.resumed, restarted);
  assert.equal(resumed.sessionId, session.sessionId);
  await racing.acked;
  const last = await waitFor(chat, 'ack', () => chat.outbox.length === 0, restarted);
  await answerOf(chat, last.turnId);
  assert.deepEqual(chat.outbox, []);
  assertWhole(chat);
  // While the node was down the client backed off: from the initial delay, growing, never past the cap.
  const resumedAt = chat.events.findIndex((e) => e.payload === resumed);
  const delays = chat.events.slice(killed, resumedAt).filter((e) => e.type === 'state' && e.payload.retryInMs !== undefined)
    .map((e) => e.payload.retryInMs);
  assert.ok(delays.length >= 2, `retried while the node was down: ${delays}`);
  assert.ok(delays[0] >= 100 && delays[0] <= 200, `the first retry waits 100..200 ms: ${delays}`);
  assert.ok(Math.max(...delays) >= 200 && delays.every((d) => d <= 2000), `doubling to the 2 s cap: ${delays}`);

  // The page reloads while the node is down again: the outbox is in storage, the new client sends it.
  const killedAgain = chat.events.length;
  await control('kill');
  const firstRetry = await waitFor(chat, 'state', (s) => s.state === 'offline' && s.retryInMs !== undefined, killedAgain);
  assert.ok(firstRetry.retryInMs <= 200, `the backoff started over once the node answered: ${firstRetry.retryInMs}`);
  const written = chat.send('Written before the reload');
  chat.disconnect();
  await control('start');
  const reloaded = recordingClient({ storage });
  assert.deepEqual(reloaded.outbox.map((e) => e.text), ['Written before the reload']);
  const again = await reloaded.connect();
  assert.equal(again.sessionId, session.sessionId);
  const ack = await waitFor(reloaded, 'ack', (a) => a.clientMsgId === written.clientMsgId);
  await answerOf(reloaded, ack.turnId);
  assertWhole(reloaded);
  assert.equal(messages(reloaded)[0].seq, 1, 'a reloaded client replays the conversation from its start');

  const stored = userTexts(await storedSession(session.sessionId));
  assert.deepEqual(stored, ['Before the crash', 'Sent as the node dies', 'Written while the node is down', 'And another one',
    'Written before the reload']);
  assert.deepEqual(messages(reloaded).filter((m) => m.role === 'user').map((m) => m.text), stored);
  reloaded.disconnect();
});

test('closed with node_shutdown reconnects at once and resumes where it was', async () => {
  const chat = recordingClient({});
  const session = await chat.connect();
  const first = await chat.send('Before the restart').acked;
  await answerOf(chat, first.turnId);

  const from = chat.events.length;
  await control('stop');
  const closed = await waitFor(chat, 'frame', (f) => f.type === 'closed', from);
  assert.equal(closed.reason, 'node_shutdown');
  await waitFor(chat, 'state', () => true, chat.events.findIndex((e) => e.payload === closed));
  const shutdown = chat.events.findIndex((e) => e.payload === closed);
  const next = chat.events.slice(shutdown + 1).find((e) => e.type === 'state');
  assert.deepEqual(next?.payload, { state: 'connecting' }, 'a new socket at once, without waiting out a backoff');
  assert.equal(chat.events.slice(from).filter((e) => e.type === 'closed').length, 0, 'the session did not end');

  await control('start');
  const resumed = await waitFor(chat, 'session', (s) => s.resumed, from);
  assert.equal(resumed.sessionId, session.sessionId);
  const second = await chat.send('After the restart').acked;
  await answerOf(chat, second.turnId);
  assertWhole(chat);
  assert.deepEqual(userTexts(await storedSession(session.sessionId)), ['Before the restart', 'After the restart']);
  chat.disconnect();
});
