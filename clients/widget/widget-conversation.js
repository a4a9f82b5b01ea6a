// What the widget (widget-panel.js) says to the node and hears from it: the client connected with
// the page's credential, the conversation's frames into its model, the customer's messages and
// context, the language the node decides, a new conversation, another tab's.

const COMPOSING_SHOWN_MS = 4000;
const COMPOSING_EVERY_MS = 3000;

/** The methods of the widget's Widget that talk with the node; `this` is the widget. */
export class WidgetConversation {
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
      this.render();
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
    listen('language', (frame) => this.followLanguage(frame.language));
    on('error', (error) => this.onError(error));
    on('closed', (frame) => this.onClosed(frame));
    on('reset', () => (this.conversation.resetHistory(), this.replies.use((r) => r.options.reset())));
    on('attachments', (frame) => this.files.shown(() => this.conversation.applyAttachments(frame)));
    listen('approval', (frame) => this.approvals.use((cards) => cards.show(this.client, frame), frame.status === 'pending'));
    listen('agentApproval', (frame) => this.approvals.use((cards) => cards.showWaiting(frame), frame.status === 'pending'));
    for (const type of ['reset', 'closed']) listen(type, () => this.approvals.use((cards) => cards.clear()));
    // A notice (nobody could answer) may ask for the customer's contact; once loaded, its prompt follows the client itself.
    if (this.contact.part) this.unsubscribe.push(this.contact.part.follow(this.client));
    listen('message', (frame) => this.contact.part || this.contact.use((prompt) => prompt.onMessage(frame), /^notice-/.test(frame.turnId ?? '')));
    for (const type of ['voice', 'transcript', 'speaking']) listen(type, (frame) => this.voice?.onFrame(frame));
    listen('audio', (bytes) => this.voice?.onAudio(bytes));
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

  /** What was written, with the files attached once they are uploaded. */
  async sendTyped() {
    const typed = this.input.value;
    this.input.value = '';
    const message = await this.files.message(typed);
    if (message) this.send(message.text, message.attachments);
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
    this.render();
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
    this.host.dataset.state = state;
    this.endButton.hidden = state !== 'open';
    if (state === 'open') this.conversation.setConnected(true);
    else this.conversation.connectionLost();
    if (state === 'offline' && this.plainTokenExpired()) return;
    if (state === 'offline' && retryInMs !== undefined) {
      const seconds = Math.max(1, Math.round(retryInMs / 1000));
      this.showStatus('offline', this.t('offline', { seconds }));
    } else if (state === 'open' && this.status.dataset.kind === 'offline') {
      this.showStatus(null);
      this.shownHandoff = null; // what the offline notice covered is said again
    }
    if (state === 'open') this.sendContext(); // after each (re)connect: the node keeps it per session
  }

  onSession(frame) {
    this.conversation.applySession(frame);
    this.host.dataset.session = frame.sessionId;
    this.mic.hidden = frame.voice !== true;
    this.followLanguage(frame.language);
  }

  /**
   * The node may decide another language for the conversation than the page's (what the customer
   * writes in, docs/languages.md): the texts follow it, as the `session` frame of each start or
   * resume names it and then the node's `language` frame whenever it decides another.
   */
  async followLanguage(language) {
    if (!language || language.split('-')[0] === this.texts.language.split('-')[0]) return;
    const appearance = await this.page.loadAppearance(this.credential, language);
    // A node that did not answer leaves the texts as they are.
    if (!Object.keys(appearance?.texts ?? {}).length || appearance.textsLanguage === this.texts.language) return;
    this.texts = new this.library.Texts(appearance.textsLanguage, appearance.texts);
    this.contact.part?.applyTexts(this.texts);
    this.files.applyTexts(this.texts);
    this.applyTexts();
    // The local greeting, the status line and the typing line are said again in the new language.
    if (this.greeting && !this.appearance.greeting) this.greeting = { ...this.greeting, text: this.t('greeting'), rev: this.greeting.rev + 1 };
    this.shownHandoff = null;
    this.render();
  }

  onMessage(frame) {
    this.replies.use((r) => r.options.applyMessage(frame), frame.options?.length > 0);
    const { item, fresh, live } = this.conversation.applyMessage(frame);
    if (!item) return;
    if (item.role === 'agent') this.composing.until = 0;
    if (fresh && live && item.role !== 'user' && item.source !== 'greeting' && !this.isOpen) {
      this.setUnread(this.unread + 1);
      if (this.appearance.sound === true) chime();
    }
  }

  onComposing(frame) {
    this.composing = { until: Date.now() + COMPOSING_SHOWN_MS, author: frame.author ?? this.t('anAgent') };
    clearTimeout(this.composingTimer);
    this.composingTimer = setTimeout(() => this.renderTyping(), COMPOSING_SHOWN_MS);
  }

  /** Whether the token given to Parley.identify(), one without a provider, expired (widget-identity.js). */
  plainTokenExpired() {
    return Boolean(this.plainToken) && this.identity.plainTokenExpired(this);
  }

  onError({ code, message, clientMsgId, retrying, refused }) {
    if (refused === 'contact') return; // said next to the email field
    if (code === 'unauthorized') {
      this.page.misconfigured('the token provider given to Parley.identify() failed (' + message + '); it must return a token');
      return;
    }
    if (clientMsgId && !retrying) this.conversation.fail(clientMsgId);
    if (code === 'unavailable' || code === 'internal' || code === 'budget_exceeded') this.conversation.abandonTurns();
    if (!retrying) this.conversation.addLocal('system', message || this.t('error'));
  }

  onClosed(frame) {
    this.conversation.applyClosed(frame);
    this.conversation.addLocal('system', this.t('ended'));
    this.askRating(this.conversation);
  }

  /** Empties the panel for the next conversation, which starts with the customer's next message. */
  newConversation() {
    this.rating.hidden = true;
    this.startConversation();
    this.client.connect().catch(() => {});
    this.input.focus();
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
    this.shownHandoff = null;
    this.render();
  }
}

/** A short, soft tone for an answer that arrived while the panel was closed (the tenant's widget.sound). */
function chime() {
  try {
    const audio = new AudioContext();
    const tone = audio.createOscillator();
    const gain = audio.createGain();
    tone.frequency.value = 880;
    gain.gain.setValueAtTime(0.08, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.3);
    tone.connect(gain).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + 0.3);
    tone.onended = () => audio.close();
  } catch {
    // No audio (a policy, an old browser): the badge still counts it.
  }
}
