// Replies a customer can tap (docs/protocol.md#replies-to-tap): the options of the newest bot
// message that offers any, shown until the customer writes anything after it (typed, tapped or
// spoken; after a reload too, as the replay brings the customer's later message). For the chat
// page and the widget, whose buttons send an option's value as the customer's message, and the
// agent console, which shows them read-only. No socket; the DOM only through the container given.

/** What a conversation offers to tap now. */
export class ReplyOptions {
  constructor() {
    this.reset();
  }

  /** Forgets everything: another conversation, or a replay from its start. */
  reset() {
    this.sessionId = null;
    this.offer = null; // { seq, options }
    this.lastCustomerSeq = -1;
    this.wroteSince = false; // the customer wrote something not stored yet
  }

  /** A `session` frame: another session than the one followed starts afresh. */
  applySession({ sessionId = null } = {}) {
    if (sessionId === this.sessionId) return;
    this.reset();
    this.sessionId = sessionId;
  }

  /** A stored `message` frame; returns whether what is offered changed. */
  applyMessage({ seq, role, options } = {}) {
    if (typeof seq !== 'number') return false;
    const before = this.current();
    if (role === 'user') {
      // What the customer wrote is stored (its echo): its seq now withdraws every earlier offer.
      this.lastCustomerSeq = Math.max(this.lastCustomerSeq, seq);
      this.wroteSince = false;
    } else if (Array.isArray(options) && options.length && (!this.offer || seq >= this.offer.seq)) {
      const valid = options.filter((option) => typeof option?.label === 'string' && typeof option?.value === 'string');
      if (valid.length) this.offer = Object.freeze({ seq, options: Object.freeze(valid.map(({ label, value }) => Object.freeze({ label, value }))) });
    }
    return before !== this.current();
  }

  /**
   * The customer wrote something not stored yet: the options go at once, and an offer stored
   * before it (the greeting of a conversation the message starts) does not show until it is.
   */
  customerWrote() {
    const before = this.current();
    this.wroteSince = true;
    return before !== this.current();
  }

  /**
   * `{ seq, options }` offered now, or null; the same object while nothing changed. With a
   * `sessionId`, null unless it is the session followed (a page that left it for a new one).
   */
  current(sessionId = undefined) {
    if (sessionId !== undefined && sessionId !== this.sessionId) return null;
    return this.offer && !this.wroteSince && this.offer.seq > this.lastCustomerSeq ? this.offer : null;
  }
}

/**
 * Draws an offer into a container element: a group of buttons, one per option, each calling
 * `onTap(value)`, or with no `onTap` (staff reading along) a list of the labels. Hidden while
 * nothing is offered. Labels are the tenant's or the model's words, set as text, never markup, and
 * `dir="auto"` gives each its own direction in a right-to-left page.
 */
export class ReplyBar {
  /**
   * @param container the element the options go in (emptied and hidden by the bar)
   * @param onTap (value) => sends it as the customer's message; absent: read-only
   * @param label the group's accessible name ("Suggested replies")
   */
  constructor(container, { onTap = null, label = 'Suggested replies' } = {}) {
    this.container = container;
    this.onTap = onTap;
    this.drawn = undefined;
    container.setAttribute('role', 'group');
    this.label(label);
    container.hidden = true;
  }

  /** The group's accessible name, in the page's language. */
  label(text) {
    this.container.setAttribute('aria-label', text);
  }

  /** Shows `offer` (from ReplyOptions.current()); returns whether anything was drawn or removed. */
  render(offer) {
    if (offer === this.drawn) return false;
    this.drawn = offer;
    const doc = this.container.ownerDocument;
    const items = (offer?.options ?? []).map((option) => {
      const item = doc.createElement(this.onTap ? 'button' : 'li');
      item.setAttribute('dir', 'auto');
      item.textContent = option.label;
      if (this.onTap) {
        item.setAttribute('type', 'button');
        item.addEventListener('click', () => this.onTap(option.value));
      }
      return item;
    });
    if (this.onTap || !items.length) {
      this.container.replaceChildren(...items);
    } else {
      const list = doc.createElement('ul');
      list.replaceChildren(...items);
      this.container.replaceChildren(list);
    }
    this.container.hidden = !items.length;
    return true;
  }
}
