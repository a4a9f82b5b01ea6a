// Parley web chat. The protocol (socket, reconnects, resume, outbox) is @parley/client's, served by
// the node at /client/parley-client.js, and so is the model of the conversation shown (its
// Conversation: pending messages, seq dedupe, answers streaming, handoff, rating); this page is
// what the customer sees of it.
//
// Two parts:
//   1. View: renders a Conversation into the page. Message text only ever goes through
//      textContent / text nodes, never innerHTML: it comes from users and from a model.
//   2. Chat: feeds the client's events to the Conversation and asks the View to render.

import { BubbleList, ContactPrompt, agentAvatar, Conversation, ParleyClient, ReplyBar, ReplyOptions, Texts, chooseLanguage } from '/client/parley-client.js';
import { ComposerFiles } from '/client/composer-files.js';
import { ApprovalCards } from './chat-approvals.js';
import { Voice } from './voice.js';

/** Labels for the tools the node ships; anything else gets a generic line. */
const TOOL_LABELS = {
  kb_search: 'Searching the knowledge base…',
  create_ticket: 'Creating a support ticket…',
  fetch_status: 'Checking the status…',
};

/** A failed call reads as plain words in the page's language: the node sends customers no reason. */
export function toolActivity(name, status) {
  if (status === 'started') return TOOL_LABELS[name] ?? `Running “${name}”…`;
  if (status === 'failed') return t('toolFailed');
  return null; // succeeded: the answer itself shows the result
}

/** What an answer being written is doing: its latest tool call, while it is written. */
function activityOf(item) {
  const tool = item.state === 'streaming' ? item.tools.at(-1) : undefined;
  return tool ? toolActivity(tool.name, tool.status) : null;
}

/**
 * The page's words in the conversation's language (docs/languages.md): the node's texts for the
 * language asked with ?language=, else the browser's, until the node decides another one.
 */
let texts = new Texts();
const t = (key, values) => texts.get(key, values);

/** The node's texts for `language`, put into the page; false when the node did not answer. */
async function loadTexts(doc, tenant, language) {
  const query = new URLSearchParams({ language });
  if (tenant) query.set('tenant', tenant);
  const settings = await fetch(`/v1/widget/config?${query}`).then((r) => (r.ok ? r.json() : null), () => null);
  if (!settings?.texts) return false;
  texts = new Texts(settings.textsLanguage, settings.texts);
  texts.apply(doc);
  doc.documentElement.lang = texts.language;
  doc.documentElement.dir = texts.dir;
  return true;
}

// ---------------------------------------------------------------------------------------
// 1. View (DOM rendering)
// ---------------------------------------------------------------------------------------

const ROLE_NAMES = { user: 'You', assistant: 'Assistant', agent: 'Support agent', system: 'Notice', tool: 'Tool' };
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+[^\s<>"'`.,;:!?)\]}]/g;

/** Text with web addresses made clickable, built from text nodes: no markup is interpreted. */
function appendLinkified(parent, text) {
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    if (match.index > last) parent.append(text.slice(last, match.index));
    const a = document.createElement('a');
    a.href = match[0];
    a.textContent = match[0];
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    parent.append(a);
    last = match.index + match[0].length;
  }
  if (last < text.length) parent.append(text.slice(last));
}

