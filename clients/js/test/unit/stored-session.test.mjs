// StoredSession: the session, its last seq and its outbox kept under one key; memory where storage fails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoredSession, defaultStorage } from '../../src/stored-session.js';

function storage() {
  const items = new Map();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => items.set(k, v), removeItem: (k) => items.delete(k) };
}

test('written and read back under its key; nothing kept without a session or a message', () => {
  const kept = storage();
  const stored = new StoredSession(kept, 'parley:acme');
  const outbox = [{ clientMsgId: 'c-1', text: 'hi' }];
  stored.write({ sessionId: 's-1', lastSeq: 4, outbox });
  assert.deepEqual(JSON.parse(kept.items.get('parley:acme')), { sessionId: 's-1', lastSeq: 4, outbox });
  assert.deepEqual(stored.read(), { sessionId: 's-1', lastSeq: 4, outbox });
  stored.write({ sessionId: null, lastSeq: null, outbox: [] });
  assert.equal(kept.items.has('parley:acme'), false);
  assert.equal(stored.read(), null);
});

test('an unreadable value reads as none; a storage that refuses to write is no failure', () => {
  const kept = storage();
  kept.items.set('k', '{not json');
  assert.equal(new StoredSession(kept, 'k').read(), null);
  kept.items.set('k', '"a string"');
  assert.equal(new StoredSession(kept, 'k').read(), null);
  const full = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); }, removeItem: () => {} };
  assert.doesNotThrow(() => new StoredSession(full, 'k').write({ sessionId: 's-1', lastSeq: 1, outbox: [] }));
});

test('without localStorage (Node.js, a disabled one), the session is kept in memory', () => {
  assert.equal(globalThis.localStorage, undefined);
  const memory = defaultStorage();
  memory.setItem('k', 1);
  assert.equal(memory.getItem('k'), '1');
  memory.removeItem('k');
  assert.equal(memory.getItem('k'), null);
  const stored = new StoredSession(undefined, 'parley:default');
  stored.write({ sessionId: 's-2', lastSeq: null, outbox: [] });
  assert.equal(stored.read().sessionId, 's-2');
});
