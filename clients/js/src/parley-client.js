// @parley/client: the client of Parley's chat protocol v1 (docs/protocol.md), for browsers and
// Node.js 20+. One ES module, no dependency, no build step.
//
// What it keeps for its caller: the socket and its reconnects (jittered exponential backoff, an
// immediate one after `closed` node_shutdown), the session's resume from the last seq seen (each
// message is reported once, by seq), and an outbox of unacked messages that survives a page
// reload (in storage) and is resent in order, one frame at a time, after a reconnect. What a
// browser shows of a conversation is the model of conversation.js, drawn by bubble-list.js, in the
// words of texts.js; all three are exported here too, with the prompt for a contact (contact-prompt.js)
// and an agent's face (agent-avatar.js).

import { attachmentIds, outboxEntry, uploadAttachment } from './attachments.js';

export { MAX_ATTACHMENTS, attachmentIds } from './attachments.js';
export { agentAvatar } from './agent-avatar.js';
export { BubbleList } from './bubble-list.js';
export { Conversation } from './conversation.js';
export { ContactPrompt, checkEmail, contactStep, contactWanted } from './contact-prompt.js';
export { ReplyOptions, ReplyBar } from './reply-options.js';
export { Texts, chooseLanguage, counted, directionOf, RIGHT_TO_LEFT } from './texts.js';

const PROTOCOL = 'parley.v1';
const CHAT_PATH = '/v1/chat/ws';
const PING_INTERVAL_MS = 25000;
/** No frame at all for this long, not even a pong: the socket is half-open, drop it. */
const SILENCE_LIMIT_MS = 2 * PING_INTERVAL_MS + 10000;
const CLOSE_WAIT_MS = 3000;
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

/** localStorage can be missing or throw (disabled storage, private modes): then memory it is. */
function defaultStorage() {
  try {
    const storage = globalThis.localStorage;
    if (storage) {
      storage.getItem('parley:probe');
      return storage;
    }
  } catch {
    // fall through to memory
  }
  const memory = new Map();
  return {
    getItem: (key) => memory.get(key) ?? null,
    setItem: (key, value) => memory.set(key, String(value)),
    removeItem: (key) => memory.delete(key),
  };
}

function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((yes, no) => { resolve = yes; reject = no; });
  promise.catch(() => {}); // a caller that ignores the promise must not see an unhandled rejection
  return { promise, resolve, reject };
}

/** The node's URL of `path`, over ws(s) for a socket or http(s) for a request, with `query`'s set values. */
function nodeUrl(baseUrl, path, query, socket) {
  const url = new URL(path, baseUrl);
  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  url.protocol = socket ? (secure ? 'wss:' : 'ws:') : (secure ? 'https:' : 'http:');
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(name, String(value));
  }
  return url.toString();
}

/** What a `rated` frame or the REST rating says: the score, the comment when there is one, and when. */
function ratedOf({ score, comment, at }) {
  return comment ? { score, comment, at } : { score, at };
}

export class ParleyClient {
  constructor(options = {}) {
    const { baseUrl = globalThis.location?.origin, tenant, publishableKey, token, tokenProvider } = options;
    if (!baseUrl) throw new TypeError('ParleyClient needs a baseUrl (the node\'s origin)');
    this.options = {
      path: CHAT_PATH, resume: true, replay: true, start: true, query: {}, backoff: {}, pingIntervalMs: PING_INTERVAL_MS,
      ...options, baseUrl, tenant, publishableKey, token, tokenProvider,
    };
    this.WebSocket = options.WebSocket ?? globalThis.WebSocket;
    this.fetch = options.fetch ?? ((...request) => globalThis.fetch(...request));
    if (typeof this.WebSocket !== 'function') {
      throw new TypeError('no WebSocket: pass one as the WebSocket option (Node.js 20: or run with --experimental-websocket)');
    }
    this.storage = options.storage ?? defaultStorage();
    this.storageKey = options.storageKey ?? `parley:${tenant ?? 'default'}`;
    this.listeners = new Map();
    this.state = 'offline';
    this.mode = null;
    this.socket = null;
    this.established = false;
    this.wanted = false;       // the caller wants to be connected: reconnect when the socket goes
    this.attempt = 0;
    this.notBeforeMs = 0;      // a retryAfterMs the next connect must wait out
    this.openedSocket = true;  // false after a socket that closed before opening (a 401 looks like that)
    this.timers = {};
    this.waiters = [];         // connect() promises
    this.awaiting = [];        // frames sent on this socket whose reply (ack or error) is due, in order
    this.token = token ?? null;
    this.bySeq = new Map();
    this.pending = new Map();  // clientMsgId -> deferred of its ack
    this.restore();
  }

