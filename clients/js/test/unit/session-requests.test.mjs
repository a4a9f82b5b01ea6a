// SessionRequests: a request about a session with the client's credential; the language; an upload.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SessionRequests } from '../../src/session-requests.js';

function requests(options, token = null, answer = { status: 200, body: {} }) {
  const calls = [];
  const fetch = async (url, init) => (calls.push({ url: new URL(url), ...init }),
  new Response(JSON.stringify(answer.body), { status: answer.status }));
  return { calls, rest: new SessionRequests({ options: { baseUrl: 'https://support.acme.example', tenant: 'acme', ...options }, fetch, credential: async () => token }) };
}

test('a token goes as a bearer, never in the URL; without one, the publishable key', async () => {
  const signedIn = requests({ publishableKey: 'pk_acme' }, 'a.b.c');
  await signedIn.rest.request('s 1', '/rating', { method: 'POST', body: '{}' });
  const [call] = signedIn.calls;
  assert.equal(call.url.pathname, '/v1/sessions/s%201/rating');
  assert.equal(call.headers.Authorization, 'Bearer a.b.c');
  assert.equal(call.url.searchParams.get('key'), null);
  assert.equal(call.credentials, 'omit');
  const anonymous = requests({ publishableKey: 'pk_acme' });
  await anonymous.rest.request('s-1', '', { method: 'GET' });
  assert.equal(anonymous.calls[0].url.searchParams.get('key'), 'pk_acme');
  assert.equal(anonymous.calls[0].url.searchParams.get('tenant'), 'acme');
});

test("a staff member's cookie goes along, with the CSRF token on a change only", async () => {
  const { rest, calls } = requests({ csrfToken: 'csrf-1' });
  await rest.request('s-1', '', { method: 'GET' });
  await rest.request('s-1', '/rating', { method: 'POST', body: '{}' });
  assert.deepEqual(calls.map((c) => [c.credentials, c.headers['X-Csrf-Token']]), [['same-origin', undefined], ['same-origin', 'csrf-1']]);
});

test("the language is the session view's, null when it has none or the node cannot tell", async () => {
  assert.equal(await requests({}, null, { status: 200, body: { language: 'de' } }).rest.language('s-1'), 'de');
  assert.equal(await requests({}, null, { status: 200, body: {} }).rest.language('s-1'), null);
  assert.equal(await requests({}, null, { status: 500, body: {} }).rest.language('s-1'), null);
  assert.equal(await requests({}).rest.language(null), null);
});

test("an upload sends the file's own type and name; a refusal is the node's ParleyError", async () => {
  const { rest, calls } = requests({}, 'a.b.c', { status: 201, body: { attachmentId: 'att_1' } });
  const progress = [];
  const file = new Blob(['%PDF'], { type: 'application/pdf' });
  assert.deepEqual(await rest.upload('s-1', file, { name: 'label.pdf', onProgress: (f) => progress.push(f) }), { attachmentId: 'att_1' });
  assert.equal(calls[0].url.searchParams.get('name'), 'label.pdf');
  assert.equal(calls[0].headers['Content-Type'], 'application/pdf');
  assert.deepEqual(progress, [0, 1]);
  const refused = requests({}, 'a.b.c', { status: 413, body: { error: { code: 'too_large', message: 'over 10 MB' } } });
  await assert.rejects(refused.rest.upload('s-1', new Uint8Array(1)), { name: 'ParleyError', code: 'too_large', message: 'over 10 MB' });
  await assert.rejects(refused.rest.upload(null, new Uint8Array(1)), TypeError);
});
