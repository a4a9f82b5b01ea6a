// What the widget's panel (widget-panel.js) says to the node and hears from it: the client connected
// with the page's credential, the conversation's frames into its model, the customer's messages and
// context, a new conversation, another tab's. The panel composes it and tells it, with the `view`
// it gives, how to show what happens; this module touches no element of the panel.

const COMPOSING_SHOWN_MS = 4000;
const COMPOSING_EVERY_MS = 3000;

export class WidgetConversation {
  /**
   * `page` (widget.js: its setup, emit, load, context), `library` (@parley/client), `appearance`
   * (the tenant's greeting replies), `credential`, `parts` (the panel's `replies`, `approvals`,
   * `contact` and `files`, loaded when first used), and `view`, what the panel shows: `t(key,
   * values)`, `render()`, `renderTyping()`, `started()` (a new conversation), `connection(state,
   * retryInMs)`, `session(frame)`, `language(tag)` (the node decided it), `unseen()` (news for the
   * customer), `ended(conversation)` (to rate) and `hear(type, frame)` (voice's frames and audio).
   */
  constructor({ page, library, appearance, credential, parts, view }) {
    Object.assign(this, { page, library, appearance, credential, view }, parts);
    this.client = null;
    this.unsubscribe = [];
    this.conversation = new library.Conversation();
    this.lastComposing = 0;
    this.composing = { until: 0, author: null };
    window.addEventListener('storage', (event) => this.onStorage(event));
  }

  /** Connects with the publishable key (an admin's credential for a draft), or as the user a token names. */
  async connect(credential = this.credential, storageKey = 'parley:' + this.page.setup.tenant) {
    for (const off of this.unsubscribe.splice(0)) off();
    this.client?.disconnect();
    // A page that loads the widget starts no conversation: the customer's first message does.
    this.client = new this.library.ParleyClient({ baseUrl: this.page.setup.origin, tenant: this.page.setup.tenant, storageKey, startOnSend: true,
      language: this.page.setup.language, ...credential });
    this.startConversation();
    for (const { clientMsgId, text } of this.client.outbox) this.conversation.addPending(clientMsgId, text);
    const listen = (type, fn) => this.unsubscribe.push(this.client.on(type, fn));
    // The conversation's frames go into its model, and the panel shows what it holds then.
    const on = (type, fn) => listen(type, (event) => {
      fn(event);
      this.view.render();
    });
    on('state', (state) => this.onState(state));
    on('session', (frame) => this.onSession(frame));
    on('message', (frame) => this.onMessage(frame));
    on('ack', (ack) => this.conversation.applyAck(ack));
    on('typing', (frame) => this.conversation.applyTyping(frame));
    on('delta', (frame) => this.conversation.applyDelta(frame));
    on('interrupted', (frame) => this.conversation.applyInterrupted(frame));
    on('composing', (frame) => this.onComposing(frame));
    on('handoff', (frame) => this.conversation.applyHandoff(frame));
    on('queue', (frame) => this.conversation.applyQueue(frame));
    on('rated', (frame) => this.conversation.applyRated(frame));
    listen('language', (frame) => this.view.language(frame.language));
    on('error', (error) => this.onError(error));
    on('closed', (frame) => this.onClosed(frame));
    on('reset', () => (this.conversation.resetHistory(), this.replies.use((r) => r.options.reset())));
    on('attachments', (frame) => this.files.shown(() => this.conversation.applyAttachments(frame)));
    listen('approval', (frame) => this.approvals.use((cards) => cards.show(this.client, frame), frame.status === 'pending'));
    listen('agentApproval', (frame) => this.approvals.use((cards) => cards.showWaiting(frame), frame.status === 'pending'));
    for (const type of ['reset', 'closed']) listen(type, () => this.approvals.use((cards) => cards.clear()));
    // A notice (nobody could answer) may ask for the customer's contact; once loaded, its prompt follows the client itself.
    if (this.contact.part) this.follow(this.contact.part);
    listen('message', (frame) => this.contact.part || this.contact.use((prompt) => prompt.onMessage(frame), /^notice-/.test(frame.turnId ?? '')));
    for (const type of ['voice', 'transcript', 'speaking', 'audio']) listen(type, (frame) => this.view.hear(type, frame));
    for (const type of ['message', 'handoff', 'queue']) listen(type, (frame) => this.page.emit(type, frame));
    listen('state', (state) => this.page.emit('state', state));
    await this.client.connect().catch(() => { /* offline: the client retries and says so through "state" */ });
  }

  /** Parley.identify() (widget-identity.js, loaded with the first call: most sites sign nobody in). */
  async identify(tokenOrProvider) {
    this.plainToken = null;
    this.identity = await this.page.load('widget-identity.js');
    await this.identity.identify(this, tokenOrProvider);
  }

