// The widget's launcher and panel (widget.js loads this module with the client library): the
// panel built in a shadow root of the page with its stylesheet, its texts in the conversation's
// language, the conversation drawn from its model, the rating asked once it ends. What the widget
// says to the node and hears from it is its WidgetConversation (widget-conversation.js), which it
// composes and tells, through the view it gives, what to show.

// Icons as SVG paths (24 x 24): they draw in any font, where an emoji glyph may be missing.
const ICONS = {
  chat: 'M4 4h16v12H8l-4 4z',
  close: 'M6 6l12 12M18 6L6 18',
  send: 'M3 20l18-8L3 4v6l12 2-12 2z',
  mic: 'M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3zM6 11a6 6 0 0 0 12 0M12 17v4',
  end: 'M5 12h14',
  star: 'M12 3l2.8 5.8 6.2.9-4.5 4.4 1 6.2L12 17.3l-5.5 3 1-6.2L3 9.7l6.2-.9z',
  attach: 'M20 11l-8 8a5 5 0 0 1-7-7l8-8a3.5 3.5 0 0 1 5 5l-8 8a2 2 0 0 1-3-3l7-7',
};

function icon(name) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', ICONS[name]);
  svg.append(path);
  return svg;
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'text') node.textContent = value;
    else if (value !== null && value !== undefined && value !== false) node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children);
  return node;
}

/**
 * The widget of the page that `page` describes (widget.js: its setup, its listeners, its loader of
 * the library's modules, its context), with `library` (@parley/client and the widget's modules).
 */
export function openWidget(page, library, appearance, credential) {
  return new Widget(page, library, appearance, credential);
}

/** The launcher, the panel and their conversation, inside a shadow root of the page. */
class Widget {
  constructor(page, library, appearance, credential) {
    this.page = page;
    // @parley/client: ParleyClient, Conversation, BubbleList, Texts
    this.library = library;
    this.appearance = appearance;
    this.texts = new library.Texts(appearance.textsLanguage, appearance.texts);
    this.credential = credential;
    // the closed conversation the rating form asks about
    this.rated = null;
    this.unread = 0;
    this.heard = '';
    this.build();
    this.chat = new library.WidgetConversation({ page, library, appearance, credential,
      parts: { replies: this.replies, approvals: this.approvals, contact: this.contact, files: this.files },
      view: {
        t: (key, values) => this.t(key, values),
        render: () => this.render(),
        renderTyping: () => this.renderTyping(),
        started: () => { this.shownHandoff = null; this.render(); },
        connection: (state, retryInMs) => this.showConnection(state, retryInMs),
        session: (frame) => this.showSession(frame),
        language: (language) => this.followLanguage(language),
        panel: this,
        unseen: () => this.unseen(),
        ended: (conversation) => this.askRating(conversation),
        hear: (type, frame) => this.voice?.[type === 'audio' ? 'onAudio' : 'onFrame'](frame),
      } });
  }

  /** What was written, with the files attached once they are uploaded. */
  async sendTyped() {
    const typed = this.input.value;
    this.input.value = '';
    const message = await this.files.message(typed);
    if (message) this.chat.send(message.text, message.attachments);
  }

  /** The text of `key` in the conversation's language, its {placeholders} filled from `values`. */
  t(key, values) {
    return this.texts.get(key, values);
  }

