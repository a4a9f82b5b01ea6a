// The internal notes on the conversation shown: the team's words about it, which no customer, widget
// or model ever reads (GET/POST /v1/conversations/{id}/notes, for the tenant's staff only).

import { $, el } from './console-dom.js';
import { noteHeading } from './agent-desk.js';

export class NotesPanel {
  /** @param request (method, path, body) => the node's JSON answer */
  constructor({ request }) {
    this.request = request;
    this.sessionId = null;
    $('note-form').addEventListener('submit', (event) => { event.preventDefault(); this.add(); });
    $('note-text').addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); this.add(); }
    });
  }

  path() {
    return `/v1/conversations/${encodeURIComponent(this.sessionId)}/notes`;
  }

  /** Shows the notes of {@code sessionId} (read again when it is another conversation, or asked to). */
  async show(sessionId, { again = false } = {}) {
    if (sessionId === this.sessionId && !again) return;
    this.sessionId = sessionId;
    if (!again) this.render([]);
    try {
      const answer = await this.request('GET', this.path());
      if (answer.sessionId === this.sessionId) this.render(answer.notes);
    } catch (failure) {
      $('notes-status').textContent = `Could not read the notes: ${failure.message}`;
    }
  }

  render(notes) {
    $('notes-count').textContent = String(notes.length);
    $('notes-status').textContent = '';
    $('notes').replaceChildren(...notes.map((note) => {
      const item = el('li', 'card');
      item.append(el('p', 'hint', noteHeading(note)), el('p', null, note.body));
      return item;
    }));
  }

  async add() {
    const body = $('note-text').value.trim();
    if (!body || !this.sessionId) return;
    $('note-add').disabled = true;
    try {
      await this.request('POST', this.path(), { body });
      $('note-text').value = '';
      $('notes-box').open = true;
      await this.show(this.sessionId, { again: true });
      $('notes-status').textContent = 'Note added.';
    } catch (failure) {
      $('notes-status').textContent = `The note was not added: ${failure.message}`;
    } finally {
      $('note-add').disabled = false;
    }
  }
}
