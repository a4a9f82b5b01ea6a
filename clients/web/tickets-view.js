// The Tickets view of the agent and admin consoles: the tenant's tickets, filtered by status and by
// whom they are assigned to; one opened with its history and the conversation that opened it, to
// take (assign to me), to reply to (into the conversation, and by email when the customer left an
// address), and to close or reopen. Drawn into the page's empty element, so both consoles
// show the same view; its words and requests are tickets.js's. Every request is the REST API's
// (GET/PATCH /v1/tickets, POST /v1/tickets/{id}/replies, GET /v1/sessions/{id}), which answers the tenant's agents and admins only.

import { el } from './console-dom.js';
import {
  ASSIGNEE_FILTERS, STATUS_FILTERS, canAssignTo, contactText, historyLines, readByCustomer, replyLines, repliesPath,
  statusChange, ticketCells, ticketPath, ticketsPath, transcriptLines,
} from './tickets.js';

const COLUMNS = ['Ticket', 'Subject', 'Status', 'Priority', 'Created', 'Assigned to'];

const choice = (id, label, options) => {
  const field = el('div', 'tickets__field');
  const labelled = el('label', null, label);
  labelled.htmlFor = id;
  const select = el('select');
  select.id = id;
  options.forEach(({ value, label: text }) => {
    const option = el('option', null, text);
    option.value = value;
    select.append(option);
  });
  field.append(labelled, select);
  return { field, select };
};

const button = (id, text, className = 'button button--ghost') => {
  const made = el('button', className, text);
  made.type = 'button';
  if (id) made.id = id;
  return made;
};

export class TicketsView {
  /**
   * @param root the element the view is drawn into
   * @param request (method, path, body) => the node's JSON answer, or a thrown Error in its words
   * @param self () => the console's own agent id when it knows it (shown as "You"), else null
   */
  constructor(root, { request, self = () => null }) {
    this.request = request;
    this.self = self;
    this.opened = null;
    this.read = new Map(); // the opened ticket's replies as the customer read them, by what the agent wrote
    const status = choice('tickets-status', 'Status', STATUS_FILTERS);
    const assignee = choice('tickets-assignee', 'Assigned to', ASSIGNEE_FILTERS);
    this.status = status.select;
    this.assignee = assignee.select;
    const filters = el('div', 'tickets__filters');
    this.refresh = button('tickets-refresh', 'Refresh');
    filters.append(status.field, assignee.field, this.refresh);
    this.summary = el('p', 'hint');
    this.summary.id = 'tickets-summary';
    this.summary.setAttribute('role', 'status');
    this.rows = el('tbody');
    this.rows.id = 'tickets-rows';
    const table = el('table', 'tickets__table');
    const caption = el('caption', 'visually-hidden', 'Tickets');
    const head = el('tr');
    COLUMNS.forEach((name) => {
      const cell = el('th', null, name);
      cell.scope = 'col';
      head.append(cell);
    });
    const thead = el('thead');
    thead.append(head);
    table.append(caption, thead, this.rows);
    const wrap = el('div', 'tickets__table-wrap');
    wrap.append(table);
    root.append(filters, this.summary, wrap, this.detail());
    [this.status, this.assignee].forEach((select) => select.addEventListener('change', () => this.load()));
    this.refresh.addEventListener('click', () => this.load());
  }

