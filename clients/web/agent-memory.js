// What the bot remembers about the customer of the conversation shown (docs/agent-console.md): the
// customer's long-term memory, drawn from the client library's UserMemory (user-memory.js, shared
// with the widget), which the agent corrects or deletes for the customer. Only a conversation with a
// signed-in customer (a userId) has one; the routes answer the tenant's staff only.

import { UserMemory } from '/client/user-memory.js';
import { $, actionButton, el } from './console-dom.js';

export class MemoryPanel {
  /** @param request (method, path, body) => the node's JSON answer */
  constructor({ request }) {
    this.request = request;
    this.memory = null;
  }

  /** Shows the memory of the customer of `session` (none without a userId); read again for another customer. */
  async show(session) {
    const userId = session?.userId ?? null;
    $('memory-box').hidden = !userId;
    if (!userId || userId === this.memory?.userId) return;
    this.memory = new UserMemory({ userId, send: this.request });
    this.memory.onChange((items) => this.render(items));
    this.render([]);
    await this.attempt(() => this.memory.load());
  }

  async attempt(work) {
    try {
      await work();
      $('memory-status').textContent = '';
    } catch (failure) {
      $('memory-status').textContent = `That did not work: ${failure.message}`;
    }
  }

  render(items) {
    $('memory-count').textContent = String(items.length);
    $('memory-empty').hidden = items.length > 0;
    $('memory').replaceChildren(...items.map((item) => this.item(item)));
  }

  item({ id, label, value }) {
    const li = el('li', 'card');
    li.dataset.memory = id;
    const shown = el('p', null, value);
    const correct = actionButton('Correct', `Correct: ${label}`, () => {
      const input = el('textarea');
      input.rows = 2;
      input.value = value;
      input.setAttribute('aria-label', label);
      const save = actionButton('Save', `Save: ${label}`, () => this.attempt(() => this.memory.correct(id, input.value)));
      shown.replaceWith(input);
      correct.replaceWith(save);
      input.focus();
    });
    const actions = el('div', 'memory__actions');
    actions.append(correct, actionButton('Delete', `Delete: ${label}`, () => this.attempt(() => this.memory.forget(id))));
    li.append(el('p', 'hint', label), shown, actions);
    return li;
  }
}