function formatTime(at) {
  if (!at) return '';
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? '' : texts.time(date);
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

class View {
  constructor(doc, handlers) {
    this.list = doc.getElementById('messages');
    this.scroller = doc.getElementById('scroller');
    this.empty = doc.getElementById('empty');
    this.announcer = doc.getElementById('announcer');
    this.status = doc.getElementById('status');
    this.statusText = this.status.querySelector('.status__text');
    this.banner = doc.getElementById('offline-banner');
    this.connectionBanner = doc.getElementById('connection-banner');
    this.notices = doc.getElementById('notices');
    this.handlers = handlers;
    this.bubbles = new BubbleList(this.list, { create: () => el('li'), fill: (li, item) => this.fill(li, item) });
    this.replyBar = new ReplyBar(doc.getElementById('replies'), { onTap: (value) => handlers.onReply(value) });
    this.framePending = false;

    // Reading the latest message stays so when the viewport shrinks (a phone keyboard opening).
    this.atBottom = true;
    this.scroller.addEventListener('scroll', () => { this.atBottom = this.isNearBottom(); }, { passive: true });
    if (typeof ResizeObserver === 'function') {
      new ResizeObserver(() => {
        if (this.atBottom) this.scrollToBottom();
      }).observe(this.scroller);
    }

    // Retry / discard buttons live inside bubbles; one delegated listener serves them all.
    this.list.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-action]');
      if (button) handlers.onOutboxAction(button.dataset.action, button.dataset.id);
    });
  }

  /** Coalesce renders to one per frame: a burst of deltas (or an echo plus its ack) paints once. */
  schedule(conversation, { stickToBottom = false } = {}) {
    this.forceBottom ||= stickToBottom;
    if (this.framePending) return;
    this.framePending = true;
    const run = () => {
      if (!this.framePending) return;
      this.framePending = false;
      this.render(conversation);
    };
    requestAnimationFrame(run);
    setTimeout(run, 250); // rAF does not run in background tabs; keep state visible anyway
  }

  isNearBottom() {
    return this.scroller.scrollHeight - this.scroller.scrollTop - this.scroller.clientHeight < 96;
  }

  scrollToBottom() {
    this.scroller.scrollTop = this.scroller.scrollHeight;
    this.atBottom = true;
  }

  render(conversation) {
    const nearBottom = this.isNearBottom();
    const items = conversation.ordered();
    this.bubbles.render(items);
    this.empty.hidden = items.length > 0;
    if (nearBottom || this.forceBottom) this.scrollToBottom();
    this.forceBottom = false;
  }

  /** (Re)build one bubble from its item. */
  fill(li, item) {
    li.className = `msg msg--${item.role} is-${item.state}`;
    li.dataset.seq = item.seq ?? '';
    li.replaceChildren();

    const who = el('span', 'visually-hidden', `${ROLE_NAMES[item.role] ?? item.role}: `);
    if (item.role === 'tool') {
      // Tool results are for the curious: folded away, shown as plain text.
      const details = el('details', 'tool');
      const summary = el('summary', 'tool__summary', 'Tool result');
      const body = el('pre', 'tool__body', item.text);
      details.append(summary, body);
      li.append(details);
      return;
    }

    const bubble = el('div', 'bubble');
    bubble.append(who);
    // A person of the support team signs their messages: the customer knows who they talk to.
    if (item.role === 'agent' && item.author) {
      const author = el('p', 'bubble__author', item.author);
      author.prepend(agentAvatar(document, item.author, item.authorPicture, '', 'bubble__face'));
      bubble.append(author);
    }
    if (item.state === 'streaming' && item.text === '') {
      const dots = el('span', 'typing');
      dots.setAttribute('role', 'img');
      dots.setAttribute('aria-label', 'Assistant is writing');
      dots.append(el('span'), el('span'), el('span'));
      bubble.append(dots);
    } else {
      const text = el('p', 'bubble__text');
      appendLinkified(text, item.text);
      if (item.state === 'streaming') text.append(el('span', 'caret'));
      if (item.interrupted) text.append(el('span', 'interrupted', ' … (interrupted)'));
      bubble.append(text);
    }
    const files = this.files?.linksOf(item);
    if (files) bubble.append(files);
    li.append(bubble);

    const activity = activityOf(item);
    if (activity) li.append(el('p', 'activity', activity));

    const meta = el('p', 'meta');
    if (item.state === 'queued') meta.append(el('span', 'meta__state', 'Waiting for connection…'));
    else if (item.state === 'sent') meta.append(el('span', 'meta__state', 'Sending…'));
    else if (item.state === 'stale') meta.append(el('span', 'meta__state', 'Connection lost while answering'));
    else if (item.state === 'failed') {
      meta.append(el('span', 'meta__state meta__state--error', 'Not sent.'));
      for (const [action, label] of [['retry', 'Retry'], ['discard', 'Discard']]) {
        const button = el('button', 'link-button', label);
        button.type = 'button';
        button.dataset.action = action;
        button.dataset.id = item.clientMsgId;
        meta.append(button);
      }
    } else if (item.at) {
      const time = el('time', null, formatTime(item.at));
      time.dateTime = item.at;
      meta.append(time);
    }
    if (meta.childNodes.length) li.append(meta);
  }

  /** Finished answers are read out once; streamed pieces are not (notices use role=alert). */
  announce(item) {
    const line = el('p', null, `${ROLE_NAMES[item.role] ?? item.role}: ${item.text}`);
    this.announcer.append(line);
    while (this.announcer.childNodes.length > 3) this.announcer.firstChild.remove();
  }

  setStatus(state, text) {
    this.status.dataset.state = state;
    if (this.statusText.textContent !== text) this.statusText.textContent = text;
  }

  setOffline(offline) {
    this.banner.hidden = !offline;
  }

  setReconnecting(reconnecting) {
    this.connectionBanner.hidden = !reconnecting;
  }

  /** A dismissible notice; the same key replaces the previous one instead of stacking. */
  notify(key, text, tone = 'error') {
    this.dismiss(key);
    const box = el('div', `notice notice--${tone}`);
    box.dataset.key = key;
    box.setAttribute('role', tone === 'error' ? 'alert' : 'status');
    const message = el('p', 'notice__text', text);
    const close = el('button', 'notice__close');
    close.type = 'button';
    close.setAttribute('aria-label', 'Dismiss notice');
    close.textContent = '×';
    close.addEventListener('click', () => {
      box.remove();
      this.handlers.onNoticeDismissed();
    });
    box.append(message, close);
    this.notices.append(box);
    while (this.notices.children.length > 3) this.notices.firstElementChild.remove();
  }

  dismiss(key) {
    for (const box of this.notices.querySelectorAll('.notice')) {
      if (box.dataset.key === key) box.remove();
    }
  }

  clearNotices() {
    this.notices.replaceChildren();
  }
}

