// The socket of a ParleyClient (session-client.js) while its caller wants one: one at a time, opened
// with the client's credential (a token provider's token, session-token.js, loaded for such a client
// only), kept alive with pings, dropped when it falls silent or does not open in time, opened again
// with jittered exponential backoff, or not opened while there is no session to start (`idle`, with
// `startOnSend`); the callers of connect() waiting for the session; and the frames sent on it whose
// reply is still due, in order. It knows nothing of sessions: what it hears and when it goes, it
// tells the `link` it was made with, which is all it reads of the client.

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
  // a caller that ignores the promise must not see an unhandled rejection
  promise.catch(() => {});
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
   * - `WebSocket` (the constructor) and `options`, the client's: baseUrl, path, query, tenant,
   *   publishableKey, token, tokenProvider, pingIntervalMs, backoff ({initialMs, maxMs});
   * - `state(state, extra)`: `connecting`, `idle`, `offline` (with `retryInMs` while a reconnect waits);
   * - `opened()`, `data(data)` (a text or binary frame), `dropped()` (the socket went: closed,
   *   silent, never opened; see lost()) and `failed(error)` (a socket no retry can open);
   * - `emit(type, payload)`: the token's `token` and `error` events;
   * - `needed()`: whether there is a session to start or resume now.
   */
  constructor(link) {
    this.link = link;
    this.ws = null;
    this.generation = 0;
    this.attempt = 0;
    // A retryAfterMs the next reconnect must wait out.
    this.notBeforeMs = 0;
    // False after a socket that closed before opening (a refused upgrade, such as a 401).
    this.opened = true;
    // Frames sent on this socket whose reply (ack or error) is due, in order.
    this.awaiting = [];
    this.timers = {};
    // The caller wants to be connected: the socket is opened again when it goes.
    this.wanted = false;
    this.idle = false;
    // The session (or the agent socket's first frame) is there: the socket carries its frames.
    this.established = false;
    this.waiters = [];
  }

  /** A promise of the session: `current` while established, null while idle; otherwise the socket opens (at once, if a reconnect waits). */
  connect(current) {
    const waiter = deferred();
    this.waiters.push(waiter);
    this.wanted = true;
    if (this.established && current) this.settleWaiters(current);
    else if (this.idle) this.settleWaiters(null);
    else if (!this.active) {
      this.resetBackoff();
      this.notBefore(0);
      this.openOrWait();
    }
    return waiter.promise;
  }

  /** Opens the socket when there is a session to start or resume; until then the client is `idle`. */
  openOrWait() {
    if (this.link.needed()) {
      this.idle = false;
      this.open();
      return;
    }
    this.idle = true;
    this.link.state('idle');
    this.settleWaiters(null);
  }

  /** Opens a socket now, from the shortest backoff (a session to show, a node that went away). */
  reopen() {
    this.idle = false;
    this.resetBackoff();
    this.open();
  }

  /** The session is there (`session`, or the agent socket's first frame). */
  up() {
    this.established = true;
    this.resetBackoff();
  }

  /** A session's token is renewed shortly before it expires, so that the next connect has a valid one at once. */
  renewAhead() {
    this.token?.then((token) => token.renewAhead());
  }

  /** Resolves (or, with `failure`, rejects) every connect() waiting. */
  settleWaiters(session, failure) {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) {
      if (failure) waiter.reject(failure);
      else waiter.resolve(session);
    }
  }

  /** The token to open a socket or send a request with (null: none, the publishable key or the sign-in cookie). */
  async credential(refused = !this.opened) {
    const { tokenProvider, token } = this.link.options;
    if (!tokenProvider) return token ?? null;
    this.token ??= import('./session-token.js').then(({ SessionToken }) => new SessionToken({
      provider: tokenProvider,
      token,
      wanted: () => this.wanted,
      renewed: (expiry) => this.link.emit('token', expiry),
      failed: (error) => this.link.emit('error', error),
    }));
    return (await this.token).current(refused);
  }

  /** Closes the socket (no reconnect follows); a frame whose answer it took with it (a rating) is asked again another way. */
  detach() {
    const ws = this.ws;
    const unanswered = this.awaiting;
    this.ws = null;
    this.awaiting = [];
    this.established = false;
    clearInterval(this.timers.ping);
    clearTimeout(this.timers.opening);
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try { ws.close(1000); } catch { /* already closing */ }
    }
    for (const reply of unanswered) reply.lost?.();
  }

  /** The socket went: opened again after the backoff while wanted, else the client is offline. */
  lost() {
    if (this.wanted) this.reconnect();
    else this.link.state('offline');
  }

  /** The caller no longer wants to be connected: no reconnect, no token renewed ahead of time. */
  stop() {
    this.wanted = false;
    this.cancel();
    this.token?.then((token) => token.stop());
  }

  /** Whether there is a socket (opening or open); none while a reconnect waits. */
  get active() {
    return this.ws !== null;
  }

  /** Opens a new socket, replacing none: its owner detaches the old one first. */
  async open() {
    clearTimeout(this.timers.reconnect);
    this.timers.reconnect = null;
    const generation = ++this.generation;
    this.link.state('connecting');
    let token;
    try {
      token = await this.credential();
    } catch (failure) {
      if (generation === this.generation) this.reconnect(failure);
      return;
    }
    if (generation !== this.generation) return;
    let ws;
    try {
      const { baseUrl, path, query, tenant, publishableKey } = this.link.options;
      const url = nodeUrl(baseUrl, path, { ...query, tenant, key: token ? undefined : publishableKey }, true);
      ws = new this.link.WebSocket(url, token ? [PROTOCOL, `bearer.${token}`] : [PROTOCOL]);
    } catch (failure) {
      // A value a subprotocol cannot hold is no token: no retry helps.
      this.link.failed(new ParleyError({ code: 'unauthorized', message: `cannot open the socket: ${failure.message ?? failure}` }));
      return;
    }
    this.ws = ws;
    this.awaiting = [];
    this.established = false;
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
    this.timers.ping = setInterval(() => this.keepAlive(ws), this.link.options.pingIntervalMs);
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

  /** Forgets an open() waiting for its credential and a reconnect waiting for its time. */
  cancel() {
    this.generation++;
    clearTimeout(this.timers.reconnect);
  }

  /** Opens again after the backoff (at least `notBefore`'s wait), saying when: state `offline` with `retryInMs`. */
  reconnect(failure) {
    clearTimeout(this.timers.reconnect);
    const delay = Math.max(backoffDelayMs(this.attempt++, this.link.options.backoff), this.notBeforeMs);
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

  /**
   * The frame an `error` frame answers, no longer waiting: a message by its clientMsgId, another
   * frame by its type (`refused`); an older node names neither, and answers a socket's frames in
   * order, one at a time, so its error answers the oldest frame still waiting (a `user`, a `rate`
   * or a voice `start`).
   */
  refusedBy({ clientMsgId, refused }) {
    if (typeof clientMsgId === 'string') return this.settle('user', clientMsgId) ?? { kind: 'user', clientMsgId };
    if (typeof refused === 'string') return refused === 'rate' || refused === 'voice' ? this.settle(refused) : undefined;
    return this.awaiting.shift();
  }
}
