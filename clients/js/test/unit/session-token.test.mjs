// SessionToken: a provider's token, fetched when there is none, when it is about to expire, or after a refused socket.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SessionToken, tokenExpiry } from '../../src/session-token.js';

/** An unsigned JWT expiring `inSeconds` from now (the client reads `exp` only). */
function jwt(inSeconds) {
  const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none' })}.${part({ sub: 'u-1', exp: Math.floor(Date.now() / 1000) + inSeconds })}.`;
}

function keeper(tokens, { wanted = true, initial = null } = {}) {
  const heard = { renewed: [], failed: [] };
  const given = [...tokens];
  const token = new SessionToken({
    provider: async () => given.shift(),
    token: initial,
    wanted: () => wanted,
    renewed: (event) => heard.renewed.push(event),
    failed: (error) => heard.failed.push(error),
  });
  return { token, heard };
}

test('fetched before the first connect and kept while fresh', async (t) => {
  const first = jwt(3600);
  const { token, heard } = keeper([first, jwt(3600)]);
  t.after(() => token.stop());
  assert.equal(await token.current(false), first);
  assert.equal(await token.current(false), first, 'still fresh');
  assert.equal(heard.renewed.length, 1);
  assert.equal(heard.renewed[0].expiresAt, tokenExpiry(first));
});

test('a socket refused before it opened asks for a fresh one', async (t) => {
  const second = jwt(3600);
  const { token } = keeper([jwt(3600), second]);
  t.after(() => token.stop());
  await token.current(false);
  assert.equal(await token.current(true), second);
});

test('one given that has expired is replaced before it is used', async (t) => {
  const fresh = jwt(3600);
  const { token } = keeper([fresh], { initial: jwt(0) });
  t.after(() => token.stop());
  assert.equal(await token.current(false), fresh);
});

test('renewed ahead of its expiry while wanted; a failed renewal is reported', async (t) => {
  const { token, heard } = keeper([jwt(1), '']);
  t.after(() => token.stop());
  await token.current(false);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(heard.failed, [{ code: 'unauthorized', message: 'the token provider gave no token' }]);
});

test('nothing is renewed ahead of time while the client does not want to be connected', async (t) => {
  const { token, heard } = keeper([jwt(1), jwt(3600)], { wanted: false });
  t.after(() => token.stop());
  await token.current(false);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(heard.renewed.length, 1);
});

test('a provider that gives no token fails with unauthorized', async () => {
  const { token } = keeper([undefined]);
  await assert.rejects(token.current(false), { code: 'unauthorized' });
});

test("tokenExpiry reads a JWT's exp, and null from anything else", () => {
  const token = jwt(60);
  assert.ok(Math.abs(tokenExpiry(token) - (Date.now() + 60000)) < 2000);
  assert.equal(tokenExpiry('pk_not_a_jwt'), null);
});
