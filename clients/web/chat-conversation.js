// The chat page's conversation with the node: the client's events fed to the Conversation shown
// (and the replies to tap), the View asked to draw it; the connection's state said, the node's
// readiness watched while it is away, the outbox's retries, a new conversation, another tab's.

import { Conversation, ReplyOptions } from '/client/parley-client.js';
import { t } from './chat-texts.js';

const USER_CLOSE_REASON = 'user started a new conversation';
const READY_URL = '/health/ready';
const READY_POLL_MS = 1000;

export class Chat {
  /**
   * @param protocol a ParleyClient
   * @param store the session id this page shows, published to the other tabs (they follow it)
   */
  constructor({ protocol, store, view, tenant }) {
    this.protocol = protocol;
    this.tenant = tenant;
    this.store = store;
    this.conversation = new Conversation(); // the one shown; another object once it is left for a new one
    this.replies = new ReplyOptions(); // what the newest bot message offers to tap
    this.view = view;
    this.everOnline = false;
    this.watchingReadiness = false;
    this.closingByUser = null; // the conversation our "New conversation" left: its `closed` is expected
    for (const entry of protocol.outbox) this.conversation.addPending(entry.clientMsgId, entry.text);
    const on = (type, fn) => protocol.on(type, (event) => {
      fn(event);
      this.view.schedule(this.conversation);
      this.view.replyBar.render(this.replies.current(this.conversation.sessionId));
    });
    on('state', (event) => this.onState(event));
    on('session', (frame) => this.onSession(frame));
    on('message', (frame) => {
      this.replies.applyMessage(frame);
      const { item, fresh, live } = this.conversation.applyMessage(frame);
      if (item && fresh && live && item.role !== 'user') this.view.announce(item);
    });
    on('ack', (ack) => this.conversation.applyAck(ack));
    on('typing', (frame) => this.conversation.applyTyping(frame));
    on('delta', (frame) => this.conversation.applyDelta(frame));
    on('tool', (frame) => this.conversation.applyTool(frame));
    on('interrupted', (frame) => this.conversation.applyInterrupted(frame));
    on('rated', (frame) => this.conversation.applyRated(frame)); // another tab's: this one does not ask again
    on('error', (error) => this.onError(error));
    on('closed', (event) => this.onClosed(event));
    on('reset', (event) => this.onReset(event));
    for (const type of ['voice', 'transcript', 'speaking']) protocol.on(type, (frame) => this.voice?.onFrame(frame));
    protocol.on('audio', (data) => this.voice?.onAudio(data)); // binary frames are the bot's voice
    // The notices that come with a handoff say who answers now; the place in the queue is shown apart.
    protocol.on('handoff', (frame) => this.onHandoff?.(this.conversation.applyHandoff(frame)));
    protocol.on('queue', (frame) => this.onHandoff?.(this.conversation.applyQueue(frame)));
    protocol.on('composing', (frame) => this.onComposing?.(frame));
  }

  get sessionId() {
    return this.protocol.sessionId;
  }

  get established() {
    return this.protocol.state === 'open';
  }

  connect() {
    this.protocol.connect().catch(() => { /* reported as an error event */ });
  }

  send(frame) {
    return this.protocol.sendFrame(frame);
  }

  /** One binary frame: microphone audio while voice is on. */
  sendAudio(buffer) {
    this.protocol.sendBinary(buffer);
  }

  onState({ state, retryInMs }) {
    this.conversation.setConnected(state === 'open');
    if (state === 'idle') {
      this.askNode();
      return;
    }
    if (state === 'open') {
      this.everOnline = true;
      this.view.setStatus('online', t('online'));
      this.view.setReconnecting(false);
      this.view.dismiss('connection');
      return;
    }
    this.voice?.connectionLost();
    this.conversation.connectionLost();
    if (state === 'closed') {
      this.view.setStatus('offline', t('ended'));
      this.view.setReconnecting(false);
      return;
    }
    this.view.setStatus(this.everOnline ? 'reconnecting' : 'connecting', t(this.everOnline ? 'reconnecting' : 'connecting'));
    if (state === 'offline' && retryInMs !== undefined) {
      this.view.setReconnecting(true);
      this.watchReadiness();
    }
  }

  /**
   * No session yet: the page opens none until the customer writes or speaks, so a visit is no
   * conversation. Meanwhile the node's public widget settings say whether it answers, and speaks.
   */
  async askNode() {
    const query = this.tenant ? `?tenant=${encodeURIComponent(this.tenant)}` : '';
    const settings = await fetch(`/v1/widget/config${query}`).then((r) => (r.ok ? r.json() : null), () => null);
    if (this.protocol.state !== 'idle') return; // the customer wrote meanwhile: the socket says the rest
    if (!settings) {
      this.view.setStatus('offline', t('unreachable'));
      return;
    }
    this.view.setStatus('online', t('online'));
    this.voice?.setAvailable(settings.voice === true);
  }

  /** The customer is about to speak: speaking starts the conversation, as writing does. */
  async startSession() {
    if (this.protocol.state === 'idle') await this.protocol.startSession().catch(() => { /* reported as an error event */ });
  }