// ---------------------------------------------------------------------------------------
// 2. Chat (the client's events into the Conversation and the View)
// ---------------------------------------------------------------------------------------

const USER_CLOSE_REASON = 'user started a new conversation';
const READY_URL = '/health/ready';
const READY_POLL_MS = 1000;

class Chat {
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

// ---------------------------------------------------------------------------------------
// Rating
// ---------------------------------------------------------------------------------------

/**
 * "How was this conversation?" once a conversation closes: a score of 1 to 5 and an optional
 * comment, sent once; the node's answer is thanked for. A conversation is asked about once, and
 * not when it was rated already. The node ends a socket on a closed session right after replaying
 * it, so the client rates it over REST (docs/protocol.md), with the credential and tenant the
 * page's socket uses (none and `?tenant=`).
 */
class RatingPrompt {
  constructor(doc, protocol) {
    this.form = doc.getElementById('rating');
    this.comment = doc.getElementById('rating-comment');
    this.sendButton = doc.getElementById('rating-send');
    this.status = doc.getElementById('rating-status');
    this.protocol = protocol;
    this.conversation = null;
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.send();
    });
    doc.getElementById('rating-skip').addEventListener('click', () => this.hide());
  }

  ask(conversation) {
    if (!conversation.sessionId || conversation === this.conversation || conversation.rating.state !== 'unrated') return;
    this.conversation = conversation;
    this.form.reset();
    this.sendButton.disabled = false;
    this.status.hidden = true;
    this.form.hidden = false;
  }

  hide() {
    this.form.hidden = true;
  }

  async send() {
    const score = Number(this.form.elements.score.value);
    if (!(score >= 1 && score <= 5)) {
      this.say(t('rateChoose'));
      return;
    }
    const comment = this.comment.value.trim();
    const rating = comment ? { score, comment } : { score };
    const { conversation } = this;
    if (!conversation.startRating(rating)) return;
    this.sendButton.disabled = true;
    this.say(t('rateSending'));
    try {
      conversation.applyRated(await this.protocol.rate(rating, conversation.sessionId));
      this.hide();
      this.say(t('rateThanks'));
    } catch (failure) {
      if (conversation.ratingRefused(failure).state === 'rated') {
        this.hide();
        this.say(t('rateAlready'));
        return;
      }
      this.sendButton.disabled = false;
      this.say(t('rateFailed', { reason: failure.message }));
    }
  }

  say(text) {
    this.status.textContent = text;
    this.status.hidden = false;
  }
}

