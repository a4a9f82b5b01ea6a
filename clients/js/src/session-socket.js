// The socket of a ParleyClient (session-client.js), one at a time: opened with the credential it is
// given, kept alive with pings, dropped when it falls silent or does not open in time, opened again
// with jittered exponential backoff when its owner asks; and the frames sent on it whose reply is
// still due, in order (an older node's error names nothing: it answers the oldest of them). It knows
// nothing of sessions: what it hears and when it goes, it tells the `link` it was made with.

/** An error the node answered with; `code` is the protocol's error code. */
export class ParleyError extends Error {
  constructor({ code, message, retryAfterMs, clientMsgId }) {
    super(message ?? code);
    this.name = 'ParleyError';
    this.code = code;
    if (typeof retryAfterMs === 'number') this.retryAfterMs = retryAfterMs;
    if (clientMsgId) this.clientMsgId = clientMsgId;
  }
}

const PROTOCOL = 'parley.v1';
export const PING_INTERVAL_MS = 25000;
/** No frame at all for this long, not even a pong: the socket is half-open, drop it. */
const SILENCE_LIMIT_MS = 2 * PING_INTERVAL_MS + 10000;
/** A socket still connecting after this long is given up (a black-holed address), and retried. */
const OPEN_TIMEOUT_MS = 20000;

/** Reconnect delay: `initialMs` doubling up to `maxMs`, jittered to half..whole so a restarted node is not stampeded. */
export function backoffDelayMs(attempt, { initialMs = 500, maxMs = 15000 } = {}, random = Math.random) {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((yes, no) => { resolve = yes; reject = no; });
  promise.catch(() => {}); // a caller that ignores the promise must not see an unhandled rejection
  return { promise, resolve, reject };
}

/** The node's URL of `path`, over ws(s) for a socket or http(s) for a request, with `query`'s set values. */
export function nodeUrl(baseUrl, path, query, socket) {
  const url = new URL(path, baseUrl);
  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  url.protocol = socket ? (secure ? 'wss:' : 'ws:') : (secure ? 'https:' : 'http:');
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, String(value));
  }
  return url.toString();
}

export class SessionSocket {
  /**
   * `link` is what the socket is given and whom it tells:
   * - `WebSocket` (the constructor), `pingIntervalMs`, `backoff` ({initialMs, maxMs});
   * - `credential(refused)`: a promise of the token to open with (null: `url` carries the credential);
   *   `refused` is true after a socket that closed before it opened (a refused upgrade, such as a 401);
   * - `url(token)`: the socket's URL;
   * - `state(state, extra)`: `connecting`, and `offline` with `retryInMs` while a reconnect waits;
   * - `opened()`, `data(data)` (a text or binary frame), `dropped()` (the socket went: closed,
   *   silent, never opened) and `failed(error)` (a socket no retry can open).
   */
  constructor(link) {
    this.link = link;
    this.ws = null;
    this.generation = 0;
    this.attempt = 0;
    this.notBeforeMs = 0;  // a retryAfterMs the next reconnect must wait out
    this.opened = true;    // false after a socket that closed before opening
    this.awaiting = [];    // frames sent on this socket whose reply (ack or error) is due, in order
    this.timers = {};
  }

  /** Whether there is a socket (opening or open); none while a reconnect waits. */
  get active() {
    return this.ws !== null;
  }