  onSession(frame) {
    // Only a session this page started is published to the other tabs: writing back one it merely
    // resumed could undo another tab's "New conversation" that this page has not heard of yet.
    if (!frame.resumed) this.store.set(frame.sessionId);
    this.conversation.applySession(frame);
    this.replies.applySession(frame);
    this.view.setOffline(frame.mode === 'offline');
    this.voice?.setAvailable(frame.voice === true);
  }

  onReset({ reason }) {
    this.conversation.resetHistory();
    if (reason === 'not_found') {
      this.view.notify('session', 'Your previous conversation is no longer available, so a new one was started.', 'info');
    }
  }

  onError({ code, message, retryAfterMs, clientMsgId, retrying, refused }) {
    if (refused === 'contact') return; // said next to the email field
    const text = message || t('error');
    if (code === 'unavailable' && !this.established) {
      // The session did not answer our start (its node died and the cluster is still moving it).
      this.view.notify('connection', 'The conversation is moving to another server. Reconnecting…', 'info');
      return;
    }
    if (clientMsgId && !retrying) this.conversation.fail(clientMsgId);
    if (code === 'unavailable' || code === 'internal' || code === 'budget_exceeded') this.conversation.abandonTurns();
    if (code === 'rate_limited' && typeof retryAfterMs === 'number') {
      const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
      this.view.notify(`error:${code}`, `${text} ${retrying ? 'Sending it' : 'Try again'} in ${seconds} s.`);
      return;
    }
    if (retrying) return; // the client sends it again by itself
    this.view.notify(`error:${code}`, text);
  }

  /**
   * The session ended. Ours ("New conversation") or another tab's (which publishes its new session
   * for this one to follow) need no word; one ended elsewhere (an agent closed it) is said, and
   * writing again starts a new one.
   */
  onClosed({ reason }) {
    const closed = this.closingByUser ?? this.conversation;
    closed.applyClosed({ reason });
    // The tab that closed it, or any tab when it ended elsewhere, asks for a rating: not every tab at once.
    if (this.closingByUser || reason !== USER_CLOSE_REASON) this.onConversationClosed?.(closed);
    if (this.closingByUser || reason === USER_CLOSE_REASON) return;
    this.view.notify('connection', `This conversation was closed${reason ? ` (${reason})` : ''}. Writing again starts a new one.`, 'info');
  }

  /**
   * "New conversation": the page empties at once; the old session is ended on the server with
   * `close`, then a new one starts. What the user types meanwhile is queued for the new session.
   */
  newConversation() {
    this.store.clear();
    const left = this.conversation;
    this.conversation = new Conversation();
    this.view.files?.clear();
    this.view.clearNotices();
    this.view.schedule(this.conversation);
    this.closingByUser = left;
    this.protocol.newConversation(USER_CLOSE_REASON).finally(() => { this.closingByUser = null; });
    if (this.protocol.state === 'closed') this.connect();
  }

  /**
   * Another tab switched to another conversation (it published a new session id): show that one
   * too, from its first message. A cleared id is not followed: the other tab publishes its new
   * session as soon as it has one, and starting a session of our own meanwhile would race it.
   */
  follow(sessionId) {
    if (!sessionId || sessionId === this.protocol.sessionId) return;
    this.conversation.resetHistory();
    this.view.clearNotices();
    this.view.schedule(this.conversation);
    this.protocol.resumeSession(sessionId);
  }

  /**
   * The backoff spares a node that is up from a stampede of retries, but after a crash it kept
   * the page away for seconds past the node's return. So while a reconnect waits, the page asks
   * the node's readiness about once a second (a refused connection costs nothing), and reconnects
   * the moment a node that was down or not ready answers ready. A node that was ready all along
   * (the socket failed for some other reason) does not shorten the backoff.
   */
  async watchReadiness() {
    if (this.watchingReadiness) return;
    this.watchingReadiness = true;
    let wasDown = false;
    try {
      while (this.protocol.state === 'offline') {
        const ready = await fetch(READY_URL, { cache: 'no-store' }).then((r) => r.ok, () => false);
        if (this.protocol.state !== 'offline') break; // reconnecting meanwhile
        if (ready && wasDown) {
          this.connect();
          break;
        }
        wasDown ||= !ready;
        await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS * (0.75 + Math.random() / 2)));
      }
    } finally {
      this.watchingReadiness = false;
    }
  }

  /** The network came back or the tab became visible: do not wait out the backoff. */
  nudge() {
    if (this.protocol.state === 'offline') this.connect();
  }

  /** "Retry now": a new socket at once. */
  retryNow() {
    if (!this.established && this.protocol.state !== 'closed') this.connect();
  }

  sendUser(text, attachments = []) {
    if (this.protocol.state === 'closed') {
      // The session was ended elsewhere: writing again starts a new one.
      this.conversation = new Conversation();
      this.view.clearNotices();
      this.connect();
    }
    const { clientMsgId } = this.protocol.send(text, { attachments });
    if (this.replies.customerWrote()) this.view.replyBar.render(null);
    this.conversation.addPending(clientMsgId, text, { state: this.established ? 'sent' : 'queued', attachments });
    this.view.schedule(this.conversation, { stickToBottom: true });
  }

  outboxAction(action, clientMsgId) {
    if (action === 'retry') {
      const text = this.conversation.takeFailed(clientMsgId);
      if (text !== null) this.sendUser(text);
    } else if (action === 'discard') {
      this.conversation.discard(clientMsgId);
    }
    this.view.schedule(this.conversation);
  }
}