// ---------------------------------------------------------------------------------------
// Boot
// ---------------------------------------------------------------------------------------

/** The session id the tabs of this page share: each follows the one another tab started. localStorage can throw. */
function sessionStore(tenant) {
  const key = `parley.session.${tenant ?? 'default'}`;
  return {
    key, // other tabs' changes to it arrive as `storage` events
    set(id) {
      try { localStorage.setItem(key, id); } catch { /* this tab only */ }
    },
    clear() {
      try { localStorage.removeItem(key); } catch { /* this tab only */ }
    },
  };
}

/**
 * The microphone button and the line showing what the bot hears, hidden until the node says it can
 * talk; when its `session` frame says it cannot, a note under the composer says so instead.
 */
function bootVoice(doc, client, view) {
  const button = doc.getElementById('voice');
  const heard = doc.getElementById('heard');
  const voiceOff = doc.getElementById('voice-off');
  const labels = {
    get off() { return t('talk'); },
    starting: 'Starting the microphone…',
    on: 'Listening: speak, or click to stop',
    speaking: 'Speaking: talk to interrupt, or click to stop',
  };
  const voice = new Voice({
    win: window,
    send: (frame) => client.send(frame),
    sendAudio: (buffer) => client.sendAudio(buffer),
    ui: {
      setState(state) {
        button.hidden = state === 'unavailable';
        voiceOff.hidden = state !== 'unavailable';
        button.dataset.state = state;
        button.setAttribute('aria-pressed', String(state === 'on' || state === 'speaking'));
        button.setAttribute('aria-label', labels[state] ?? labels.off);
        button.title = labels[state] ?? labels.off;
        if (state === 'off' || state === 'unavailable') heard.hidden = true;
      },
      showHeard(text, final) {
        heard.hidden = !text;
        heard.textContent = text;
        heard.classList.toggle('heard--final', final);
      },
      notify(text) {
        view.notify('voice', text, 'info');
      },
    },
  });
  button.addEventListener('click', async () => {
    await client.startSession();
    voice.toggle();
  });
  return voice;
}

