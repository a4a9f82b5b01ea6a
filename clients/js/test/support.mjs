// What the tests share: the node under test (started by ClientLibraryTest in the http module),
// its control (kill -9, graceful stop, restart on the same data), tokens, and waiting for events.
import { createHmac } from 'node:crypto';
import { ParleyClient } from '../src/parley-client.js';

export const NODE_URL = required('PARLEY_NODE_URL');
const CONTROL_URL = required('PARLEY_CONTROL_URL');
const WAIT_MS = 60000;

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: these tests run against a node started by ClientLibraryTest`);
  return value;
}

/** A storage that outlives a client, as localStorage outlives a page. */
export function memoryStorage() {
  const items = new Map();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => items.set(key, String(value)),
    removeItem: (key) => items.delete(key),
  };
}

const made = [];

/** Disconnects every client made so far: a test that failed half-way must not keep the process alive. */
export function disconnectAll() {
  made.splice(0).forEach((client) => client.disconnect());
}

/** A client of the node under test that records every event it reports. */
export function recordingClient(options = {}) {
  const client = new ParleyClient({ baseUrl: NODE_URL, storage: memoryStorage(), backoff: { initialMs: 200, maxMs: 2000 }, ...options });
  made.push(client);
  client.events = [];
  for (const type of ['state', 'session', 'message', 'delta', 'typing', 'ack', 'error', 'closed', 'reset', 'frame', 'token']) {
    client.on(type, (payload) => client.events.push({ type, payload }));
  }
  return client;
}

/** Resolves with the first event of `type` (from now on, or already recorded after `from`) that matches. */
export function waitFor(client, type, matches = () => true, from = client.events.length) {
  return new Promise((resolve, reject) => {
    const seen = client.events.slice(from).find((e) => e.type === type && matches(e.payload));
    if (seen) return resolve(seen.payload);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${type} event within ${WAIT_MS} ms; events: ${JSON.stringify(client.events.slice(-20))}`));
    }, WAIT_MS);
    const off = client.on(type, (payload) => {
      if (!matches(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** The assistant's answer to the message acked with `turnId`. */
export function answerOf(client, turnId, from) {
  return waitFor(client, 'message', (m) => m.role === 'assistant' && m.turnId === turnId, from);
}

export function messages(client) {
  return client.events.filter((e) => e.type === 'message').map((e) => e.payload);
}

/** Asks ClientLibraryTest to `kill` (SIGKILL), `stop` (SIGTERM) or `start` the node; resolves when done. */
export async function control(action) {
  const response = await fetch(`${CONTROL_URL}/${action}`, { method: 'POST' });
  if (!response.ok) throw new Error(`${action}: ${response.status} ${await response.text()}`);
}

/** An HS256 token of the test tenants' issuer, valid for `seconds`. */
export function token({ tenant = 'acme', subject, seconds }) {
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: required('PARLEY_TOKEN_ISSUER'), aud: required('PARLEY_TOKEN_AUDIENCE'), tenant, iat: now, exp: now + seconds };
  if (subject) claims.sub = subject;
  const encode = (part) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const unsigned = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  const signature = createHmac('sha256', required('PARLEY_TOKEN_SECRET')).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

/** The session as the node stores it (an admin key of the tenant reads any). */
export async function storedSession(sessionId, tenant) {
  const headers = tenant ? { 'X-Api-Key': `test-admin-key-${tenant}` } : {};
  const query = tenant ? `?tenant=${tenant}` : '';
  const response = await fetch(`${NODE_URL}/v1/sessions/${sessionId}${query}`, { headers });
  if (!response.ok) throw new Error(`GET session: ${response.status} ${await response.text()}`);
  return response.json();
}

export const PUBLISHABLE_TENANT = required('PARLEY_PUBLISHABLE_TENANT');
export const PUBLISHABLE_KEY = required('PARLEY_PUBLISHABLE_KEY');