  // -- events ------------------------------------------------------------------------------

  on(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type).add(fn);
    return () => this.off(type, fn);
  }

  off(type, fn) {
    this.listeners.get(type)?.delete(fn);
  }

  emit(type, payload) {
    for (const fn of [...(this.listeners.get(type) ?? [])]) {
      try {
        fn(payload);
      } catch (failure) {
        // A listener's bug must not break the protocol; report it where it can be seen.
        setTimeout(() => { throw failure; });
      }
    }
  }

  setState(state, extra = {}) {
    this.state = state;
    this.emit('state', { state, ...extra });
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

  /** Messages of the session seen so far, by seq. */
  get messages() {
    return [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
  }

  /** Unacked messages, in send order. */
  get outbox() {
    return this.queue.map(outboxEntry);
  }

  // -- connecting ----------------------------------------------------------------------------

  /** Connects (or, while a reconnect waits, reconnects at once); resolves with the session frame. */
  connect() {
    const waiter = deferred();
    this.waiters.push(waiter);
    this.wanted = true;
    if (this.established && this.lastSession) this.settleWaiters(this.lastSession);
    else if (this.idle) this.settleWaiters(null);
    else if (!this.socket) {
      this.attempt = 0;
      this.notBeforeMs = 0;
      this.openOrWait();
    }
    return waiter.promise;
  }

  /** With `startOnSend`: starts the session now, without a message (the customer is about to speak). */
  startSession() {
    this.starting = true;
    this.idle = false;
    return this.connect();
  }

  /**
   * Opens the socket; with `startOnSend`, only once there is a session to resume or a message to
   * send: until then the client is `idle`, and no session (no conversation) exists on the node.
   */
  openOrWait() {
    if (!this.options.startOnSend || this.sessionId || this.queue.length || this.starting) {
      this.idle = false;
      this.open();
      return;
    }
    this.idle = true;
    this.setState('idle');
    this.settleWaiters(null);
  }

  settleWaiters(session, failure) {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) {
      if (failure) waiter.reject(failure);
      else waiter.resolve(session);
    }
  }

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

  // -- frames in -----------------------------------------------------------------------------

  onData(socket, data) {
    if (socket !== this.socket) return;
    this.lastFrameAt = Date.now();
    if (typeof data !== 'string') {
      this.emit('audio', data);
      return;
    }
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return; // not a frame of this protocol
    }
    if (!frame || typeof frame !== 'object') return;
    // After close() or newConversation() only the `closed` answer matters; leftovers of the old session do not.
    if (this.closing && frame.type !== 'closed') return;
    this.emit('frame', frame);
    if (!this.options.start) {
      // The agent console's socket: no session of its own, every frame goes to the caller as it is.
      if (!this.established) this.onFirstFrame(frame);
      if (typeof frame.type === 'string') this.emit(frame.type, frame);
      return;
    }
    switch (frame.type) {
      case 'session': return this.onSession(frame);
      case 'message': return this.onMessage(frame);
      case 'ack': return this.onAck(frame);
      case 'error': return this.onError(frame);
      case 'closed': return this.onClosed(frame);
      case 'interrupted': return this.onInterrupted(frame);
      case 'rated':
        this.settle('rate')?.answer.resolve(ratedOf(frame));
        return this.emit('rated', frame);
      case 'voice':
        this.settle('voice');
        return this.emit('voice', frame);
      case 'pong': return undefined;
      default:
        if (typeof frame.type === 'string') this.emit(frame.type, frame);
        return undefined;
    }
  }

  /** A socket without `start` is up once the node says anything (the agent console's `hello`). */
  onFirstFrame(frame) {
    this.established = true;
    this.attempt = 0;
    this.lastSession = frame;
    this.setState('open');
    this.settleWaiters(frame);
  }

  onSession(frame) {
    const switched = this.sessionId !== frame.sessionId;
    if (switched && this.bySeq.size > 0) this.forgetMessages('switched');
    this.sessionId = frame.sessionId;
    this.mode = frame.mode ?? null;
    this.established = true;
    this.resuming = false;
    this.attempt = 0;
    this.lastSession = frame;
    this.persist();
    this.scheduleTokenRefresh();
    this.emit('session', frame);
    this.setState('open');
    this.settleWaiters(frame);
    this.flush();
  }

  onMessage(frame) {
    if (typeof frame.seq !== 'number' || this.bySeq.has(frame.seq)) return; // a replay of one already seen
    const message = { ...frame };
    this.bySeq.set(frame.seq, message);
    if (this.lastSeq === null || frame.seq > this.lastSeq) {
      this.lastSeq = frame.seq;
      this.persist();
    }
    this.emit('message', message);
  }

  onInterrupted(frame) {
    const message = this.bySeq.get(frame.seq);
    if (message) {
      if (frame.text) Object.assign(message, { text: frame.text, interrupted: true });
      else this.bySeq.delete(frame.seq);
    }
    this.emit('interrupted', frame);
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

  onClosed(frame) {
    const reason = frame.reason ?? null;
    if (reason === 'node_shutdown' && !this.closing) {
      // Only the node goes away; the session lives on: resume at once, on whichever node answers.
      this.detach();
      this.attempt = 0;
      if (this.wanted) this.open();
      return;
    }
    const closing = this.closing;
    this.detach();
    if (reason === 'session_lost') {
      this.forgetSession('session_lost');
      if (this.wanted) this.openOrWait();
      return;
    }
    this.forgetSession();
    this.emit('closed', { reason });
    if (closing?.thenConnect && this.wanted) {
      closing.done();
      this.openOrWait();
      return;
    }
    closing?.done();
    this.wanted = false;
    clearTimeout(this.timers.token);
    this.setState('closed');
  }

  forgetMessages(reason) {
    this.bySeq.clear();
    this.emit('reset', { reason });
  }

  forgetSession(reason) {
    this.starting = false;
    this.sessionId = null;
    this.lastSeq = null;
    this.mode = null;
    this.lastSession = null;
    if (reason) this.forgetMessages(reason);
    else this.bySeq.clear();
    this.persist();
  }

  // -- frames out ----------------------------------------------------------------------------

  raw(frame) {
    if (this.socket?.readyState !== 1) return false;
    this.socket.send(JSON.stringify(frame));
    return true;
  }

  /**
   * Answers an `approval` frame of the session (a tool call that waits for the customer's
   * approval): `approved` true runs it, false refuses it, for `reason` if given. No answer on
   * success: the `approval` event follows with the decision, and a refusal (an approval the session
   * no longer waits for) is an `error` event naming `approve`. Returns whether it was sent.
   */
  approve(approvalId, approved, reason) {
    if (typeof approvalId !== 'string' || !approvalId) throw new TypeError('approve needs the approval frame\'s approvalId');
    if (typeof approved !== 'boolean') throw new TypeError('approved must be true or false');
    const frame = { type: 'approve', approvalId, approved };
    if (!approved && typeof reason === 'string' && reason.trim()) frame.reason = reason.trim();
    return this.established && !this.closing && this.raw(frame);
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

  async rateOverRest(rating, sessionId) {
    const response = await this.sessionRequest(sessionId, '/rating', { method: 'POST', body: JSON.stringify(rating) });
    const answer = await response.json().catch(() => null);
    if (response.ok) return ratedOf(answer ?? rating);
    const retryAfter = Number(response.headers.get('Retry-After'));
    throw new ParleyError({
      code: answer?.error?.code ?? 'internal',
      message: answer?.error?.message ?? `the node answered ${response.status}`,
      retryAfterMs: retryAfter > 0 ? retryAfter * 1000 : undefined,
    });
  }

  /**
   * The language the node decided for the session (a BCP 47 tag, docs/languages.md), from its view
   * (GET /v1/sessions/{id}); null while it has none, and when the node cannot tell.
   */
  async language(sessionId = this.sessionId) {
    if (!sessionId) return null;
    const response = await this.sessionRequest(sessionId, '', { method: 'GET' }).catch(() => null);
    const view = response?.ok ? await response.json().catch(() => null) : null;
    return typeof view?.language === 'string' ? view.language : null;
  }

  /** Uploads a file to the session (docs/attachments.md); resolves with its attachment, for send()'s `attachments`. */
  upload(file, options = {}) {
    return uploadAttachment(this, file, options);
  }

  /** A request about one session, with this client's credential (its token, else the publishable key or the sign-in cookie). */
  async sessionRequest(sessionId, path, init) {
    const { baseUrl, tenant, publishableKey } = this.options;
    const token = await this.credential();
    const url = nodeUrl(baseUrl, `/v1/sessions/${encodeURIComponent(sessionId)}${path}`,
      { tenant, key: token ? undefined : publishableKey }, false);
    const headers = { 'Content-Type': init.contentType ?? 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    // A staff member signed in on the node's own page: the sign-in cookie goes along, and a change its CSRF token.
    const { csrfToken } = this.options;
    if (token || !csrfToken) return this.fetch(url, { ...init, headers, credentials: 'omit' });
    if (init.method !== 'GET') headers['X-Csrf-Token'] = csrfToken;
    return this.fetch(url, { ...init, headers, credentials: 'same-origin' });
  }

  /** Any other client frame (voice, played, composing, the agent socket's frames); false when not connected. */
  sendFrame(frame) {
    if (!this.established && this.options.start) return false;
    const sent = this.raw(frame);
    if (sent && frame.type === 'voice' && frame.action === 'start') this.awaiting.push({ kind: 'voice' });
    return sent;
  }

  /** One binary frame (microphone audio while voice is on); false when not connected. */
  sendBinary(data) {
    if (!this.established || this.socket?.readyState !== 1) return false;
    this.socket.send(data);
    return true;
  }

  // -- ending --------------------------------------------------------------------------------

  /** Ends the session on the node (for every connection of it) and forgets it here. */
  close(reason) {
    return this.endSession(reason, false);
  }

  /** Closes the socket only; the stored session is resumed by the next connect(). */
  disconnect() {
    this.wanted = false;
    this.idle = false;
    clearTimeout(this.timers.reconnect);
    clearTimeout(this.timers.token);
    this.generation = (this.generation ?? 0) + 1;
    this.detach();
    this.setState('offline');
    this.settleWaiters(null, new ParleyError({ code: 'disconnected', message: 'disconnected' }));
  }

  /**
   * Forgets the stored session (and its outbox); the next session is a new one. A connected client
   * ends the old one on the node first and then starts the new one at once.
   */
  newConversation(reason = 'new conversation') {
    for (const [, acked] of this.pending) acked.reject(new ParleyError({ code: 'discarded', message: 'a new conversation started' }));
    this.pending.clear();
    this.queue = [];
    return this.endSession(reason, true);
  }

  async endSession(reason, thenConnect) {
    if (this.established && this.sessionId && this.raw(reason ? { type: 'close', reason } : { type: 'close' })) {
      await new Promise((done) => {
        this.closing = { thenConnect, done };
        // No answer in time (a node going away): the session idles out on its own.
        setTimeout(() => {
          if (this.closing?.done !== done) {
            done();
            return;
          }
          this.detach();
          this.forgetSession();
          done();
          if (thenConnect && this.wanted) this.openOrWait();
          else if (!thenConnect) {
            this.wanted = false;
            this.setState('closed');
          }
        }, CLOSE_WAIT_MS);
      });
      return;
    }
    // Not connected: the old session stays on the node until it idles out.
    const wasWanted = this.wanted;
    this.generation = (this.generation ?? 0) + 1;
    clearTimeout(this.timers.reconnect);
    this.detach();
    this.forgetSession();
    if (thenConnect && wasWanted) this.openOrWait();
    else if (!thenConnect) {
      this.wanted = false;
      this.setState('closed');
    }
  }

  /** Switches to another session of the same user (another tab started it): shown from its first message. */
  resumeSession(sessionId) {
    if (!sessionId || sessionId === this.sessionId) return;
    this.generation = (this.generation ?? 0) + 1;
    clearTimeout(this.timers.reconnect);
    this.detach();
    this.sessionId = sessionId;
    this.lastSeq = null;
    this.forgetMessages('switched');
    this.persist();
    this.wanted = true;
    this.idle = false; // a session to show: the socket opens now, not on the next message
    this.attempt = 0;
    this.open();
  }
}
