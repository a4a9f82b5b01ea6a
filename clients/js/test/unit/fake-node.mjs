// A node for the client's unit tests: a WebSocket constructor whose sockets the test opens and
// answers by hand, and a fetch that records requests and answers as told. No network.
import { afterEach } from 'node:test';
import { ParleyClient } from '../../src/parley-client.js';

const clients = [];
afterEach(() => clients.splice(0).forEach((client) => client.disconnect()));

/** A fake node and a client of it made with `options`, disconnected when the test ends. */
export function nodeWithClient(options) {
  const node = fakeNode();
  const client = node.client(options);
  clients.push(client);
  return { node, client };
}

export function fakeNode() {
  const sockets = [];
  const requests = [];
  const answers = [];
  class FakeSocket {
    constructor(url, protocols) {
      this.url = url;
      this.protocols = protocols;
      this.readyState = 0;
      this.sent = [];
      sockets.push(this);
    }

    send(data) {
      this.sent.push(JSON.parse(data));
    }

    close() {
      this.readyState = 3;
    }

    open() {
      this.readyState = 1;
      this.onopen?.({});
    }

    receive(frame) {
      this.onmessage?.({ data: JSON.stringify(frame) });
    }

    drop() {
      this.readyState = 3;
      this.onclose?.({});
    }

    frames(type) {
      return this.sent.filter((frame) => frame.type === type);
    }
  }
  async function fetch(url, init) {
    requests.push({ url: new URL(url), ...init, body: init.body === undefined ? undefined : JSON.parse(init.body) });
    const { status, body, headers = {} } = answers.shift() ?? { status: 500, body: { error: { code: 'internal', message: 'no answer' } } };
    return {
      ok: status >= 200 && status < 300,
      status,
      headers: { get: (name) => headers[name] ?? null },
      json: async () => body,
    };
  }
  return {
    sockets,
    requests,
    WebSocket: FakeSocket,
    fetch,
    /** The answer of the next request. */
    answer: (status, body, headers) => answers.push({ status, body, headers }),
    client(options = {}) {
      const items = new Map();
      const storage = { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => items.set(k, v), removeItem: (k) => items.delete(k) };
      return new ParleyClient({ baseUrl: 'https://support.acme.example', WebSocket: FakeSocket, fetch, storage, ...options });
    },
  };
}

/** Lets the client's pending promises run (its connect awaits the credential first). */
export const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Connects `client` and joins session `sessionId`; returns its socket. */
export async function joined(node, client, sessionId = 's-1') {
  const connected = client.connect();
  await settle();
  const socket = node.sockets.at(-1);
  socket.open();
  socket.receive({ type: 'session', sessionId, resumed: false, lastSeq: 0, mode: 'llm', status: 'open', voice: false });
  await connected;
  return socket;
}

/** Waits until `socket` has sent a frame of `type` (a part the client loads when first used sends it a moment later); returns those frames. */
export async function sent(socket, type) {
  for (let tries = 0; tries < 500 && socket.frames(type).length === 0; tries++) await new Promise((resolve) => setTimeout(resolve, 2));
  return socket.frames(type);
}

/** Opens the socket a client just asked for, and starts session `sessionId` on it (`fields` of the frame besides); returns the socket. */
export async function sessionOpened(node, sessionId, fields = {}) {
  await settle();
  const socket = node.sockets.at(-1);
  socket.open();
  socket.receive({ type: 'session', sessionId, resumed: false, lastSeq: 0, mode: 'llm', status: 'open', voice: false, ...fields });
  return socket;
}

/** Waits until `condition()` holds (a part loaded when first used, such as the token's module, takes a moment). */
export async function until(condition) {
  for (let tries = 0; tries < 1000 && !condition(); tries++) await new Promise((resolve) => setTimeout(resolve, 2));
  if (!condition()) throw new Error(`still not so: ${condition}`);
}