  /** Opens a new socket, replacing none: its owner closes the old one first. */
  async open() {
    clearTimeout(this.timers.reconnect);
    this.timers.reconnect = null;
    const generation = ++this.generation;
    this.link.state('connecting');
    let token;
    try {
      token = await this.link.credential(!this.opened);
    } catch (failure) {
      if (generation === this.generation) this.reconnect(failure);
      return;
    }
    if (generation !== this.generation) return;
    let ws;
    try {
      ws = new this.link.WebSocket(this.link.url(token), token ? [PROTOCOL, `bearer.${token}`] : [PROTOCOL]);
    } catch (failure) {
      // A value a subprotocol cannot hold is no token: no retry helps.
      this.link.failed(new ParleyError({ code: 'unauthorized', message: `cannot open the socket: ${failure.message ?? failure}` }));
      return;
    }
    this.ws = ws;
    this.awaiting = [];
    this.opened = false;
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => this.onOpen(ws);
    ws.onmessage = (event) => this.onData(ws, event.data);
    ws.onclose = () => this.onGone(ws);
    // Browsers follow an error with a close; Node.js 20's WebSocket fails to connect with an error alone.
    ws.onerror = () => {
      if (!this.opened) this.onGone(ws);
    };
    clearTimeout(this.timers.opening);
    this.timers.opening = setTimeout(() => {
      if (ws === this.ws && !this.opened) this.link.dropped();
    }, OPEN_TIMEOUT_MS);
  }

  onOpen(ws) {
    if (ws !== this.ws) return;
    this.opened = true;
    this.lastFrameAt = Date.now();
    clearInterval(this.timers.ping);
    this.timers.ping = setInterval(() => this.keepAlive(ws), this.link.pingIntervalMs);
    this.link.opened();
  }

  onData(ws, data) {
    if (ws !== this.ws) return;
    this.lastFrameAt = Date.now();
    this.link.data(data);
  }

  onGone(ws) {
    if (ws === this.ws) this.link.dropped();
  }

  keepAlive(ws) {
    if (ws !== this.ws) return;
    if (Date.now() - this.lastFrameAt > SILENCE_LIMIT_MS) this.link.dropped();
    else this.send({ type: 'ping' });
  }

  /** Closes the socket (no reconnect follows); returns the frames whose reply it took with it. */
  close() {
    const ws = this.ws;
    const unanswered = this.awaiting;
    this.ws = null;
    this.awaiting = [];
    clearInterval(this.timers.ping);
    clearTimeout(this.timers.opening);
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try { ws.close(1000); } catch { /* already closing */ }
    }
    return unanswered;
  }

  /** Forgets an open() waiting for its credential and a reconnect waiting for its time. */
  cancel() {
    this.generation++;
    clearTimeout(this.timers.reconnect);
  }

  /** Opens again after the backoff (at least `notBefore`'s wait), saying when: state `offline` with `retryInMs`. */
  reconnect(failure) {
    clearTimeout(this.timers.reconnect);
    const delay = Math.max(backoffDelayMs(this.attempt++, this.link.backoff), this.notBeforeMs);
    this.notBeforeMs = 0;
    this.link.state('offline', { retryInMs: delay, ...(failure ? { error: failure.message } : {}) });
    this.timers.reconnect = setTimeout(() => this.open(), delay);
  }

  /** The next reconnect waits at least `ms` (the node's retryAfterMs). */
  notBefore(ms) {
    this.notBeforeMs = ms;
  }

  /** The node answered: the next reconnect starts from the shortest backoff again. */
  resetBackoff() {
    this.attempt = 0;
  }

  /** Sends a frame as JSON; false when the socket is not open. */
  send(frame) {
    if (this.ws?.readyState !== 1) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  sendBinary(data) {
    if (this.ws?.readyState !== 1) return false;
    this.ws.send(data);
    return true;
  }

  /** A frame sent whose reply is due: `{kind, clientMsgId?, answer?}`. */
  expect(reply) {
    this.awaiting.push(reply);
  }

  /** Whether a frame of `kind` waits for its reply. */
  expecting(kind) {
    return this.awaiting.some((a) => a.kind === kind);
  }

  /** Drops a frame whose reply came, and returns it. */
  settle(kind, clientMsgId) {
    const index = this.awaiting.findIndex((a) => a.kind === kind && (!clientMsgId || a.clientMsgId === clientMsgId));
    return index >= 0 ? this.awaiting.splice(index, 1)[0] : undefined;
  }

  /** The oldest frame waiting for its reply, dropped: what an error that names nothing answers. */
  oldest() {
    return this.awaiting.shift();
  }
}
