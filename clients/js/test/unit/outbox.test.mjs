// Outbox: the customer's unacked messages, in order, with their acks; retried and final refusals.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Outbox, newClientMsgId } from '../../src/outbox.js';
import { ParleyError } from '../../src/session-socket.js';

/** A socket as SessionSocket is to the outbox: what it sends, and the frames waiting for their reply. */
function socket(open = true) {
  const sent = [];
  const awaiting = [];
  return {
    sent, awaiting,
    send: (frame) => open && sent.push(frame) > 0,
    expect: (reply) => awaiting.push(reply),
    expecting: (kind) => awaiting.some((a) => a.kind === kind),
  };
}

test('messages go one at a time, in order, each once acked; the ack resolves with seq and turn', async () => {
  const outbox = new Outbox(undefined, () => {});
  const first = outbox.add('Where is my order?', []);
  const second = outbox.add('It is 1234', ['att_1']);
  assert.deepEqual(outbox.entries, [{ clientMsgId: first.clientMsgId, text: 'Where is my order?' },
    { clientMsgId: second.clientMsgId, text: 'It is 1234', attachments: ['att_1'] }]);
  const ws = socket();
  outbox.flush(ws);
  outbox.flush(ws);
  assert.deepEqual(ws.sent, [{ type: 'user', clientMsgId: first.clientMsgId, text: 'Where is my order?' }], 'one on its way at a time');
  assert.deepEqual(ws.awaiting, [{ kind: 'user', clientMsgId: first.clientMsgId }]);
  assert.equal(outbox.acked({ clientMsgId: first.clientMsgId, seq: 3, turnId: 't-3' }), true);
  assert.deepEqual(await first.acked, { seq: 3, turnId: 't-3' });
  assert.equal(outbox.acked({ clientMsgId: first.clientMsgId, seq: 3, turnId: 't-3' }), false, 'a repeated ack');
  ws.awaiting.length = 0;
  outbox.flush(ws);
  assert.equal(ws.sent.at(-1).clientMsgId, second.clientMsgId);
  outbox.unsend();
  const next = socket();
  outbox.flush(next);
  assert.equal(next.sent[0].clientMsgId, second.clientMsgId, 'a new socket sends it again');
  assert.equal(outbox.size, 1);
});

test('a message that a closed socket could not take waits for the next', () => {
  const outbox = new Outbox(undefined, () => {});
  outbox.add('hello', []);
  outbox.flush(socket(false));
  const ws = socket();
  outbox.flush(ws);
  assert.equal(ws.sent.length, 1);
});

test('what a reload found is kept, anything unreadable left out', () => {
  const outbox = new Outbox([{ clientMsgId: 'c-1', text: 'hi' }, { clientMsgId: 2, text: 'x' }, null, { clientMsgId: 'c-3' }]);
  assert.deepEqual(outbox.entries, [{ clientMsgId: 'c-1', text: 'hi' }]);
  assert.equal(outbox.acked({ clientMsgId: 'c-1', seq: 1, turnId: 't' }), true, 'acked without a promise to resolve');
  assert.deepEqual(new Outbox('garbage').entries, []);
});

test('a refusal to retry holds the next send for its hint, then asks to be flushed; any other drops the message and rejects its ack', async () => {
  let flushed;
  const asked = new Promise((resolve) => { flushed = resolve; });
  const outbox = new Outbox(undefined, flushed);
  const held = outbox.add('one', []);
  const dropped = outbox.add('two', []);
  const ws = socket();
  outbox.flush(ws);
  ws.awaiting.length = 0;
  assert.equal(outbox.refused(held.clientMsgId, { code: 'rate_limited', message: 'slow down', retryAfterMs: 20 }), 'retrying');
  outbox.flush(ws);
  assert.equal(ws.sent.length, 1, 'held back');
  await asked;
  outbox.flush(ws);
  assert.equal(ws.sent[1].clientMsgId, held.clientMsgId, 'sent again, first');
  assert.equal(outbox.refused(dropped.clientMsgId, { code: 'too_large', message: 'too long' }), 'dropped');
  await assert.rejects(dropped.acked, (failure) => failure instanceof ParleyError && failure.code === 'too_large'
    && failure.clientMsgId === dropped.clientMsgId);
  assert.equal(outbox.refused('c-unknown', { code: 'too_large' }), 'unknown');
  assert.equal(outbox.size, 1);
});

test('a new conversation discards every message, rejecting each ack', async () => {
  const outbox = new Outbox(undefined, () => {});
  const { acked } = outbox.add('hello', []);
  outbox.discard();
  assert.equal(outbox.size, 0);
  await assert.rejects(acked, { code: 'discarded' });
});

test('client message ids are v4 UUIDs, also without crypto.randomUUID', () => {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  assert.match(newClientMsgId(), uuid);
  const { randomUUID } = globalThis.crypto;
  globalThis.crypto.randomUUID = undefined;
  try {
    assert.match(newClientMsgId(), uuid);
  } finally {
    globalThis.crypto.randomUUID = randomUUID;
  }
});