  /** The opened ticket's part of the view, hidden until one is opened. */
  detail() {
    const section = el('section', 'tickets__ticket');
    section.id = 'ticket';
    section.hidden = true;
    section.setAttribute('aria-labelledby', 'ticket-title');
    this.title = el('h3', 'tickets__title');
    this.title.id = 'ticket-title';
    this.title.tabIndex = -1;
    this.facts = el('p', 'hint');
    this.facts.id = 'ticket-facts';
    const actions = el('div', 'tickets__actions');
    this.assign = button('ticket-assign', 'Assign to me', 'button');
    this.statusButton = button('ticket-status', 'Close');
    actions.append(this.assign, this.statusButton);
    this.error = el('p', 'console__error');
    this.error.id = 'ticket-error';
    this.error.setAttribute('role', 'alert');
    this.error.hidden = true;
    this.history = el('ol', 'tickets__history');
    this.history.id = 'ticket-history';
    this.transcript = el('ol', 'tickets__transcript');
    this.transcript.id = 'ticket-transcript';
    section.append(this.title, this.facts, actions, this.error, el('h4', null, 'History'), this.history,
      el('h4', null, 'Replies'), ...this.replying(), el('h4', null, 'Conversation'), this.transcript);
    this.assign.addEventListener('click', () => this.change({ assignee: 'me' }));
    this.statusButton.addEventListener('click', () => this.change({ status: statusChange(this.opened).status }));
    return section;
  }

