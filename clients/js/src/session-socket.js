// ParleyClient's socket (session-client.js) and what it carries: opened with the client's
// credential (a token refreshed shortly before it expires, else the publishable key), kept alive
// with pings, dropped when it falls silent or does not open in time and opened again with jittered
// exponential backoff; the outbox of the customer's messages not yet acked, kept in storage across
// page reloads and sent in order, one `user` frame at a time; the node's refusals of what was sent.

import { attachmentIds, outboxEntry } from './attachments.js';

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
export const CHAT_PATH = '/v1/chat/ws';
export const PING_INTERVAL_MS = 25000;
/** No frame at all for this long, not even a pong: the socket is half-open, drop it. */
const SILENCE_LIMIT_MS = 2 * PING_INTERVAL_MS + 10000;
/** A socket still connecting after this long is given up (a black-holed address), and retried. */
const OPEN_TIMEOUT_MS = 20000;
/** A refused `user` frame with one of these codes is sent again after the hint; others are final. */
const RETRIED_CODES = new Set(['unavailable', 'rate_limited']);
const UNAVAILABLE_RETRY_MS = 1000;
/** A token is replaced this long before its `exp` (at most a fifth of its lifetime). */
const TOKEN_REFRESH_MARGIN_MS = 30000;
const MIN_SCORE = 1;
const MAX_SCORE = 5;