async function boot(doc) {
  const tenant = new URLSearchParams(window.location.search).get('tenant') ?? undefined;
  let language = chooseLanguage(new URLSearchParams(window.location.search).get('language'), navigator.languages ?? [], navigator.language);
  // A language the node does not know: English texts, and the node decides the conversation's.
  if (!await loadTexts(doc, tenant, language)) {
    language = undefined;
    await loadTexts(doc, tenant, 'en');
  }
  const form = doc.getElementById('composer');
  const input = doc.getElementById('input');
  let client;
  const view = new View(doc, {
    onOutboxAction: (action, id) => client.outboxAction(action, id),
    onReply: (value) => (client.sendUser(value), input.focus()),
    onNoticeDismissed: () => input.focus(),
  });
  const store = sessionStore(tenant);
  // A page view starts no conversation: the customer's first message (or word) does.
  const protocol = new ParleyClient({ baseUrl: window.location.origin, tenant, startOnSend: true, language });
  const contact = new ContactPrompt(texts, { doc, idPrefix: 'contact' });
  doc.getElementById('approvals').after(contact.box);
  contact.follow(protocol);
  // The node may decide another language (what the customer writes in): the page follows it, as the
  // `session` frame of each start or resume names it, then the node's `language` frame.
  // Files: attached by the button, dropped on the composer or pasted into the message; a message's shown under it.
  const files = view.files = new ComposerFiles({ load: (module) => import(`/client/${module}`), client: () => protocol,
    texts: () => texts, changed: () => view.schedule(client.conversation), place: (list) => form.before(list),
    button: doc.getElementById('attach'), input: doc.getElementById('files'), zone: form.parentElement, pasteTarget: input, doc });
  protocol.on('attachments', (frame) => files.shown(() => client.conversation.applyAttachments(frame)));
  const followLanguage = async (decided) => {
    if (decided && decided.split('-')[0] !== texts.language.split('-')[0]) await loadTexts(doc, tenant, decided);
    contact.applyTexts(texts);
    files.applyTexts(texts);
  };
  protocol.on('session', (frame) => followLanguage(frame.language));
  protocol.on('language', (frame) => followLanguage(frame.language));
  client = new Chat({ protocol, store, view, tenant });
  client.voice = bootVoice(doc, client, view);
  const rating = new RatingPrompt(doc, protocol);
  client.onConversationClosed = (closed) => rating.ask(closed);
  const approvals = new ApprovalCards(doc.getElementById('approvals'), protocol, { t, el });
  protocol.on('approval', (frame) => approvals.onFrame(frame));
  protocol.on('agentApproval', (frame) => approvals.onWaiting(frame));
  protocol.on('reset', () => approvals.clear());
  protocol.on('closed', () => approvals.clear());

  const autosize = () => {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 200)}px`;
  };
  const submit = async () => {
    const typed = input.value;
    input.value = '';
    autosize();
    input.focus();
    const message = await files.message(typed);
    if (message) client.sendUser(message.text, message.attachments);
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  input.addEventListener('keydown', (event) => {
    // isComposing: Enter also confirms an IME candidate (Japanese, Chinese…); that is not a send.
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      submit();
    }
  });
  input.addEventListener('input', autosize);

  // An agent holding the conversation sees the customer writing, and the other way round; a few
  // seconds between signals is plenty for a "typing…" line.
  let composingSent = 0;
  input.addEventListener('input', () => {
    if (Date.now() - composingSent > 3000 && client.send({ type: 'composing' })) {
      composingSent = Date.now();
    }
  });
  const agentComposing = doc.getElementById('agent-composing');
  let composingTimer;
  client.onComposing = (frame) => {
    agentComposing.textContent = t('typing', { name: frame.author ?? t('anAgent') });
    agentComposing.hidden = false;
    clearTimeout(composingTimer);
    composingTimer = setTimeout(() => { agentComposing.hidden = true; }, 4000);
  };

  // While a person is asked for, the customer's place and wait stay in view, updated as the queue
  // moves; once an agent (or the bot again) answers, the line goes.
  const queuePlace = doc.getElementById('queue-place');
  client.onHandoff = ({ queue }) => {
    queuePlace.hidden = !queue;
    if (!queue) return;
    const minutes = Number(queue.expectedWaitMinutes);
    queuePlace.textContent = t(minutes > 0 ? 'queueWait' : 'queue', { position: queue.position, minutes });
  };

  // "New conversation" asks first, in the page: `close` archives the session on the server and
  // the other tabs follow at once, so an undo would have to hold both back on a timer that a
  // closed tab never finishes. A <dialog>, not window.confirm, which sandboxed embeds block; it is
  // modal (Escape cancels, focus stays inside) and Cancel has the focus. With nothing to lose, it
  // does not ask.
  const confirmNew = doc.getElementById('confirm-new');
  const startNew = () => {
    client.newConversation();
    input.value = '';
    autosize();
    input.focus();
  };
  doc.getElementById('new-conversation').addEventListener('click', () => {
    if (client.conversation.ordered().length === 0) startNew();
    else confirmNew.showModal();
  });
  confirmNew.addEventListener('click', (event) => {
    const button = event.target.closest('button[value]');
    if (button) confirmNew.close(button.value);
  });
  confirmNew.addEventListener('close', () => {
    if (confirmNew.returnValue === 'confirm') startNew();
    confirmNew.returnValue = '';
  });

  window.addEventListener('storage', (event) => {
    if (event.key === store.key) client.follow(event.newValue);
  });
  doc.getElementById('retry-now').addEventListener('click', () => client.retryNow());

  window.addEventListener('online', () => client.nudge());
  doc.addEventListener('visibilitychange', () => {
    if (doc.visibilityState === 'visible') client.nudge();
  });

  // On a phone the keyboard would cover half the page at once: focus only with a fine pointer.
  if (window.matchMedia?.('(pointer: fine)').matches) input.focus();
  client.connect();
  window.parleyChat = { client, protocol, get conversation() { return client.conversation; } }; // for debugging from the console
}

if (typeof document !== 'undefined') {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => boot(document));
  else boot(document);
}
