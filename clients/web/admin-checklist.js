// The getting-started checklist on the admin console's first landing: what a company does before its
// customers chat, each item read from the API the console already calls and linking to the view
// where it is done. Dismissed, it stays away in this browser (localStorage, per tenant). While it
// is on screen it is read again when the node tells of a change it shows (live-reads.js), so a step
// done elsewhere (another admin, the API, a customer's first chat) ticks at once without the page
// being opened again.

import { $, el } from './console-dom.js';
import { LiveReads } from './live-reads.js';

/**
 * The items, in the order a company does them, each done or not by the server's answers:
 * {@code config} the live configuration (null before one is published), {@code documents} the
 * knowledge base's, {@code site} its publishable keys and allowed sites, {@code chats} the
 * customers' chat conversations (the widget's channel; test conversations are not among them),
 * {@code cases} the evaluation cases. {@code view} is where it is done, {@code focus} the control there.
 */
export const checklistItems = ({ config, documents, site, chats, cases }) => [
  { id: 'name', done: Boolean(config?.config?.assistantName), view: 'bot', focus: 'setting-assistantName',
    text: 'Name your bot, and publish the configuration' },
  { id: 'greeting', done: Boolean(config?.config?.greeting || config?.config?.widget?.greeting), view: 'bot', focus: 'setting-greeting',
    text: 'Write the greeting customers read first' },
  { id: 'article', done: documents.length > 0, view: 'kb', focus: 'kb-doc-title',
    text: 'Add an article to the knowledge base' },
  { id: 'site', done: site.publishableKeys.length > 0 && site.allowedOrigins.length > 0, view: 'keys', focus: 'site-key-create',
    text: 'Make a publishable key and allow your site' },
  { id: 'live', done: chats.length > 0, view: 'install', focus: 'install-url',
    text: 'Put the widget on your site and chat with it once' },
  { id: 'case', done: cases.length > 0, view: 'bot', focus: 'case-definition',
    text: 'Make a test case the bot must pass' },
];

/** The parts of the tenant's data the checklist's items are read from: a change of one reads it again. */
export const CHECKLIST_KINDS = ['config', 'experiments', 'knowledge', 'team', 'conversations'];

export class Checklist {
  /** {@code console} asks the server ({@code request}) and shows a view ({@code show}). */
  constructor(console) {
    this.console = console;
    this.drawn = null; // the items' states last drawn: the list is drawn again only when one changed
    this.live = new LiveReads({ read: () => this.load(), shown: () => !$('workspace').hidden && !$('view-bot').hidden
      && !$('checklist').hidden, kinds: CHECKLIST_KINDS, changes: console.changes });
    $('checklist-dismiss').addEventListener('click', () => {
      localStorage.setItem(this.store(), 'dismissed');
      $('checklist').hidden = true;
      $('bot-title').focus();
    });
  }

  store() {
    return `parley.admin.checklist.${this.console.tenant}`;
  }

  async load() {
    if (localStorage.getItem(this.store()) === 'dismissed') {
      $('checklist').hidden = true;
      return;
    }
    // The live version is the newest of the versions, which answer a new tenant with none rather
    // than the 404 of /v1/config: the first landing asks nothing that fails.
    const [{ versions }, { documents }, site, { conversations }, { cases }] = await Promise.all([
      this.console.request('GET', '/v1/config/versions'), this.console.request('GET', '/v1/kb/documents'),
      this.console.request('GET', '/v1/site'), this.console.request('GET', '/v1/conversations?channel=chat&limit=1'),
      this.console.request('GET', '/v1/evaluations/cases')]);
    const items = checklistItems({ config: versions.at(-1) ?? null, documents, site, chats: conversations, cases });
    if (!this.live.started) this.live.start();
    const states = items.map((item) => `${item.id}:${item.done}`).join();
    if (states === this.drawn && !$('checklist').hidden) return;
    this.drawn = states;
    const list = $('checklist-items');
    list.replaceChildren();
    items.forEach((item) => {
      const line = el('li', `admin__check admin__check--${item.done ? 'passed' : 'todo'}`);
      line.dataset.item = item.id;
      line.dataset.done = item.done;
      const go = el('button', 'button button--ghost', item.done ? 'Open' : 'Do it');
      go.type = 'button';
      go.setAttribute('aria-label', `${item.done ? 'Open' : 'Do it'}: ${item.text}`);
      go.addEventListener('click', () => this.console.show(item.view).then(() => $(item.focus)?.focus()));
      line.append(el('span', 'admin__check-mark', item.done ? 'Done' : 'To do'), el('span', null, item.text), go);
      list.append(line);
    });
    const done = items.filter((item) => item.done).length;
    $('checklist-summary').textContent = `${done} of ${items.length} done.`;
    $('checklist').hidden = false;
  }
}