/** Reconnect delay: `initialMs` doubling up to `maxMs`, jittered to half..whole so a restarted node is not stampeded. */
export function backoffDelayMs(attempt, { initialMs = 500, maxMs = 15000 } = {}, random = Math.random) {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** A random v4 UUID; crypto.randomUUID exists only in secure contexts (https or localhost). */
export function newClientMsgId() {
  const c = globalThis.crypto;
  if (c?.randomUUID) return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The `exp` of a JWT in milliseconds, or null when it has none (or is no JWT). */
export function tokenExpiry(token) {
  try {
    const payload = atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'));
    const exp = JSON.parse(new TextDecoder().decode(Uint8Array.from(payload, (c) => c.charCodeAt(0)))).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
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

/** What a `rated` frame or the REST rating says: the score, the comment when there is one, and when. */
export function ratedOf({ score, comment, at }) {
  return comment ? { score, comment, at } : { score, at };
}

/** The methods of ParleyClient that keep its socket and its outbox; `this` is the client. */
export class SessionSocket {
  async credential() {
    const { tokenProvider } = this.options;
    if (!tokenProvider) return this.token;
    const expiry = this.token ? tokenExpiry(this.token) : null;
    const stale = expiry !== null && expiry - Date.now() < this.refreshMarginMs(expiry);
    if (!this.token || stale || !this.openedSocket) await this.refreshToken();
    return this.token;
  }

  refreshMarginMs(expiry) {
    const lifetime = expiry - (this.tokenIssuedAt ?? Date.now());
    return Math.min(TOKEN_REFRESH_MARGIN_MS, Math.max(1000, lifetime / 5));
  }

  async refreshToken() {
    const token = await this.options.tokenProvider();
    if (typeof token !== 'string' || !token) throw new ParleyError({ code: 'unauthorized', message: 'the token provider gave no token' });
    this.token = token;
    this.tokenIssuedAt = Date.now();
    this.emit('token', { expiresAt: tokenExpiry(token) });
    this.scheduleTokenRefresh();
  }

  /** The next connect needs a valid token at once, so it is fetched shortly before `exp`. */
  scheduleTokenRefresh() {
    clearTimeout(this.timers.token);
    if (!this.options.tokenProvider || !this.token || !this.wanted) return;
    const expiry = tokenExpiry(this.token);
    if (expiry === null) return;
    const delay = Math.max(0, expiry - Date.now() - this.refreshMarginMs(expiry));
    this.timers.token = setTimeout(() => {
      if (this.wanted) this.refreshToken().catch((failure) => this.emit('error', { code: failure.code ?? 'unauthorized', message: String(failure.message ?? failure) }));
    }, delay);
  }

  async open() {
    clearTimeout(this.timers.reconnect);
    this.timers.reconnect = null;
    const generation = (this.generation = (this.generation ?? 0) + 1);
    this.setState('connecting');
    let token;
    try {
      token = await this.credential();
    } catch (failure) {
      if (generation === this.generation) this.scheduleReconnect(failure);
      return;
    }
    if (generation !== this.generation || !this.wanted) return;
    const { baseUrl, path, tenant, publishableKey, query } = this.options;
    const url = nodeUrl(baseUrl, path, { ...query, tenant, key: token ? undefined : publishableKey }, true);
    let socket;
    try {
      socket = new this.WebSocket(url, token ? [PROTOCOL, `bearer.${token}`] : [PROTOCOL]);
    } catch (failure) {
      // A value a subprotocol cannot hold is no token: no retry helps.
      this.fail(new ParleyError({ code: 'unauthorized', message: `cannot open the socket: ${failure.message ?? failure}` }));
      return;
    }
    this.socket = socket;
    this.established = false;
    this.awaiting = [];
    this.openedSocket = false;
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => this.onOpen(socket);
    socket.onmessage = (event) => this.onData(socket, event.data);
    socket.onclose = () => this.onSocketClosed(socket);
    // Browsers follow an error with a close; Node.js 20's WebSocket fails to connect with an error alone.
    socket.onerror = () => {
      if (!this.openedSocket) this.onSocketClosed(socket);
    };
    clearTimeout(this.timers.opening);
    this.timers.opening = setTimeout(() => {
      if (socket === this.socket && !this.openedSocket) this.drop();
    }, OPEN_TIMEOUT_MS);
  }

  onOpen(socket) {
    if (socket !== this.socket) return;
    this.openedSocket = true;
    this.lastFrameAt = Date.now();
    clearInterval(this.timers.ping);
    this.timers.ping = setInterval(() => this.keepAlive(socket), this.options.pingIntervalMs);
    if (this.options.start) this.sendStart();
  }

  sendStart() {
    const { userId, channel, draft, language } = this.options;
    const start = { type: 'start' };
    if (this.sessionId) {
      start.sessionId = this.sessionId;
      if (this.lastSeq !== null) start.resumeAfter = this.lastSeq;
    } else if (draft) {
      start.draft = true; // a test conversation on the tenant's draft configuration: for its admins only
    }
    if (language && !this.sessionId) start.language = language; // a new conversation's language (docs/languages.md)
    if (userId) start.userId = userId;
    if (channel) start.channel = channel;
    this.resuming = Boolean(this.sessionId);
    this.raw(start);
  }

  keepAlive(socket) {
    if (socket !== this.socket) return;
    if (Date.now() - this.lastFrameAt > SILENCE_LIMIT_MS) this.drop();
    else this.raw({ type: 'ping' });
  }

  onSocketClosed(socket) {
    if (socket !== this.socket) return;
    this.drop();
  }

  /** The socket is gone (dropped, crashed node, half-open): reconnect with backoff while wanted. */
  drop() {
    const closing = this.closing;
    this.detach();
    if (closing) {
      // The socket went while the session was being ended: it is ended as far as this client goes.
      this.forgetSession();
      closing.done();
      if (!closing.thenConnect) {
        this.wanted = false;
        this.setState('closed');
        return;
      }
    }
    if (this.wanted) this.scheduleReconnect();
    else this.setState('offline');
  }

  detach() {
    const socket = this.socket;
    this.socket = null;
    this.established = false;
    this.closing = null;
    // A rating whose answer the socket took with it is sent again over REST: the same one again is answered as the first.
    for (const { rating, sessionId, answer } of this.awaiting.filter((a) => a.kind === 'rate')) {
      this.rateOverRest(rating, sessionId).then(answer.resolve, answer.reject);
    }
    this.awaiting = [];
    for (const entry of this.queue) entry.sent = false;
    clearInterval(this.timers.ping);
    clearTimeout(this.timers.flush);
    clearTimeout(this.timers.opening);
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      try { socket.close(1000); } catch { /* already closing */ }
    }
  }

  scheduleReconnect(failure) {
    clearTimeout(this.timers.reconnect);
    const delay = Math.max(backoffDelayMs(this.attempt++, this.options.backoff), this.notBeforeMs);
    this.notBeforeMs = 0;
    this.setState('offline', { retryInMs: delay, ...(failure ? { error: failure.message } : {}) });
    this.timers.reconnect = setTimeout(() => this.open(), delay);
  }

  /** A refusal no retry can mend (a forbidden start, a token a socket cannot carry). */
  fail(failure) {
    this.wanted = false;
    this.detach();
    this.emit('error', { code: failure.code, message: failure.message });
    this.setState('offline');
    this.settleWaiters(null, failure);
  }

  raw(frame) {
    if (this.socket?.readyState !== 1) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  // -- stored state --------------------------------------------------------------------------

  restore() {
    let stored = null;
    try {
      stored = JSON.parse(this.storage.getItem(this.storageKey) ?? 'null');
    } catch {
      stored = null; // unreadable: start clean
    }
    this.sessionId = this.options.resume && typeof stored?.sessionId === 'string' ? stored.sessionId : null;
    // A new client replays the whole conversation (its caller shows none of it yet), unless told not to.
    this.lastSeq = this.sessionId && !this.options.replay && typeof stored?.lastSeq === 'number' ? stored.lastSeq : null;
    this.queue = Array.isArray(stored?.outbox)
      ? stored.outbox.filter((e) => typeof e?.clientMsgId === 'string' && typeof e.text === 'string')
        .map(outboxEntry)
      : [];
  }

  persist() {
    if (!this.options.start) return;
    const value = { sessionId: this.sessionId, lastSeq: this.lastSeq, outbox: this.queue.map(outboxEntry) };
    try {
      if (!value.sessionId && value.outbox.length === 0) this.storage.removeItem(this.storageKey);
      else this.storage.setItem(this.storageKey, JSON.stringify(value));
    } catch {
      // storage full or gone: the outbox still lives in memory
    }
  }

  /** A user message: kept (in storage too) until acked, sent once, in order. */
  send(text, { attachments = [] } = {}) {
    if (typeof text !== 'string' || !text) throw new TypeError('send needs the message text');
    const clientMsgId = newClientMsgId();
    const acked = deferred();
    this.pending.set(clientMsgId, acked);
    this.queue.push(outboxEntry({ clientMsgId, text, attachments: attachmentIds(attachments) }));
    this.persist();
    if (this.idle) this.openOrWait(); // the customer's first message starts the conversation
    this.flush();
    return { clientMsgId, acked: acked.promise };
  }

  /**
   * Sends the head of the outbox when nothing is in flight: one `user` frame at a time keeps the
   * order through refusals and retries (the node handles them one at a time anyway).
   */
  flush() {
    if (!this.established || this.closing || !this.options.start) return;
    if (this.awaiting.some((a) => a.kind === 'user')) return;
    const wait = (this.holdUntil ?? 0) - Date.now();
    if (wait > 0) {
      clearTimeout(this.timers.flush);
      this.timers.flush = setTimeout(() => this.flush(), wait);
      return;
    }
    const entry = this.queue.find((e) => !e.sent);
    if (!entry) return;
    if (this.raw({ type: 'user', ...outboxEntry(entry) })) {
      entry.sent = true;
      this.awaiting.push({ kind: 'user', clientMsgId: entry.clientMsgId });
    }
  }

  onAck(frame) {
    this.settle('user', frame.clientMsgId);
    const index = this.queue.findIndex((e) => e.clientMsgId === frame.clientMsgId);
    if (index >= 0) {
      this.queue.splice(index, 1);
      this.persist();
    }
    const ack = { clientMsgId: frame.clientMsgId, seq: frame.seq, turnId: frame.turnId };
    this.pending.get(frame.clientMsgId)?.resolve({ seq: frame.seq, turnId: frame.turnId });
    this.pending.delete(frame.clientMsgId);
    this.emit('ack', ack);
    this.flush();
  }

  /** Drops a frame whose reply came, and returns it. */
  settle(kind, clientMsgId) {
    const index = this.awaiting.findIndex((a) => a.kind === kind && (!clientMsgId || a.clientMsgId === clientMsgId));
    return index >= 0 ? this.awaiting.splice(index, 1)[0] : undefined;
  }

  onError(frame) {
    const error = { code: String(frame.code ?? 'internal'), message: String(frame.message ?? '') };
    if (typeof frame.retryAfterMs === 'number') error.retryAfterMs = frame.retryAfterMs;
    if (this.options.start && !this.established) return this.onStartRefused(error);
    // A node names the frame it refuses: a message by its clientMsgId, any other frame by its type.
    if (typeof frame.clientMsgId === 'string') {
      this.settle('user', frame.clientMsgId);
      return this.onUserRefused(frame.clientMsgId, error);
    }
    if (typeof frame.refused === 'string') {
      error.refused = frame.refused;
      if (frame.refused === 'voice') this.settle('voice');
      if (frame.refused === 'rate') return this.onRatingRefused(this.settle('rate'), error);
      return this.emit('error', error);
    }
    // An older node names nothing: it answers a socket's frames in order, one at a time, so an
    // error is the reply to the oldest frame still waiting for one (a `user`, a `rate` or a voice `start`).
    const refused = this.awaiting.shift();
    if (refused?.kind === 'user') return this.onUserRefused(refused.clientMsgId, error);
    if (refused?.kind === 'rate') return this.onRatingRefused(refused, error);
    return this.emit('error', error);
  }

  /** A refused `rate` rejects its rate() promise; one nobody waits for (sent with sendFrame) is an `error` event. */
  onRatingRefused(waiting, error) {
    if (waiting) waiting.answer.reject(new ParleyError(error));
    else this.emit('error', error);
  }

  onStartRefused(error) {
    if (error.code === 'not_found' && this.resuming) {
      // The stored session is gone (erased, expired, another cluster's): a new one starts, the outbox goes to it.
      this.sessionId = null;
      this.lastSeq = null;
      this.forgetMessages('not_found');
      this.persist();
      this.sendStart();
      return;
    }
    if (error.code === 'bad_request' && this.resuming && this.lastSeq !== null) {
      // resumeAfter is past the session's end: what was seen belongs to another conversation. From 0.
      this.lastSeq = null;
      this.forgetMessages('resume_refused');
      this.sendStart();
      return;
    }
    this.emit('error', error);
    if (RETRIED_CODES.has(error.code)) {
      // The session is moving to another node, or too many new conversations: a new socket, later.
      this.notBeforeMs = error.retryAfterMs ?? 0;
      this.drop();
      return;
    }
    this.fail(new ParleyError(error));
  }

  onUserRefused(clientMsgId, error) {
    const entry = this.queue.find((e) => e.clientMsgId === clientMsgId);
    if (!entry) return this.emit('error', { ...error, clientMsgId });
    if (RETRIED_CODES.has(error.code)) {
      entry.sent = false;
      const wait = error.retryAfterMs ?? UNAVAILABLE_RETRY_MS;
      this.emit('error', { ...error, clientMsgId, retrying: true });
      clearTimeout(this.timers.flush);
      this.holdUntil = Date.now() + wait;
      this.timers.flush = setTimeout(() => this.flush(), wait);
      return undefined;
    }
    this.queue.splice(this.queue.indexOf(entry), 1);
    this.persist();
    this.pending.get(clientMsgId)?.reject(new ParleyError({ ...error, clientMsgId }));
    this.pending.delete(clientMsgId);
    this.emit('error', { ...error, clientMsgId });
    this.flush();
    return undefined;
  }

  /**
   * Rates a conversation (1 to 5, a comment if any): the session this client is in over the socket
   * (`rate`, answered by `rated`); another (a closed one: the node ends a socket on a closed
   * session) or while not connected over REST, with this client's credential.
   */
  rate({ score, comment } = {}, sessionId = this.sessionId) {
    if (!Number.isInteger(score) || score < MIN_SCORE || score > MAX_SCORE) {
      return Promise.reject(new RangeError(`score must be a whole number from ${MIN_SCORE} to ${MAX_SCORE}`));
    }
    if (!sessionId) return Promise.reject(new ParleyError({ code: 'not_found', message: 'no conversation to rate' }));
    const rating = typeof comment === 'string' && comment.trim() ? { score, comment: comment.trim() } : { score };
    if (sessionId === this.sessionId && this.established && !this.closing && this.raw({ type: 'rate', ...rating })) {
      const answer = deferred();
      this.awaiting.push({ kind: 'rate', rating, sessionId, answer });
      return answer.promise;
    }
    return this.rateOverRest(rating, sessionId);
  }
}
