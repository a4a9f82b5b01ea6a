// Outbox: the customer's unacked messages, in order, with their acks; retried and final refusals.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Outbox, newClientMsgId } from '../../src/outbox.js';
import { ParleyError } from '../../src/session-socket.js';

test('messages wait in order until acked; the ack resolves with seq and turn', async () => {
  const outbox = new Outbox();
  const first = outbox.add('Where is my order?', []);
  const second = outbox.add('It is 1234', ['att_1']);
  assert.deepEqual(outbox.entries, [{ clientMsgId: first.clientMsgId, text: 'Where is my order?' },
    { clientMsgId: second.clientMsgId, text: 'It is 1234', attachments: ['att_1'] }]);
  const next = outbox.next();
  assert.equal(next.clientMsgId, first.clientMsgId);
  outbox.sent(next);
  assert.equal(outbox.next().clientMsgId, second.clientMsgId, 'the one not yet sent is next');
  outbox.unsend();
  assert.equal(outbox.next().clientMsgId, first.clientMsgId, 'a new socket sends from the first again');
  assert.equal(outbox.acked({ clientMsgId: first.clientMsgId, seq: 3, turnId: 't-3' }), true);
  assert.deepEqual(await first.acked, { seq: 3, turnId: 't-3' });
  assert.equal(outbox.acked({ clientMsgId: first.clientMsgId, seq: 3, turnId: 't-3' }), false, 'a repeated ack');
  assert.equal(outbox.size, 1);
});

test('what a reload found is kept, anything unreadable left out', () => {
  const outbox = new Outbox([{ clientMsgId: 'c-1', text: 'hi' }, { clientMsgId: 2, text: 'x' }, null, { clientMsgId: 'c-3' }]);
  assert.deepEqual(outbox.entries, [{ clientMsgId: 'c-1', text: 'hi' }]);
  assert.equal(outbox.acked({ clientMsgId: 'c-1', seq: 1, turnId: 't' }), true, 'acked without a promise to resolve');
  assert.deepEqual(new Outbox('garbage').entries, []);
});

test('a refusal to retry holds the next send for its hint; any other drops the message and rejects its ack', async () => {
  const outbox = new Outbox();
  const held = outbox.add('one', []);
  const dropped = outbox.add('two', []);
  outbox.sent(outbox.next());
  assert.equal(outbox.refused(held.clientMsgId, { code: 'rate_limited', message: 'slow down', retryAfterMs: 5000 }), 'retrying');
  assert.ok(outbox.heldMs() > 4000 && outbox.heldMs() <= 5000);
  assert.equal(outbox.next().clientMsgId, held.clientMsgId, 'sent again, first');
  assert.equal(outbox.refused(dropped.clientMsgId, { code: 'too_large', message: 'too long' }), 'dropped');
  await assert.rejects(dropped.acked, (failure) => failure instanceof ParleyError && failure.code === 'too_large'
    && failure.clientMsgId === dropped.clientMsgId);
  assert.equal(outbox.refused('c-unknown', { code: 'too_large' }), 'unknown');
  assert.equal(outbox.size, 1);
});

test('a new conversation discards every message, rejecting each ack', async () => {
  const outbox = new Outbox();
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