  /** A part of the panel that follows the client itself (the contact prompt), while it is this client. */
  follow(part) {
    this.unsubscribe.push(part.follow(this.client));
  }

  /** Shown at once; the client keeps it until the node stored it, across reconnects and reloads. */
  send(text, attachments = []) {
    if (this.client.state === 'closed') {
      // The conversation ended: writing starts the next one, and the ended one stays to be rated.
      this.startConversation();
      this.client.connect().catch(() => {});
    }
    const { clientMsgId } = this.client.send(text, { attachments });
    this.replies.use((r) => r.options.customerWrote());
    this.conversation.addPending(clientMsgId, text, { state: this.client.state === 'open' ? 'sent' : 'queued', attachments });
    this.view.render();
  }

  /**
   * The page's context with the browser's language (navigator.language) when the page gave none
   * and has room for it: the node records the conversation's language from it (docs/analytics.md).
   */
  sendContext() {
    if (this.client?.state !== 'open') return;
    const data = { ...(this.page.context() ?? {}) };
    if (data.language === undefined && navigator.language && Object.keys(data).length < 20) {
      data.language = navigator.language;
    }
    if (Object.keys(data).length) this.client.sendFrame({ type: 'context', data });
  }

  sendComposing() {
    const now = Date.now();
    if (now - this.lastComposing < COMPOSING_EVERY_MS || this.client?.state !== 'open') return;
    this.lastComposing = now;
    this.client.sendFrame({ type: 'composing' });
  }

  onState({ state, retryInMs }) {
    if (state === 'open') this.conversation.setConnected(true);
    else this.conversation.connectionLost();
    // A token given to Parley.identify() that expired is the page's to fix (widget-identity.js said so), not a wait.
    this.view.connection(state, state === 'offline' && this.plainTokenExpired() ? undefined : retryInMs);
    // after each (re)connect: the node keeps it per session
    if (state === 'open') this.sendContext();
  }

  onSession(frame) {
    this.conversation.applySession(frame);
    this.view.session(frame);
  }

  onMessage(frame) {
    this.replies.use((r) => r.options.applyMessage(frame), frame.options?.length > 0);
    const { item, fresh, live } = this.conversation.applyMessage(frame);
    if (!item) return;
    if (item.role === 'agent') this.composing.until = 0;
    if (fresh && live && item.role !== 'user' && item.source !== 'greeting') this.view.unseen();
  }

  onComposing(frame) {
    this.composing = { until: Date.now() + COMPOSING_SHOWN_MS, author: frame.author ?? this.view.t('anAgent') };
    clearTimeout(this.composingTimer);
    this.composingTimer = setTimeout(() => this.view.renderTyping(), COMPOSING_SHOWN_MS);
  }

  /** Whether the token given to Parley.identify(), one without a provider, expired (widget-identity.js). */
  plainTokenExpired() {
    return Boolean(this.plainToken) && this.identity.plainTokenExpired(this);
  }

  onError({ code, message, clientMsgId, retrying, refused }) {
    // said next to the email field
    if (refused === 'contact') return;
    if (code === 'unauthorized') {
      this.page.misconfigured('the token provider given to Parley.identify() failed (' + message + '); it must return a token');
      return;
    }
    if (clientMsgId && !retrying) this.conversation.fail(clientMsgId);
    if (code === 'unavailable' || code === 'internal' || code === 'budget_exceeded') this.conversation.abandonTurns();
    if (!retrying) this.conversation.addLocal('system', message || this.view.t('error'));
  }

  onClosed(frame) {
    this.conversation.applyClosed(frame);
    this.conversation.addLocal('system', this.view.t('ended'));
    this.view.ended(this.conversation);
  }

  /** The next conversation, which starts with the customer's next message. */
  newConversation() {
    this.startConversation();
    this.client.connect().catch(() => {});
  }

  /** Another tab of this browser started a new conversation: this one follows it. */
  onStorage(event) {
    if (event.key !== this.client?.storageKey || !event.newValue) return;
    const { sessionId } = JSON.parse(event.newValue);
    if (sessionId && sessionId !== this.client.sessionId) this.client.resumeSession(sessionId);
  }

  /** A new conversation model: the panel empties (the one left may still be rated). */
  startConversation() {
    this.conversation = new this.library.Conversation();
    this.files.clear();
    this.replies.use((r) => r.options.reset());
    // Before there is a conversation, the greeting shown offers the configured replies (seq 0: any stored one replaces them).
    const options = this.appearance.greetingOptions;
    if (!this.client?.sessionId) this.replies.use((r) => r.options.applyMessage({ seq: 0, role: 'assistant', options }), options?.length > 0);
    this.view.started();
  }
}
