// What the customer sees of the chat page's conversation: its messages drawn from the Conversation
// (each bubble with who wrote it, its files, the tool at work, its state and time), the status,
// the banners and the notices. Message text only ever goes through textContent / text nodes, never
// innerHTML: it comes from users and from a model.

import { BubbleList, CitationLinks, PaintSchedule, ReplyBar, agentAvatar } from '/client/parley-client.js';
import { t, texts } from './chat-texts.js';

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

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export class View {
  constructor(doc, handlers) {
    this.painting = new PaintSchedule((conversation) => this.render(conversation));
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

  /** Draws `conversation` by the next frame; a burst of changes paints once (PaintSchedule). */
  schedule(conversation, { stickToBottom = false } = {}) {
    this.forceBottom ||= stickToBottom;
    this.painting.request(conversation);
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
    // Each text in its own script's direction, whatever the page's.
    bubble.dir = 'auto';
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
      text.dir = 'auto';
      appendLinkified(text, item.text);
      if (item.state === 'streaming') text.append(el('span', 'caret'));
      if (item.interrupted) text.append(el('span', 'interrupted', ' … (interrupted)'));
      bubble.append(text);
    }
    const files = this.files?.linksOf(item);
    if (files) bubble.append(files);
    // The articles an answer cites, as links under it, noting one in another language than the page's.
    const sources = new CitationLinks({ label: t('sources') }).render(item.citations, texts.language);
    if (sources) bubble.append(sources);
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
