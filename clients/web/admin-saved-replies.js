// Saved replies: the replies the tenant's agents insert from the agent console's composer, written
// here by its admins (GET/POST /v1/saved-replies, PUT/DELETE /v1/saved-replies/{id}). A body may
// hold variables the agent console fills for the conversation: {{customer.name}}, {{agent.name}}.

import { $, el, fill } from './console-dom.js';

export class SavedRepliesAdmin {
  /** {@code console} asks the server ({@code request}) and shows its refusals ({@code act}, {@code button}). */
  constructor(console) {
    this.console = console;
    this.editing = null;
    $('saved-reply-form').addEventListener('submit', (event) => {
      event.preventDefault();
      console.act(() => this.save(), $('saved-reply-save'));
    });
    $('saved-reply-cancel').addEventListener('click', () => this.edit(null));
  }

  async load() {
    const { savedReplies } = await this.console.request('GET', '/v1/saved-replies');
    fill('saved-replies-admin', savedReplies, 'No saved replies yet.', (item, reply) => {
      item.dataset.reply = reply.id;
      const text = el('div');
      text.append(el('strong', null, reply.title), el('p', 'hint', reply.body));
      item.append(text, this.console.button('edit', 'Edit', `Edit ${reply.title}`, () => this.edit(reply)),
        this.console.button('delete', 'Delete', `Delete ${reply.title}`, () => this.remove(reply)));
    });
  }

  /** Fills the form with {@code reply} to change it; {@code null}: the form adds a new one. */
  edit(reply) {
    this.editing = reply;
    $('saved-reply-title').value = reply?.title ?? '';
    $('saved-reply-body').value = reply?.body ?? '';
    $('saved-reply-save').textContent = reply ? 'Save changes' : 'Add';
    $('saved-reply-cancel').hidden = !reply;
    if (reply) $('saved-reply-title').focus();
  }

  async save() {
    const body = { title: $('saved-reply-title').value, body: $('saved-reply-body').value };
    const saved = this.editing
      ? await this.console.request('PUT', `/v1/saved-replies/${encodeURIComponent(this.editing.id)}`, body)
      : await this.console.request('POST', '/v1/saved-replies', body);
    $('saved-replies-status').textContent = `${this.editing ? 'Changed' : 'Added'} "${saved.title}".`;
    this.edit(null);
    await this.load();
  }

  async remove(reply) {
    await this.console.request('DELETE', `/v1/saved-replies/${encodeURIComponent(reply.id)}`);
    $('saved-replies-status').textContent = `Deleted "${reply.title}".`;
    if (this.editing?.id === reply.id) this.edit(null);
    await this.load();
  }

  forget() {
    this.edit(null);
    $('saved-replies-admin').replaceChildren();
    $('saved-replies-status').textContent = '';
  }
}
