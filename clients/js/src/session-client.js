// The session's client of @parley/client (parley-client.js exports it with the rest of the
// library): a session started or resumed from the last seq seen, each message reported once, by
// seq, and the customer's messages kept until the node has stored them, across reconnects and page
// reloads. A page that loads parts of the library when first needed (the widget) imports this
// module without the others. ParleyClient is the session and its events; it composes the objects
// that do the rest, each in its own module: its socket (session-socket.js, with reconnects and
// keep-alive), the outbox of unacked messages (outbox.js), the transcript of stored messages
// (transcript.js), and, loaded when first needed, its token (session-token.js, a token provider
// only), its requests over REST (session-requests.js) and the rating (session-rating.js).

import { attachmentIds, outboxEntry } from './attachments.js';
import { Outbox, RETRIED_CODES } from './outbox.js';
import { PING_INTERVAL_MS, ParleyError, SessionSocket, deferred, nodeUrl } from './session-socket.js';
import { Transcript } from './transcript.js';

export { ParleyError, backoffDelayMs } from './session-socket.js';
export { newClientMsgId } from './outbox.js';
const CHAT_PATH = '/v1/chat/ws';
const CLOSE_WAIT_MS = 3000;

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

export class ParleyClient {
  constructor(options = {}) {
    const { baseUrl = globalThis.location?.origin, tenant, publishableKey, token, tokenProvider } = options;
    if (!baseUrl) throw new TypeError('ParleyClient needs a baseUrl (the node\'s origin)');
    this.options = {
      path: CHAT_PATH, resume: true, replay: true, start: true, query: {}, backoff: {}, pingIntervalMs: PING_INTERVAL_MS,
      ...options, baseUrl, tenant, publishableKey, token, tokenProvider,
    };
    const WebSocket = options.WebSocket ?? globalThis.WebSocket;
    if (typeof WebSocket !== 'function') {
      throw new TypeError('no WebSocket: pass one as the WebSocket option (Node.js 20: or run with --experimental-websocket)');
    }
    this.fetch = options.fetch ?? ((...request) => globalThis.fetch(...request));
    this.storage = options.storage ?? defaultStorage();
    this.storageKey = options.storageKey ?? `parley:${tenant ?? 'default'}`;
    this.listeners = new Map();
    this.state = 'offline';
    this.mode = null;
    this.established = false;
    this.wanted = false;       // the caller wants to be connected: reconnect when the socket goes
    this.waiters = [];         // connect() promises
    this.socket = new SessionSocket({
      WebSocket,
      pingIntervalMs: this.options.pingIntervalMs,
      backoff: this.options.backoff,
      credential: (refused) => this.credential(refused),
      url: (withToken) => nodeUrl(baseUrl, this.options.path,
        { ...this.options.query, tenant, key: withToken ? undefined : publishableKey }, true),
      state: (state, extra) => this.setState(state, extra),
      opened: () => this.onOpened(),
      data: (data) => this.onData(data),
      dropped: () => this.drop(),
      failed: (failure) => this.fail(failure),
    });
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

  /** Messages of the session seen so far, by seq. */
  get messages() {
    return this.transcript.messages;
  }

  get lastSeq() {
    return this.transcript.lastSeq;
  }

  /** Unacked messages, in send order. */
  get outbox() {
    return this.unacked.entries;
  }

  // -- connecting ----------------------------------------------------------------------------

  /** Connects (or, while a reconnect waits, reconnects at once); resolves with the session frame. */
  connect() {
    const waiter = deferred();
    this.waiters.push(waiter);
    this.wanted = true;
    if (this.established && this.lastSession) this.settleWaiters(this.lastSession);
    else if (this.idle) this.settleWaiters(null);
    else if (!this.socket.active) {
      this.socket.resetBackoff();
      this.socket.notBefore(0);
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
    if (!this.options.startOnSend || this.sessionId || this.unacked.size || this.starting) {
      this.idle = false;
      this.socket.open();
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

  /** The token to open a socket or send a request with (null: none, the publishable key or the sign-in cookie). */
  async credential(refused = !this.socket.opened) {
    if (!this.options.tokenProvider) return this.options.token ?? null;
    this.sessionToken ??= import('./session-token.js').then(({ SessionToken }) => new SessionToken({
      provider: this.options.tokenProvider,
      token: this.options.token,
      wanted: () => this.wanted,
      renewed: (expiry) => this.emit('token', expiry),
      failed: (error) => this.emit('error', error),
    }));
    return (await this.sessionToken).current(refused);
  }

  onOpened() {
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
    this.socket.send(start);
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
        this.stop();
        this.setState('closed');
        return;
      }
    }
    if (this.wanted) this.socket.reconnect();
    else this.setState('offline');
  }

  /** Closes the socket; what it carried goes again on the next (a rating waiting for its answer, over REST). */
  detach() {
    for (const reply of this.socket.close()) reply.lost?.();
    this.established = false;
    this.closing = null;
    this.unacked.unsend();
    clearTimeout(this.flushTimer);
  }

  /** The caller no longer wants to be connected: no reconnect, no token renewed ahead of time. */
  stop() {
    this.wanted = false;
    this.socket.cancel();
    this.sessionToken?.then((token) => token.stop());
  }

  /** A refusal no retry can mend (a forbidden start, a token a socket cannot carry). */
  fail(failure) {
    this.stop();
    this.detach();
    this.emit('error', { code: failure.code, message: failure.message });
    this.setState('offline');
    this.settleWaiters(null, failure);
  }

  // -- stored state --------------------------------------------------------------------------

  /** The stored session, its last seq seen and its outbox (a reload finds them in storage). */
  restore() {
    let stored = null;
    try {
      stored = JSON.parse(this.storage.getItem(this.storageKey) ?? 'null');
    } catch {
      stored = null; // unreadable: start clean
    }
    this.sessionId = this.options.resume && typeof stored?.sessionId === 'string' ? stored.sessionId : null;
    // A new client replays the whole conversation (its caller shows none of it yet), unless told not to.
    this.transcript = new Transcript(this.sessionId && !this.options.replay && typeof stored?.lastSeq === 'number' ? stored.lastSeq : null);
    this.unacked = new Outbox(stored?.outbox);
  }

  persist() {
    if (!this.options.start) return;
    const value = { sessionId: this.sessionId, lastSeq: this.lastSeq, outbox: this.outbox };
    try {
      if (!value.sessionId && value.outbox.length === 0) this.storage.removeItem(this.storageKey);
      else this.storage.setItem(this.storageKey, JSON.stringify(value));
    } catch {
      // storage full or gone: the outbox still lives in memory
    }
  }

  // -- messages out --------------------------------------------------------------------------

  /** A user message: kept (in storage too) until acked, sent once, in order. */
  send(text, { attachments = [] } = {}) {
    if (typeof text !== 'string' || !text) throw new TypeError('send needs the message text');
    const sent = this.unacked.add(text, attachmentIds(attachments));
    this.persist();
    if (this.idle) this.openOrWait(); // the customer's first message starts the conversation
    this.flush();
    return sent;
  }

  /**
   * Sends the head of the outbox when nothing is in flight: one `user` frame at a time keeps the
   * order through refusals and retries (the node handles them one at a time anyway).
   */
  flush() {
    if (!this.established || this.closing || !this.options.start || this.socket.expecting('user')) return;
    const wait = this.unacked.heldMs();
    if (wait > 0) {
      clearTimeout(this.flushTimer);
      this.flushTimer = setTimeout(() => this.flush(), wait);
      return;
    }
    const entry = this.unacked.next();
    if (entry && this.socket.send({ type: 'user', ...outboxEntry(entry) })) {
      this.unacked.sent(entry);
      this.socket.expect({ kind: 'user', clientMsgId: entry.clientMsgId });
    }
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
    return this.established && !this.closing && this.socket.send(frame);
  }

  /** Any other client frame (voice, played, composing, the agent socket's frames); false when not connected. */
  sendFrame(frame) {
    if (!this.established && this.options.start) return false;
    const sent = this.socket.send(frame);
    if (sent && frame.type === 'voice' && frame.action === 'start') this.socket.expect({ kind: 'voice' });
    return sent;
  }

  /** One binary frame (microphone audio while voice is on); false when not connected. */
  sendBinary(data) {
    return this.established && this.socket.sendBinary(data);
  }

  // -- frames in -----------------------------------------------------------------------------

  onData(data) {
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
      case 'interrupted':
        this.transcript.interrupt(frame);
        return this.emit('interrupted', frame);
      case 'rated':
        this.socket.settle('rate')?.answered(frame);
        return this.emit('rated', frame);
      case 'voice':
        this.socket.settle('voice');
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
    this.socket.resetBackoff();
    this.lastSession = frame;
    this.setState('open');
    this.settleWaiters(frame);
  }

  onSession(frame) {
    const switched = this.sessionId !== frame.sessionId;
    if (switched && this.transcript.size > 0) this.forgetMessages('switched');
    this.sessionId = frame.sessionId;
    this.mode = frame.mode ?? null;
    this.established = true;
    this.resuming = false;
    this.socket.resetBackoff();
    this.lastSession = frame;
    this.persist();
    this.sessionToken?.then((token) => token.renewAhead());
    this.emit('session', frame);
    this.setState('open');
    this.settleWaiters(frame);
    this.flush();
  }

  onMessage(frame) {
    const before = this.lastSeq;
    const message = this.transcript.add(frame);
    if (!message) return; // a replay of one already seen
    if (this.lastSeq !== before) this.persist();
    this.emit('message', message);
  }

  onAck(frame) {
    this.socket.settle('user', frame.clientMsgId);
    if (this.unacked.acked(frame)) this.persist();
    this.emit('ack', { clientMsgId: frame.clientMsgId, seq: frame.seq, turnId: frame.turnId });
    this.flush();
  }

  onError(frame) {
    const error = { code: String(frame.code ?? 'internal'), message: String(frame.message ?? '') };
    if (typeof frame.retryAfterMs === 'number') error.retryAfterMs = frame.retryAfterMs;
    if (this.options.start && !this.established) return this.onStartRefused(error);
    // A node names the frame it refuses: a message by its clientMsgId, any other frame by its type.
    if (typeof frame.clientMsgId === 'string') {
      this.socket.settle('user', frame.clientMsgId);
      return this.onUserRefused(frame.clientMsgId, error);
    }
    if (typeof frame.refused === 'string') {
      error.refused = frame.refused;
      return this.onRefused(['rate', 'voice'].includes(frame.refused) ? this.socket.settle(frame.refused) : undefined, error);
    }
    // An older node names nothing: it answers a socket's frames in order, one at a time, so an
    // error is the reply to the oldest frame still waiting for one (a `user`, a `rate` or a voice `start`).
    const refused = this.socket.oldest();
    if (refused?.kind === 'user') return this.onUserRefused(refused.clientMsgId, error);
    return this.onRefused(refused, error);
  }

  /** A refused frame whose sender waits for the answer (a rating) hears it; any other refusal is an `error` event. */
  onRefused(waiting, error) {
    if (waiting?.refused) waiting.refused(error);
    else this.emit('error', error);
  }

  onStartRefused(error) {
    if (error.code === 'not_found' && this.resuming) {
      // The stored session is gone (erased, expired, another cluster's): a new one starts, the outbox goes to it.
      this.sessionId = null;
      this.forgetMessages('not_found', true);
      this.persist();
      this.sendStart();
      return;
    }
    if (error.code === 'bad_request' && this.resuming && this.lastSeq !== null) {
      // resumeAfter is past the session's end: what was seen belongs to another conversation. From 0.
      this.forgetMessages('resume_refused', true);
      this.sendStart();
      return;
    }
    this.emit('error', error);
    if (RETRIED_CODES.has(error.code)) {
      // The session is moving to another node, or too many new conversations: a new socket, later.
      this.socket.notBefore(error.retryAfterMs ?? 0);
      this.drop();
      return;
    }
    this.fail(new ParleyError(error));
  }

  onUserRefused(clientMsgId, error) {
    const outcome = this.unacked.refused(clientMsgId, error);
    if (outcome === 'retrying') {
      this.emit('error', { ...error, clientMsgId, retrying: true });
      clearTimeout(this.flushTimer);
      this.flushTimer = setTimeout(() => this.flush(), this.unacked.heldMs());
      return;
    }
    this.emit('error', { ...error, clientMsgId });
    if (outcome === 'dropped') {
      this.persist();
      this.flush();
    }
  }

  onClosed(frame) {
    const reason = frame.reason ?? null;
    if (reason === 'node_shutdown' && !this.closing) {
      // Only the node goes away; the session lives on: resume at once, on whichever node answers.
      this.detach();
      this.socket.resetBackoff();
      if (this.wanted) this.socket.open();
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
    this.stop();
    this.setState('closed');
  }

  /** The messages reported so far are void (`reset`); `fromStart`: the next start replays the session from its first. */
  forgetMessages(reason, fromStart) {
    this.transcript.clear(fromStart);
    this.emit('reset', { reason });
  }

  forgetSession(reason) {
    this.starting = false;
    this.sessionId = null;
    this.mode = null;
    this.lastSession = null;
    if (reason) this.forgetMessages(reason, true);
    else this.transcript.clear(true);
    this.persist();
  }

  // -- ending --------------------------------------------------------------------------------

  /** Ends the session on the node (for every connection of it) and forgets it here. */
  close(reason) {
    return this.endSession(reason, false);
  }

  /** Closes the socket only; the stored session is resumed by the next connect(). */
  disconnect() {
    this.stop();
    this.idle = false;
    this.detach();
    this.setState('offline');
    this.settleWaiters(null, new ParleyError({ code: 'disconnected', message: 'disconnected' }));
  }

  /**
   * Forgets the stored session (and its outbox); the next session is a new one. A connected client
   * ends the old one on the node first and then starts the new one at once.
   */
  newConversation(reason = 'new conversation') {
    this.unacked.discard();
    return this.endSession(reason, true);
  }

  async endSession(reason, thenConnect) {
    if (this.established && this.sessionId && this.socket.send(reason ? { type: 'close', reason } : { type: 'close' })) {
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
          this.ended(thenConnect);
        }, CLOSE_WAIT_MS);
      });
      return;
    }
    // Not connected: the old session stays on the node until it idles out.
    this.socket.cancel();
    this.detach();
    this.forgetSession();
    this.ended(thenConnect);
  }

  /** The session is over here: the next one starts (when wanted), or the client is `closed`. */
  ended(thenConnect) {
    if (thenConnect && this.wanted) this.openOrWait();
    else if (!thenConnect) {
      this.stop();
      this.setState('closed');
    }
  }

  /** Switches to another session of the same user (another tab started it): shown from its first message. */
  resumeSession(sessionId) {
    if (!sessionId || sessionId === this.sessionId) return;
    this.socket.cancel();
    this.detach();
    this.sessionId = sessionId;
    this.forgetMessages('switched', true);
    this.persist();
    this.wanted = true;
    this.idle = false; // a session to show: the socket opens now, not on the next message
    this.socket.resetBackoff();
    this.socket.open();
  }

  // -- the rating and requests over REST, loaded with the first --------------------------------

  /**
   * Rates a conversation (1 to 5, a comment if any): the session this client is in over the socket,
   * another (a closed one) or while not connected over REST (session-rating.js).
   */
  async rate(rating, sessionId = this.sessionId) {
    this.rating ??= import('./session-rating.js').then(({ SessionRating }) => new SessionRating({
      socketFor: (id) => (id === this.sessionId && this.established && !this.closing ? this.socket : null),
      requests: () => this.requests(),
    }));
    return (await this.rating).rate(rating, sessionId);
  }

  /** The client's requests over REST (session-requests.js), with its credential. */
  requests() {
    this.rest ??= import('./session-requests.js').then(({ SessionRequests }) =>
      new SessionRequests({ options: this.options, fetch: this.fetch, credential: () => this.credential() }));
    return this.rest;
  }

  /**
   * The language the node decided for the session (a BCP 47 tag, docs/languages.md), from its view
   * (GET /v1/sessions/{id}); null while it has none, and when the node cannot tell.
   */
  async language(sessionId = this.sessionId) {
    return (await this.requests()).language(sessionId);
  }

  /**
   * Uploads a file to the session (docs/attachments.md); resolves with its attachment, for send()'s
   * `attachments`. With `startOnSend`, a file attached before any message starts the conversation.
   */
  async upload(file, { sessionId = this.sessionId, ...options } = {}) {
    if (!sessionId && this.options.startOnSend) sessionId = (await this.startSession())?.sessionId;
    return (await this.requests()).upload(sessionId, file, options);
  }

  /** A request about one session, with this client's credential (its token, else the publishable key or the sign-in cookie). */
  async sessionRequest(sessionId, path, init) {
    return (await this.requests()).request(sessionId, path, init);
  }
}
