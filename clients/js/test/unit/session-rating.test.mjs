// SessionRating: over the socket that carries the session, else over REST; a lost answer goes again over REST.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SessionRating, ratedOf } from '../../src/session-rating.js';

/** A socket that keeps what is sent and expected, as SessionSocket does. */
function socket() {
  return { sent: [], awaiting: [], send(frame) { this.sent.push(frame); return true; }, expect(reply) { this.awaiting.push(reply); } };
}

function rating({ carried = null, answer = { ok: true, status: 201, body: { score: 4, at: 't' } } } = {}) {
  const requests = [];
  const rest = {
    request: async (sessionId, path, init) => (requests.push({ sessionId, path, body: JSON.parse(init.body) }),
    { ok: answer.ok, status: answer.status, headers: { get: () => null }, json: async () => answer.body }),
  };
  return { rating: new SessionRating({ socketFor: (id) => (id === 's-1' ? carried : null), requests: async () => rest }), requests };
}

test('the session the socket carries is rated over it; the answer settles it', async () => {
  const carried = socket();
  const { rating: session, requests } = rating({ carried });
  const rated = session.rate({ score: 5, comment: ' Great ' }, 's-1');
  assert.deepEqual(carried.sent, [{ type: 'rate', score: 5, comment: 'Great' }]);
  carried.awaiting[0].answered({ type: 'rated', score: 5, comment: 'Great', at: 't' });
  assert.deepEqual(await rated, { score: 5, comment: 'Great', at: 't' });
  assert.equal(requests.length, 0);
});

test("a refusal over the socket rejects with the node's code", async () => {
  const carried = socket();
  const { rating: session } = rating({ carried });
  const rated = session.rate({ score: 2 }, 's-1');
  carried.awaiting[0].refused({ code: 'conflict', message: 'rated already' });
  await assert.rejects(rated, { name: 'ParleyError', code: 'conflict' });
});

test('an answer the socket took with it is asked again over REST', async () => {
  const carried = socket();
  const { rating: session, requests } = rating({ carried });
  const rated = session.rate({ score: 4 }, 's-1');
  carried.awaiting[0].lost();
  assert.deepEqual(await rated, { score: 4, at: 't' });
  assert.deepEqual(requests, [{ sessionId: 's-1', path: '/rating', body: { score: 4 } }]);
});

test('another session goes over REST; a refusal there rejects', async () => {
  const { rating: session, requests } = rating({ answer: { ok: false, status: 409, body: { error: { code: 'conflict', message: 'once' } } } });
  await assert.rejects(session.rate({ score: 3 }, 's-closed'), { code: 'conflict', message: 'once' });
  assert.equal(requests[0].sessionId, 's-closed');
});

test('a score not 1 to 5, or no session, is refused before anything is sent', async () => {
  const { rating: session, requests } = rating();
  await assert.rejects(session.rate({ score: 0 }, 's-1'), RangeError);
  await assert.rejects(session.rate({ score: 3 }, null), { code: 'not_found' });
  assert.equal(requests.length, 0);
  assert.deepEqual(ratedOf({ score: 3, comment: '', at: 't' }), { score: 3, at: 't' });
});