  /** Builds the panel with its texts' keys (data-text...), which applyTexts() fills in the conversation's language. */
  build() {
    const a = this.appearance;
    this.host = element('parley-widget', { 'data-theme': ['light', 'dark'].includes(a.theme) ? a.theme : 'auto' });
    const shadow = this.shadow = this.host.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(this.library.PANEL_CSS);
    shadow.adoptedStyleSheets = [sheet, this.library.themeSheet(a, this.page.defaults.accentColor)];
    const panelId = 'parley-panel';
    this.badge = element('span', { class: 'badge', hidden: true, 'aria-hidden': 'true' });
    this.launcher = element('button', { class: 'launcher', type: 'button', 'aria-expanded': 'false', 'aria-controls': panelId },
      icon('chat'), element('span', a.launcherText ? { text: a.launcherText } : { 'data-text': 'launcher' }), this.badge);
    this.launcher.hidden = !this.page.setup.launcher;
    this.launcher.addEventListener('click', () => this.open());
    const avatar = a.avatarUrl ? element('img', { class: 'avatar', src: a.avatarUrl, alt: '' }) : '';
    if (avatar) avatar.addEventListener('error', () => avatar.remove());
    const closeButton = element('button', { type: 'button', class: 'close', 'data-text-aria-label': 'close' }, icon('close'));
    closeButton.addEventListener('click', () => this.close());
    this.endButton = element('button', { type: 'button', class: 'end', 'data-text-aria-label': 'end', 'data-text-title': 'end', hidden: true }, icon('end'));
    this.endButton.addEventListener('click', () => this.chat.client.close('ended by customer').catch(() => {}));
    this.status = element('p', { class: 'status', role: 'status', hidden: true });
    this.log = element('ol', { class: 'log', 'aria-live': 'polite', 'data-text-aria-label': 'conversation', tabindex: '0' });
    this.bubbles = new this.library.BubbleList(this.log, {
      create: () => element('li', { class: 'msg' }),
      fill: (li, item) => this.fill(li, item),
    });
    this.typing = element('p', { class: 'typing', hidden: true, 'aria-live': 'polite' });
    const replies = element('div', { class: 'replies', role: 'group', 'data-text-aria-label': 'replies', hidden: true });
    const approvals = element('div', { class: 'approvals', role: 'group', 'data-text-aria-label': 'approvals' });
    this.input = element('textarea', { id: 'parley-input', rows: '1', 'data-text-placeholder': 'placeholder', autocomplete: 'off' });
    this.mic = element('button', { type: 'button', class: 'mic', hidden: a.voice !== true, 'aria-pressed': 'false', 'data-text-aria-label': 'talk' }, icon('mic'));
    this.mic.addEventListener('click', () => this.toggleVoice());
    const attach = element('button', { type: 'button', class: 'attach', 'data-text-aria-label': 'attach', 'data-text-title': 'attach' }, icon('attach'));
    const files = element('input', { type: 'file', multiple: true, hidden: true, accept: 'image/*,application/pdf,text/plain' });
    const form = element('form', { class: 'composer' },
      element('label', { class: 'visually-hidden', for: 'parley-input', 'data-text': 'message' }), files, attach,
      this.input, this.mic, element('button', { type: 'submit', class: 'send', 'data-text-aria-label': 'sendMessage' }, icon('send'), element('span', { 'data-text': 'send' })));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.sendTyped();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.sendTyped();
      }
    });
    this.input.addEventListener('input', () => this.chat.sendComposing());
    this.panel = element('section', { class: 'panel', id: panelId, role: 'dialog', 'aria-modal': 'false',
      'aria-labelledby': 'parley-title', hidden: true },
    element('div', { class: 'head' }, avatar, element('h2', { id: 'parley-title', text: a.name }), this.endButton, closeButton),
    this.status, this.log, this.typing, replies, approvals, this.buildRating(), form);
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.close();
    });
    this.buildParts(replies, approvals, { button: attach, input: files, place: (list) => form.before(list), zone: this.panel, pasteTarget: this.input });
    this.root = element('div', { class: 'root' }, this.launcher, this.panel);
    shadow.append(this.root);
    this.applyTexts();
    document.body.append(this.host);
  }

  /**
   * The parts most conversations never use, loaded when first needed (docs/performance.md): the
   * replies to tap, the prompt for a contact, the approvals, and the files attached and shared.
   */
  buildParts(replies, approvals, files) {
    const changed = () => this.render();
    const load = (module) => Promise.all([this.page.load(module), this.styleParts()]).then(([loaded]) => loaded);
    this.replies = new this.library.FirstUse(() => load('reply-options.js').then(({ ReplyOptions, ReplyBar }) => ({ options: new ReplyOptions(),
      bar: new ReplyBar(replies, { label: this.t('replies'), onTap: (value) => (this.chat.send(value), this.input.focus()) }) })), changed);
    this.approvals = new this.library.FirstUse(() => load('widget-approvals.js').then(({ widgetApprovalCards }) => widgetApprovalCards(approvals, (key, values) => this.t(key, values))));
    this.contact = new this.library.FirstUse(() => load('contact-prompt.js').then(({ ContactPrompt }) => {
      const prompt = new ContactPrompt(this.texts);
      approvals.after(prompt.box);
      this.chat.follow(prompt);
      return prompt;
    }));
    this.faces = new this.library.FirstUse(() => this.page.load('agent-avatar.js'));
    this.sources = new this.library.FirstUse(() => load('citations.js'));
    this.files = new this.library.ComposerFiles({ load, client: () => this.chat.client, texts: () => this.texts, changed, doc: document, ...files });
  }

  /** The stylesheet of those parts (widget-parts.js), added to the panel's with the first of them. */
  styleParts() {
    this.partsStyled ??= this.page.load('widget-parts.js').then(({ PARTS_CSS }) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(PARTS_CSS);
      this.shadow.adoptedStyleSheets = [...this.shadow.adoptedStyleSheets, sheet];
    });
    return this.partsStyled;
  }

  /** The texts in the panel, its language and direction (dir="rtl" mirrors the layout for Arabic and Hebrew). */
  applyTexts() {
    this.texts.apply(this.shadow);
    for (const node of [this.root, this.panel]) Object.assign(node, { lang: this.texts.language, dir: this.texts.dir });
    // Right to left, the widget sits in the mirrored corner: the one the reader's eye ends at.
    const position = this.page.setup.position ?? this.appearance.position;
    const mirrored = { 'bottom-right': 'bottom-left', 'bottom-left': 'bottom-right' }[position] ?? position;
    this.host.dataset.position = this.texts.dir === 'rtl' ? mirrored : position;
    this.scores.forEach((button, i) => {
      button.title = this.t('rateStar', { score: i + 1 });
      button.setAttribute('aria-label', button.title);
    });
    this.labelLauncher();
  }

  /**
   * "How was this conversation?" once it has ended: a comment if the customer likes, then one to
   * five stars; and a button that starts the next conversation.
   */
  buildRating() {
    this.ratingComment = element('textarea', { id: 'parley-rating-comment', rows: '1', maxlength: '1000', 'data-text-placeholder': 'rateCommentPlaceholder' });
    this.scores = [1, 2, 3, 4, 5].map((score) => {
      const button = element('button', { type: 'button', class: 'score' }, icon('star'));
      button.addEventListener('click', () => this.rate(score));
      return button;
    });
    const scores = element('div', { class: 'scores', role: 'group', 'aria-labelledby': 'parley-rating-title' }, ...this.scores);
    this.ratingAsk = element('div', {}, element('p', { id: 'parley-rating-title', class: 'rating-title', 'data-text': 'rateTitle' }),
      element('label', { class: 'visually-hidden', for: 'parley-rating-comment', 'data-text': 'rateComment' }), this.ratingComment, scores);
    this.ratingStatus = element('p', { role: 'status' });
    const again = element('button', { type: 'button', class: 'again', 'data-text': 'newConversation' });
    again.addEventListener('click', () => {
      this.rating.hidden = true;
      this.chat.newConversation();
      this.input.focus();
    });
    this.rating = element('div', { class: 'rating', hidden: true }, this.ratingAsk, this.ratingStatus, again);
    return this.rating;
  }

  remove() {
    this.chat.client?.disconnect();
    this.host.remove();
  }

  open() {
    this.panel.hidden = false;
    this.launcher.hidden = true;
    this.launcher.setAttribute('aria-expanded', 'true');
    this.setUnread(0);
    this.input.focus();
    this.scrollDown();
    this.page.rememberPanel(true);
    this.page.emit('open', {});
  }

  close() {
    if (this.panel.hidden) return;
    this.panel.hidden = true;
    this.launcher.hidden = !this.page.setup.launcher;
    this.launcher.setAttribute('aria-expanded', 'false');
    if (this.page.setup.launcher) this.launcher.focus();
    this.page.rememberPanel(false);
    this.page.emit('close', {});
  }

  get isOpen() {
    return !this.panel.hidden;
  }

  render() {
    // An answer shows once it has words; until then the line under the conversation says it is being written.
    const items = this.chat.conversation.ordered().filter((item) => item.state !== 'streaming' || item.text);
    // The greeting heads the conversation, also before there is one and after a reload; the node's own, once stored, replaces it.
    if (!items.some((item) => item.source === 'greeting')) {
      this.greeting ??= { id: 'greeting', role: 'assistant', text: this.appearance.greeting ?? this.t('greeting'), source: 'greeting', state: 'local', rev: 0 };
      items.unshift(this.greeting);
    }
    if (this.bubbles.render(items)) this.scrollDown();
    const replies = this.replies.part;
    if (replies?.bar.render(replies.options.current())) this.scrollDown();
    this.renderTyping();
    this.renderHandoff();
  }

  /** One message: its role, whether it is stored, pending, refused or being written, and its text. */
  fill(li, item) {
    li.dataset.role = item.role;
    // Each text in its own script's direction: a German greeting on an Arabic page keeps its punctuation.
    li.dir = 'auto';
    const marks = { pending: item.state === 'queued' || item.state === 'sent', failed: item.state === 'failed',
      final: item.state === 'final', greeting: item.source === 'greeting' };
    for (const [mark, on] of Object.entries(marks)) li.toggleAttribute('data-' + mark, on);
    if (item.state === 'streaming') li.setAttribute('aria-busy', 'true');
    else li.removeAttribute('aria-busy');
    const author = item.role === 'agent' && item.author ? element('span', { class: 'author' }, this.face(item), item.author) : '';
    const cut = item.interrupted ? element('span', { class: 'cut', text: ' … ' + this.t('interrupted') }) : '';
    const at = item.at ? new Date(item.at) : null;
    const time = at && !isNaN(at) ? element('time', { datetime: at.toISOString(), text: this.texts.time(at) }) : '';
    li.replaceChildren(author, element('span', { class: 'text', dir: 'auto', text: item.text }), cut, this.files.linksOf(item) ?? '', this.sourcesOf(item), time);
  }

  /** What `made` makes of a module loaded with its first use (`first`, a FirstUse): until then, an empty place it takes. */
  loaded(first, made) {
    if (first.part) return made(first.part) ?? '';
    const place = element('span');
    first.need().then((part) => place.replaceWith(made(part) ?? ''), () => {});
    return place;
  }

  /** The articles an answer cites (citations.js, loaded with the first answer that cites any), as links. */
  sourcesOf(item) {
    return item.citations?.length ? this.loaded(this.sources, ({ CitationLinks }) => new CitationLinks({ label: this.t('sources') })
      .render(item.citations, this.texts.language)) : '';
  }

  /** The face of a message's agent (agent-avatar.js, loaded with the first agent's message: most conversations have none). */
  face(item) {
    return this.loaded(this.faces, ({ agentAvatar }) => agentAvatar(document, item.author, item.authorPicture, this.page.setup.origin, 'initials'));
  }

  /** What the customer heard (voice), else the agent typing, else the answer being written. */
  renderTyping() {
    const writing = this.chat.conversation.ordered().some((item) => item.state === 'streaming' && !item.text);
    const { until, author } = this.chat.composing;
    const text = this.heard || (Date.now() < until ? this.t('typing', { name: author }) : '')
      || (writing ? this.t('typing', { name: this.appearance.name }) : '');
    this.typing.hidden = !text;
    this.typing.textContent = text;
  }

  /** Who answers: waiting for a person (with the place in line), the agent who joined, or the bot again. */
  renderHandoff() {
    const handoff = this.chat.conversation.handoff;
    if (handoff === this.shownHandoff) return;
    this.shownHandoff = handoff;
    const { status, agent, queue } = handoff;
    this.host.dataset.handoff = status;
    if (status === 'agent') this.showStatus('handoff', this.t('joined', { agent: agent ?? this.t('anAgent') }));
    else if (queue) {
      const minutes = queue.expectedWaitMinutes;
      this.showStatus('handoff', this.t(minutes == null ? 'queue' : 'queueWait', { position: queue.position, minutes }));
    } else if (status === 'waiting_for_agent') this.showStatus('handoff', this.t('waiting'));
    else if (this.status.dataset.kind === 'handoff') this.showStatus(null);
  }

  /** The connection's state; while a reconnect waits, when it is tried again. */
  showConnection(state, retryInMs) {
    this.host.dataset.state = state;
    this.endButton.hidden = state !== 'open';
    if (state === 'offline' && retryInMs !== undefined) {
      const seconds = Math.max(1, Math.round(retryInMs / 1000));
      this.showStatus('offline', this.t('offline', { seconds }));
    } else if (state === 'open' && this.status.dataset.kind === 'offline') {
      this.showStatus(null);
      // what the offline notice covered is said again
      this.shownHandoff = null;
    }
  }

  showSession(frame) {
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

  /** News while the panel is closed: counted on the launcher, with a chime if the tenant wants one. */
  unseen() {
    if (this.isOpen) return;
    this.setUnread(this.unread + 1);
    if (this.appearance.sound === true) this.page.load('widget-chime.js').then(({ chime }) => chime(), () => {});
  }

  /** Asks for the rating of the conversation that ended, once its stylesheet (widget-parts.js) is there. */
  async askRating(conversation) {
    if (!conversation.sessionId || conversation.rating.state !== 'unrated') return;
    this.rated = conversation;
    await this.styleParts().catch(() => {});
    this.ratingComment.value = '';
    this.ratingAsk.hidden = false;
    this.ratingStatus.textContent = '';
    this.rating.hidden = false;
    this.scrollDown();
  }

  /** Sends the rating of the conversation that ended, once; the comment goes with the score. */
  async rate(score) {
    const conversation = this.rated;
    const comment = this.ratingComment.value.trim();
    const rating = comment ? { score, comment } : { score };
    if (!conversation?.startRating(rating)) return;
    this.ratingAsk.hidden = true;
    this.ratingStatus.textContent = this.t('rateSending');
    try {
      const rated = await this.chat.client.rate(rating, conversation.sessionId);
      conversation.applyRated(rated);
      this.page.emit('rated', rated);
      this.ratingStatus.textContent = this.t('rateThanks');
    } catch (failure) {
      const rated = conversation.ratingRefused(failure).state === 'rated';
      this.ratingAsk.hidden = rated;
      this.ratingStatus.textContent = rated ? this.t('rateAlready') : this.t('rateFailed', { reason: failure.message });
    }
  }

  showStatus(kind, text) {
    this.status.hidden = !kind;
    this.status.dataset.kind = kind ?? '';
    this.status.textContent = text ?? '';
  }

  setUnread(count) {
    this.unread = count;
    this.badge.hidden = count === 0;
    this.badge.textContent = String(count);
    this.labelLauncher();
    this.page.emit('unread', { count });
  }

  labelLauncher() {
    const label = this.appearance.launcherText ?? this.t('launcher');
    this.launcher.setAttribute('aria-label', this.unread ? label + ', ' + this.t('unread', { count: this.unread }) : label);
  }

  scrollDown() {
    this.log.scrollTop = this.log.scrollHeight;
  }

  /** Voice as on the node's own page (widget-voice.js), loaded when the customer first presses the microphone. */
  async toggleVoice() {
    const { client } = this.chat;
    // speaking starts the conversation
    if (client.state === 'idle') await client.startSession().catch(() => {});
    if (!this.voice) await this.page.load('widget-voice.js').then(({ startVoice }) => startVoice(this), () => (this.mic.hidden = true));
    this.voice?.toggle();
  }
}