  /** The replies so far, where each got to, and the form that sends another. */
  replying() {
    this.contact = el('p', 'hint');
    this.contact.id = 'ticket-contact';
    this.replies = el('ol', 'tickets__replies');
    this.replies.id = 'ticket-replies';
    const form = el('form', 'tickets__reply');
    const label = el('label', null, 'Reply to the customer');
    label.htmlFor = 'ticket-reply-text';
    this.replyText = el('textarea');
    this.replyText.id = 'ticket-reply-text';
    this.replyText.rows = 3;
    this.replyText.maxLength = 10000;
    this.replyButton = el('button', 'button button--primary', 'Send reply');
    this.replyButton.type = 'submit';
    form.append(label, this.replyText, this.replyButton);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.reply();
    });
    return [this.contact, this.replies, form];
  }

  /** Sends the reply; the ticket is read again, to show where it got to. */
  async reply() {
    const text = this.replyText.value.trim();
    if (!text) return;
    this.refused(null);
    this.replyButton.disabled = true;
    try {
      await this.request('POST', repliesPath(this.opened.id), { text });
      this.replyText.value = '';
      this.show(await this.request('GET', ticketPath(this.opened.id)));
      if (this.opened.sessionId) await this.showConversation(this.opened.sessionId);
    } catch (failure) {
      this.refused(`The reply was not sent: ${failure.message}`);
    } finally {
      this.replyButton.disabled = false;
    }
  }

  /** The tickets the filters ask for, newest first. */
  async load() {
    this.summary.textContent = 'Loading…';
    let tickets;
    try {
      ({ tickets } = await this.request('GET', ticketsPath({ status: this.status.value, assignee: this.assignee.value })));
    } catch (failure) {
      this.summary.textContent = `The tickets could not be loaded: ${failure.message}`;
      return;
    }
    this.rows.replaceChildren();
    tickets.forEach((ticket) => this.rows.append(this.row(ticket)));
    this.summary.textContent = tickets.length === 0 ? 'No tickets match.'
      : `${tickets.length} ${tickets.length === 1 ? 'ticket' : 'tickets'}`;
  }

  row(ticket) {
    const row = el('tr');
    row.dataset.ticket = ticket.id;
    ticketCells(ticket, this.self()).forEach((text, column) => {
      const cell = el('td');
      if (column === 0) {
        const open = button(null, text, 'button button--ghost tickets__open');
        open.setAttribute('aria-label', `Open ${text}: ${ticket.subject}`);
        open.addEventListener('click', () => this.open(ticket.id));
        cell.append(open);
      } else {
        cell.textContent = text;
      }
      row.append(cell);
    });
    return row;
  }

  /** Opens a ticket with its history and its conversation; the heading takes the focus. */
  async open(id) {
    this.refused(null);
    this.read = new Map();
    let ticket;
    try {
      ticket = await this.request('GET', ticketPath(id));
    } catch (failure) {
      this.summary.textContent = `${id} could not be opened: ${failure.message}`;
      return;
    }
    this.show(ticket);
    this.transcript.replaceChildren(el('li', 'hint', ticket.sessionId ? 'Loading the conversation…' : 'Opened through the API: no conversation.'));
    if (ticket.sessionId) await this.showConversation(ticket.sessionId);
    this.title.focus();
  }

  show(ticket) {
    this.opened = ticket;
    this.title.closest('section').hidden = false;
    this.title.textContent = `${ticket.id}: ${ticket.subject}`;
    const [, , status, priority, created, assignee] = ticketCells(ticket, this.self());
    this.facts.textContent = `${status} · priority ${priority.toLowerCase()} (first response ${ticket.expectedResponse})`
      + ` · created ${created} · assigned to ${assignee === 'You' ? 'you' : assignee}`;
    this.assign.hidden = !canAssignTo(ticket, this.self());
    this.statusButton.textContent = statusChange(ticket).label;
    this.contact.textContent = contactText(ticket);
    this.replyText.disabled = this.replyButton.disabled = !ticket.sessionId;
    this.drawReplies();
    this.history.replaceChildren();
    historyLines(ticket.history, this.self()).forEach(({ at, text }) =>
      this.history.append(el('li', null, `${new Date(at).toLocaleString()}: ${text}`)));
  }

  async showConversation(sessionId) {
    let conversation;
    try {
      conversation = await this.request('GET', `/v1/sessions/${encodeURIComponent(sessionId)}`);
    } catch (failure) {
      this.transcript.replaceChildren(el('li', 'hint', `The conversation could not be read: ${failure.message}`));
      return;
    }
    const lines = transcriptLines(conversation);
    this.transcript.replaceChildren();
    if (lines.length === 0) this.transcript.append(el('li', 'hint', 'No messages.'));
    lines.forEach(({ role, who, text, lang, translation }) => {
      const item = el('li', 'tickets__message');
      item.dataset.role = role;
      const translated = translation?.original !== undefined;
      item.append(el('p', 'tickets__who', who), this.written(text, translated ? lang : undefined));
      if (translation) {
        // What the agent wrote, beside what the customer read (docs/languages.md#staff).
        item.dataset[translated ? 'translated' : 'untranslated'] = 'true';
        item.append(el('p', 'tickets__who', translation.note));
        if (translated) item.append(this.written(translation.original, translation.from));
      }
      this.transcript.append(item);
    });
    this.read = readByCustomer(conversation);
    this.drawReplies();
  }

  /** The opened ticket's replies, each as its agent wrote it and, once translated, as the customer read it. */
  drawReplies() {
    this.replies.replaceChildren();
    replyLines(this.opened?.replies).forEach(({ who, at, text, where, failed }) => {
      const item = el('li', failed ? 'tickets__message tickets__message--failed' : 'tickets__message');
      item.append(el('p', 'tickets__who', `${who}, ${new Date(at).toLocaleString()} (${where})`), this.written(text));
      const read = this.read.get(text);
      if (read) {
        item.dataset.translated = 'true';
        item.append(el('p', 'tickets__who', read.note), this.written(read.text, read.lang));
      }
      this.replies.append(item);
    });
  }

  /** Words as someone wrote or read them, in their language (its direction the text's own). */
  written(text, lang) {
    const paragraph = el('p', 'tickets__text', text);
    paragraph.dir = 'auto';
    if (lang) paragraph.lang = lang;
    return paragraph;
  }

  /** Changes the opened ticket (assign, close, reopen), then shows it and the list as they are now. */
  async change(body) {
    this.refused(null);
    try {
      this.show(await this.request('PATCH', ticketPath(this.opened.id), body));
    } catch (failure) {
      this.refused(`Refused: ${failure.message}`);
      return;
    }
    await this.load();
  }

  refused(text) {
    this.error.hidden = !text;
    this.error.textContent = text ?? '';
  }

  /** Signed out: nothing of the tenant's stays on the page. */
  forget() {
    this.opened = null;
    this.read = new Map();
    this.rows.replaceChildren();
    this.summary.textContent = '';
    this.title.closest('section').hidden = true;
  }
}
