// Every open conversation of the tenant, beside the queue: the bot's too, filtered by who answers
// and by language (GET /v1/conversations?status=open, which answers the tenant's agents and admins
// only). Each can be opened, to read along, or joined: taken over, as from the queue.

import { $, actionButton, el } from './console-dom.js';
import { ANSWERED_BY_FILTERS, answeredBy, openConversationsPath, openLine } from './agent-desk.js';
import { languageName } from './agent-languages.js';

const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'ar', 'he'];
const REFRESH_MS = 15000;

const option = (value, label) => {
  const made = el('option', null, label);
  made.value = value;
  return made;
};

export class OpenConversationsView {
  /**
   * @param request (method, path, body) => the node's JSON answer
   * @param open (sessionId) => shows the conversation; @param join (sessionId) => takes it over
   */
  constructor({ request, open, join }) {
    this.request = request;
    this.open = open;
    this.join = join;
    $('all-open-answered').replaceChildren(...ANSWERED_BY_FILTERS.map((f) => option(f.value, f.label)));
    $('all-open-language').replaceChildren(option('', 'Any language'), ...LANGUAGES.map((tag) => option(tag, languageName(tag))));
    ['all-open-answered', 'all-open-language'].forEach((id) => $(id).addEventListener('change', () => this.load()));
    $('all-open-refresh').addEventListener('click', () => this.load());
    this.timer = null;
  }

  /** Loads now and every few seconds while signed in; {@code stop} ends it. */
  start() {
    this.load();
    clearInterval(this.timer);
    this.timer = setInterval(() => { if (!document.hidden) this.load(); }, REFRESH_MS);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    $('all-open').replaceChildren();
  }

  async load() {
    const path = openConversationsPath({ answeredBy: $('all-open-answered').value, language: $('all-open-language').value });
    try {
      const page = await this.request('GET', path);
      this.render(page.conversations);
    } catch (failure) {
      $('all-open-status').textContent = `Could not list the open conversations: ${failure.message}`;
    }
  }

  render(rows) {
    $('all-open-count').textContent = String(rows.length);
    $('all-open-status').textContent = rows.length ? '' : 'No open conversation matches.';
    $('all-open').replaceChildren(...rows.map((row) => {
      const card = el('li', 'card');
      card.dataset.session = row.sessionId;
      const top = el('div', 'card__top');
      top.append(el('span', null, openLine(row, languageName)), el('span', null, answeredBy(row)));
      const actions = el('div', 'card__actions');
      const who = row.userId ?? 'an anonymous customer';
      actions.append(actionButton('Open', `Open the conversation with ${who}`, () => this.open(row.sessionId)),
        actionButton('Join', `Join the conversation with ${who}: take it over`, () => this.join(row.sessionId)));
      card.append(top, actions);
      return card;
    }));
  }
}
