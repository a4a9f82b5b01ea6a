// The session's client of @parley/client (parley-client.js exports it with the rest of the library):
// a session started or resumed from the last seq seen, each message reported once, by seq, and the
// customer's messages kept until the node has stored them, across reconnects and page reloads. The
// widget imports this module without the others. ParleyClient is the session; it composes the
// objects that do the rest, each in its own module: its listeners (listeners.js), its socket
// (session-socket.js), the outbox of unacked messages (outbox.js), the transcript of stored
// messages (transcript.js), where they are kept across reloads (stored-session.js), and, loaded
// when first needed, the rating (session-rating.js) and the requests over REST (session-requests.js).

import { attachmentIds } from './attachments.js';
import { Listeners } from './listeners.js';
import { Outbox, RETRIED_CODES } from './outbox.js';
import { PING_INTERVAL_MS, ParleyError, SessionSocket } from './session-socket.js';
import { StoredSession } from './stored-session.js';
import { Transcript } from './transcript.js';

export { ParleyError, backoffDelayMs } from './session-socket.js';
export { newClientMsgId } from './outbox.js';
const CHAT_PATH = '/v1/chat/ws';
const CLOSE_WAIT_MS = 3000;

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
    this.storageKey = options.storageKey ?? `parley:${tenant ?? 'default'}`;
    this.stored = new StoredSession(options.storage, this.storageKey);
    this.listeners = new Listeners();
    this.state = 'offline';
    this.mode = null;
    this.socket = new SessionSocket({
      WebSocket,
      options: this.options,
      state: (state, extra) => this.setState(state, extra),
      opened: () => this.options.start && this.sendStart(),
      data: (data) => this.onData(data),
      dropped: () => this.drop(),
      failed: (failure) => this.fail(failure),
      emit: (type, payload) => this.emit(type, payload),
      needed: () => !this.options.startOnSend || Boolean(this.sessionId || this.unacked.size || this.starting),
    });
    this.restore();
  }

  on(type, fn) {
    return this.listeners.on(type, fn);
  }

  off(type, fn) {
    this.listeners.off(type, fn);
  }

  emit(type, payload) {
    this.listeners.emit(type, payload);
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

  /** Whether the session is there and not being ended: frames of it can go. */
  get live() {
    return this.socket.established && !this.closing;
  }

  /** Connects (or, while a reconnect waits, reconnects at once); resolves with the session frame. */
  connect() {
    return this.socket.connect(this.lastSession);
  }

  /** With `startOnSend`: starts the session now, without a message (the customer is about to speak). */
  startSession() {
    this.starting = true;
    this.socket.idle = false;
    return this.connect();
  }

  sendStart() {
    const { userId, channel, draft, language } = this.options;
    const start = { type: 'start' };
    if (this.sessionId) {
      start.sessionId = this.sessionId;
      if (this.lastSeq !== null) start.resumeAfter = this.lastSeq;
    } else if (draft) {
      // A test conversation on the tenant's draft configuration: for its admins only.
      start.draft = true;
    }
    // A new conversation's language (docs/languages.md).
    if (language && !this.sessionId) start.language = language;
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
      if (!closing.thenConnect) return this.ended(false);
    }
    return this.socket.lost();
  }

  detach() {
    this.socket.detach();
    this.closing = null;
    this.unacked.unsend();
  }

  /** A refusal no retry can mend (a forbidden start, a token a socket cannot carry). */
  fail(failure) {
    this.socket.stop();
    this.detach();
    this.emit('error', { code: failure.code, message: failure.message });
    this.setState('offline');
    this.socket.settleWaiters(null, failure);
  }

  /** The stored session, its last seq seen and its outbox (a reload finds them in storage). */
  restore() {
    const stored = this.stored.read();
    this.sessionId = this.options.resume && typeof stored?.sessionId === 'string' ? stored.sessionId : null;
    // A new client replays the whole conversation (its caller shows none of it yet), unless told not to.
    this.transcript = new Transcript(this.sessionId && !this.options.replay && typeof stored?.lastSeq === 'number' ? stored.lastSeq : null);
    this.unacked = new Outbox(stored?.outbox, () => this.flush());
  }

  persist() {
    if (this.options.start) this.stored.write({ sessionId: this.sessionId, lastSeq: this.lastSeq, outbox: this.outbox });
  }

  /** A user message: kept (in storage too) until acked, sent once, in order. */
  send(text, { attachments = [] } = {}) {
    if (typeof text !== 'string' || !text) throw new TypeError('send needs the message text');
    const sent = this.unacked.add(text, attachmentIds(attachments));
    this.persist();
    // The customer's first message starts the conversation.
    if (this.socket.idle) this.socket.openOrWait();
    this.flush();
    return sent;
  }

  /** The outbox's next message, while the session is up and not ending. */
  flush() {
    if (this.live && this.options.start) this.unacked.flush(this.socket);
  }

  /**
   * Answers an `approval` frame (a tool call waiting for the customer): true runs it, false refuses it, for
   * `reason` if given; a frame with a `form` is approved with its `answers` (an object of its fields' values).
   * The `approval` event follows with the decision; a refusal is an `error` naming `approve`.
   */
  approve(approvalId, approved, reason, answers) {
    if (typeof approvalId !== 'string' || !approvalId) throw new TypeError('approve needs the approval frame\'s approvalId');
    if (typeof approved !== 'boolean') throw new TypeError('approved must be true or false');
    const frame = { type: 'approve', approvalId, approved };
    if (!approved && typeof reason === 'string' && reason.trim()) frame.reason = reason.trim();
    if (approved && answers) frame.answers = answers;
    return this.live && this.socket.send(frame);
  }

  /** Any other client frame (voice, played, composing, the agent socket's frames); false when not connected. */
  sendFrame(frame) {
    if (!this.socket.established && this.options.start) return false;
    const sent = this.socket.send(frame);
    if (sent && frame.type === 'voice' && frame.action === 'start') this.socket.expect({ kind: 'voice' });
    return sent;
  }

  /** One binary frame (microphone audio while voice is on); false when not connected. */
  sendBinary(data) {
    return this.socket.established && this.socket.sendBinary(data);
  }

  onData(data) {
    if (typeof data !== 'string') return this.emit('audio', data);
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      // Not a frame of this protocol.
      return undefined;
    }
    // After close() or newConversation() only the `closed` answer matters; leftovers of the old session do not.
    if (!frame || typeof frame !== 'object' || (this.closing && frame.type !== 'closed')) return undefined;
    this.emit('frame', frame);
    // The agent console's socket: no session of its own, up with its first frame (`hello`), every frame to the caller as it is.
    if (!this.options.start && !this.socket.established) this.onSession(frame);
    switch (this.options.start && frame.type) {
      case 'session': return this.onSession(frame);
      case 'message': return this.onMessage(frame);
      case 'ack': return this.onAck(frame);
      case 'error': return this.onError(frame);
      case 'closed': return this.onClosed(frame);
      case 'interrupted':
        this.transcript.interrupt(frame);
        break;
      case 'rated':
        this.socket.settle('rate')?.answered(frame);
        break;
      case 'voice':
        this.socket.settle('voice');
        break;
      case 'pong': return undefined;
      default:
    }
    if (typeof frame.type === 'string') this.emit(frame.type, frame);
    return undefined;
  }

  /** The session is there: a new one, resumed, or another than the one stored (another tab's). */
  onSession(frame) {
    if (this.options.start) {
      if (this.sessionId !== frame.sessionId && this.transcript.size > 0) this.forgetMessages('switched');
      this.sessionId = frame.sessionId;
      this.mode = frame.mode ?? null;
      this.resuming = false;
      this.persist();
      this.socket.renewAhead();
    }
    this.socket.up();
    this.lastSession = frame;
    if (this.options.start) this.emit('session', frame);
    this.setState('open');
    this.socket.settleWaiters(frame);
    this.flush();
  }

  onMessage(frame) {
    const before = this.lastSeq;
    const message = this.transcript.add(frame);
    // A replay of one already seen.
    if (!message) return;
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
    if (!this.socket.established) return this.onStartRefused(error);
    if (typeof frame.refused === 'string' && typeof frame.clientMsgId !== 'string') error.refused = frame.refused;
    const refused = this.socket.refusedBy(frame);
    if (refused?.kind === 'user') return this.onUserRefused(refused.clientMsgId, error);
    // A refused frame whose sender waits for the answer (a rating) hears it; any other refusal is an `error` event.
    if (refused?.refused) return refused.refused(error);
    return this.emit('error', error);
  }

  onStartRefused(error) {
    if (error.code === 'not_found' && this.resuming) {
      // The stored session is gone (erased, expired, another cluster's): a new one starts, the outbox goes to it.
      this.sessionId = null;
      this.forgetMessages('not_found', true);
      this.persist();
      return this.sendStart();
    }
    if (error.code === 'bad_request' && this.resuming && this.lastSeq !== null) {
      // resumeAfter is past the session's end: what was seen belongs to another conversation. From 0.
      this.forgetMessages('resume_refused', true);
      return this.sendStart();
    }
    this.emit('error', error);
    if (!RETRIED_CODES.has(error.code)) return this.fail(new ParleyError(error));
    // The session is moving to another node, or too many new conversations: a new socket, later.
    this.socket.notBefore(error.retryAfterMs ?? 0);
    return this.drop();
  }

  onUserRefused(clientMsgId, error) {
    const outcome = this.unacked.refused(clientMsgId, error);
    this.emit('error', { ...error, clientMsgId, ...(outcome === 'retrying' ? { retrying: true } : {}) });
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
      if (this.socket.wanted) this.socket.open();
      return;
    }
    const closing = this.closing;
    this.detach();
    if (reason === 'session_lost') {
      this.forgetSession('session_lost');
      if (this.socket.wanted) this.socket.openOrWait();
      return;
    }
    this.forgetSession();
    this.emit('closed', { reason });
    const next = Boolean(closing?.thenConnect && this.socket.wanted);
    closing?.done();
    this.ended(next);
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

  /** Ends the session on the node (for every connection of it) and forgets it here. */
  close(reason) {
    return this.endSession(reason, false);
  }

  /** Closes the socket only; the stored session is resumed by the next connect(). */
  disconnect() {
    this.socket.stop();
    this.socket.idle = false;
    this.detach();
    this.setState('offline');
    this.socket.settleWaiters(null, new ParleyError({ code: 'disconnected', message: 'disconnected' }));
  }

  /** Forgets the stored session and its outbox; a connected client ends it on the node first, then starts a new one at once. */
  newConversation(reason = 'new conversation') {
    this.unacked.discard();
    return this.endSession(reason, true);
  }

  async endSession(reason, thenConnect) {
    if (this.socket.established && this.sessionId && this.socket.send(reason ? { type: 'close', reason } : { type: 'close' })) {
      await new Promise((done) => {
        this.closing = { thenConnect, done };
        // No answer in time (a node going away): the session idles out on its own.
        setTimeout(() => {
          if (this.closing?.done !== done) return done();
          this.detach();
          this.forgetSession();
          done();
          return this.ended(thenConnect);
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
    if (thenConnect && this.socket.wanted) this.socket.openOrWait();
    else if (!thenConnect) {
      this.socket.stop();
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
    this.socket.wanted = true;
    // A session to show: the socket opens now, not on the next message.
    this.socket.reopen();
  }

  /** Rates a conversation (1 to 5, a comment if any): session-rating.js, loaded with the first. */
  async rate(rating, sessionId = this.sessionId) {
    this.rating ??= import('./session-rating.js').then(({ SessionRating }) => new SessionRating({
      socketFor: (id) => (id === this.sessionId && this.live ? this.socket : null),
      requests: () => this.requests(),
    }));
    return (await this.rating).rate(rating, sessionId);
  }

  /** The client's requests over REST (session-requests.js, loaded with the first: most conversations make none). */
  requests() {
    this.rest ??= import('./session-requests.js').then(({ SessionRequests }) =>
      new SessionRequests({ options: this.options, fetch: this.fetch, credential: () => this.socket.credential() }));
    return this.rest;
  }

  /** The language the node decided for the session (a BCP 47 tag, docs/languages.md); null while it has none or the node cannot tell. */
  async language(sessionId = this.sessionId) {
    return (await this.requests()).language(sessionId);
  }

  /** Uploads a file to the session (docs/attachments.md); with `startOnSend`, one attached before any message starts the conversation. */
  async upload(file, { sessionId = this.sessionId, ...options } = {}) {
    if (!sessionId && this.options.startOnSend) sessionId = (await this.startSession())?.sessionId;
    return (await this.requests()).upload(sessionId, file, options);
  }

  /** A request about one session, with this client's credential (its token, else the publishable key or the sign-in cookie). */
  async sessionRequest(sessionId, path, init) {
    return (await this.requests()).request(sessionId, path, init);
  }
}
