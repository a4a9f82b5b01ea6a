// The saved replies picker beside the composer: the tenant's replies (GET /v1/saved-replies),
// searched as the agent types, chosen with the arrow keys and Enter (or a click), and inserted into
// the reply box with their variables filled for the conversation ({{customer.name}}, {{agent.name}});
// a variable the conversation has no value for stays in the text, for the agent to fill.

import { $, el } from './console-dom.js';
import { fillReply, matchReplies } from './agent-desk.js';

const FRESH_MS = 60000;

export class SavedRepliesPicker {
  /**
   * @param request (method, path, body) => the node's JSON answer
   * @param values () => the variables' values for the conversation shown ({@link replyValues})
   */
  constructor({ request, values }) {
    this.request = request;
    this.values = values;
    this.replies = [];
    this.loadedAt = 0;
    this.shown = [];
    this.active = 0;
    $('saved-replies-button').addEventListener('click', () => (this.isOpen() ? this.close() : this.open()));
    $('saved-replies-search').addEventListener('input', () => { this.active = 0; this.render(); });
    $('saved-replies-search').addEventListener('keydown', (event) => this.onKey(event));
    // Alt+R from the reply box opens the picker: no pointer needed.
    $('reply').addEventListener('keydown', (event) => {
      if (event.altKey && event.key.toLowerCase() === 'r') { event.preventDefault(); this.open(); }
    });
  }

  isOpen() {
    return !$('saved-replies').hidden;
  }

  async open() {
    $('saved-replies').hidden = false;
    $('saved-replies-button').setAttribute('aria-expanded', 'true');
    $('saved-replies-search').value = '';
    this.active = 0;
    $('saved-replies-search').focus();
    if (Date.now() - this.loadedAt > FRESH_MS) {
      try {
        this.replies = (await this.request('GET', '/v1/saved-replies')).savedReplies;
        this.loadedAt = Date.now();
      } catch (failure) {
        this.status(`Could not read the saved replies: ${failure.message}`);
      }
    }
    this.render();
  }

  close({ focusReply = true } = {}) {
    $('saved-replies').hidden = true;
    $('saved-replies-button').setAttribute('aria-expanded', 'false');
    $('saved-replies-search').removeAttribute('aria-activedescendant');
    if (focusReply) $('reply').focus();
  }

  onKey(event) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (this.shown.length === 0) return;
      this.active = (this.active + (event.key === 'ArrowDown' ? 1 : -1) + this.shown.length) % this.shown.length;
      this.render();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (this.shown[this.active]) this.insert(this.shown[this.active]);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      this.close();
    }
  }

  render() {
    this.shown = matchReplies(this.replies, $('saved-replies-search').value);
    if (this.active >= this.shown.length) this.active = 0;
    $('saved-replies-list').replaceChildren(...this.shown.map((reply, index) => {
      const item = el('li');
      item.id = `saved-reply-${index}`;
      item.setAttribute('role', 'option');
      item.setAttribute('aria-selected', String(index === this.active));
      item.append(el('strong', null, reply.title), el('span', 'hint', reply.body));
      item.addEventListener('mousedown', (event) => event.preventDefault()); // the search keeps the focus
      item.addEventListener('click', () => this.insert(reply));
      return item;
    }));
    const search = $('saved-replies-search');
    if (this.shown.length) search.setAttribute('aria-activedescendant', `saved-reply-${this.active}`);
    else search.removeAttribute('aria-activedescendant');
    this.status(this.replies.length === 0 ? 'No saved replies yet: an admin writes them (Saved replies, admin console).'
      : this.shown.length === 0 ? 'No saved reply matches.' : '');
    $('saved-replies-list').querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }

  /** Into the reply box where the cursor is (the box must be enabled: the agent holds the conversation). */
  insert(reply) {
    const box = $('reply');
    const { text, missing } = fillReply(reply.body, this.values());
    this.close();
    if (box.disabled) {
      this.status('Take the conversation over to reply.');
      return;
    }
    const start = box.selectionStart ?? box.value.length;
    box.value = box.value.slice(0, start) + text + box.value.slice(box.selectionEnd ?? start);
    box.selectionStart = box.selectionEnd = start + text.length;
    box.dispatchEvent(new Event('input'));
    this.status(missing.length ? `Fill in before sending: ${missing.map((name) => `{{${name}}}`).join(', ')}` : '');
  }

  status(text) {
    $('saved-replies-status').textContent = text;
  }
}
