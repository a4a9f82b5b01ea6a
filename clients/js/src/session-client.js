// The session's client of @parley/client (parley-client.js exports it with the rest of the
// library): the socket and its reconnects (jittered exponential backoff, an immediate one after
// `closed` node_shutdown), the session's resume from the last seq seen (each message is reported
// once, by seq), and an outbox of unacked messages that survives a page reload (in storage) and is
// resent in order, one frame at a time, after a reconnect. A page that loads parts of the library
// when first needed (the widget) imports this module without the others. ParleyClient is written
// in three modules: this one (its events, connecting, the frames it hears, the session's end),
// session-socket.js (the socket and what it carries) and session-requests.js (its requests over
// REST, loaded with the first: most conversations make none).

import { outboxEntry } from './attachments.js';
import { CHAT_PATH, PING_INTERVAL_MS, ParleyError, SessionSocket, deferred, ratedOf } from './session-socket.js';

export { ParleyError, backoffDelayMs, newClientMsgId, tokenExpiry } from './session-socket.js';
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

  // -- requests over REST (session-requests.js) ---------------------------------------------

  async rateOverRest(rating, sessionId) {
    return (await import('./session-requests.js')).rateOverRest(this, rating, sessionId);
  }

  /**
   * The language the node decided for the session (a BCP 47 tag, docs/languages.md), from its view
   * (GET /v1/sessions/{id}); null while it has none, and when the node cannot tell.
   */
  async language(sessionId = this.sessionId) {
    return (await import('./session-requests.js')).language(this, sessionId);
  }

  /** Uploads a file to the session (docs/attachments.md); resolves with its attachment, for send()'s `attachments`. */
  async upload(file, options = {}) {
    return (await import('./session-requests.js')).uploadAttachment(this, file, options);
  }

  /** A request about one session, with this client's credential (its token, else the publishable key or the sign-in cookie). */
  async sessionRequest(sessionId, path, init) {
    return (await import('./session-requests.js')).sessionRequest(this, sessionId, path, init);
  }
}

// What session-socket.js writes of ParleyClient, as its own methods.
for (const name of Object.getOwnPropertyNames(SessionSocket.prototype)) {
  if (name !== 'constructor') Object.defineProperty(ParleyClient.prototype, name, Object.getOwnPropertyDescriptor(SessionSocket.prototype, name));
}
