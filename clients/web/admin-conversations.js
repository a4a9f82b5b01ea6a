// Conversations: the read model's list with the API's filters and its search of the words said
// (GET /v1/conversations), the customers' or the test conversations (?test=true), a page at a time, one conversation's transcript (GET /v1/conversations/{id}),
// its tags and the judge's score, any conversation made a test case
// (POST /v1/conversations/{id}/to-case), a failed-safe conversation marked and retried (POST /v1/conversations/{id}/retry), and an export of a range (with the transcripts when asked) fetched with the admin's
// key (never a key in a URL) and handed to the browser as a file. The transcript shows the tool calls where they happened,
// and the procedures the conversation ran, step by step. While its first page is on screen, a
// conversation begun (its customer's first message) or closed reads it again (live-reads.js).

import { counted } from '/client/texts.js';
import { $, el, emptyRow, fill, saveFile, textRow } from './console-dom.js';
import { dayRange, when } from './admin-time.js';
import { inOrder, toolCallItem } from './admin-transcript-tools.js';
import { showProcedureRuns } from './admin-procedure-runs.js';
import { StaffFiles } from './staff-files.js';
import { StaffRecording } from './staff-recording.js';
import { costText, money } from './admin-spend.js';
import { LiveReads } from './live-reads.js';

const PAGE = 25;
/** What the list is read again at: a conversation begun or closed. */
export const LIST_KINDS = ['conversations'];
const FILTERS = [['q', 'conversation-search'], ['channel', 'conversation-channel'], ['status', 'conversation-status'],
  ['resolvedBy', 'conversation-resolved'], ['rating', 'conversation-rating'], ['score', 'conversation-score'],
  ['sort', 'conversation-sort'], ['tag', 'conversation-tag'], ['language', 'conversation-language']];
/** The judge's score as a cell or a fact: the score, or what became of the scoring. */
const scoreText = (quality) => {
  if (!quality) return '';
  if (quality.state !== 'scored') return quality.state;
  return `${quality.score} of 5`;
};
const LANGUAGES = new Intl.DisplayNames(['en'], { type: 'language' });
/** A language tag as people read it, "German (de)"; empty for none. */
const languageText = (tag) => {
  if (!tag) return '';
  try {
    return `${LANGUAGES.of(tag) ?? tag} (${tag})`;
  } catch {
    return tag;
  }
};
const ROLES = { user: 'Customer', assistant: 'Bot', tool: 'Tool call', system: 'System', agent: 'Agent' };

/** A term and its description, appended to the list {@code list} when there is something to say. */
const describe = (list, term, description) => {
  if (!description) return;
  list.append(el('dt', null, term), el('dd', null, description));
};

/** A message of the transcript, an agent's translated reply with what the agent wrote. */
const messageItem = (message) => {
  const item = el('li', 'transcript__message');
  item.dataset.role = message.role;
  item.dataset.at = message.at;
  const who = message.role === 'agent' && message.author ? `Agent ${message.author}` : ROLES[message.role] ?? message.role;
  const notes = [message.source, message.interrupted && 'interrupted'].filter(Boolean).join(', ');
  item.append(el('p', 'transcript__who', `${who} · ${when(message.at)}${notes ? ` · ${notes}` : ''}`), el('p', 'transcript__text', message.text));
  // An agent's reply sent as the model's translation: marked as one, with what the agent wrote.
  if (message.translation && message.translation.original === message.text) {
    // The model failed: the reply went as written (docs/languages.md#staff).
    item.dataset.untranslated = 'true';
    item.append(el('p', 'transcript__who', `Not translated into ${languageText(message.translation.to)} `
      + '(the model failed): the customer read the agent\'s words as written.'));
  } else if (message.translation) {
    const { original, from, to } = message.translation;
    item.dataset.translated = 'true';
    item.lastChild.lang = to;
    item.append(el('p', 'transcript__who', `Machine translation into ${languageText(to)} of the agent's words in ${languageText(from)}:`));
    const written = el('p', 'transcript__text', original);
    written.lang = from;
    item.append(written);
  }
  return item;
};

export class Conversations {
  /** {@code console} asks the server ({@code request}, {@code send}) and shows its refusals ({@code act}, {@code button}). */
  constructor(console) {
    this.console = console;
    this.query = null;
    this.next = null;
    this.opened = null;
    this.paged = false; // pages after the first shown: the list then waits for the admin
    this.drawn = null; // the first page last drawn: drawn again only when it changed
    this.live = new LiveReads({ read: () => this.refresh(), shown: () => !$('workspace').hidden
      && !$('view-conversations').hidden && this.query !== null && !this.paged, kinds: LIST_KINDS, changes: console.changes });
    // The conversation's files, read with the admin's credential (the session's attachment route answers its tenant's staff).
    this.files = new StaffFiles((file) => console.send('GET', file.url));
    // A call's recording, read with the same credential; a conversation without one answers 404.
    this.recording = new StaffRecording((sessionId) => console.send('GET', `/v1/conversations/${encodeURIComponent(sessionId)}/recording`)
      .catch((failure) => (failure.status === 404 ? { status: 404, ok: false } : Promise.reject(failure))));
    $('conversation-filter').addEventListener('submit', (event) => { event.preventDefault(); console.act(() => this.load(false), $('conversation-show')); });
    // Test conversations (drafts tried, evaluations) are listed apart, never mixed with the customers'.
    $('conversation-test').addEventListener('change', () => console.act(() => this.load(false), $('conversation-test')));
    $('conversations-more').addEventListener('click', () => console.act(() => this.load(true), $('conversations-more')));
    $('conversation-export').addEventListener('click', () => console.act(() => this.export(), $('conversation-export')));
    $('to-case-button').addEventListener('click', () => console.act(() => this.toCase(), $('to-case-button')));
    $('tag-add').addEventListener('submit', (event) => {
      event.preventDefault();
      console.act(() => this.tag($('tag-name').value.trim(), true), $('tag-submit'));
    });
  }

  /** The filters as the form holds them: the range's days as instants, each other field when set. */
  range() {
    const { from, to } = dayRange($('conversation-from').value, $('conversation-to').value);
    const query = new URLSearchParams();
    if (from) query.set('from', from.toISOString());
    if (to) query.set('to', to.toISOString());
    return query;
  }

  /** The first page with the form's filters, or ({@code more}) the page after the last one shown, with the same. */
  async load(more) {
    if (!more) {
      this.query = this.range();
      this.query.set('limit', PAGE);
      FILTERS.forEach(([name, id]) => { if ($(id).value.trim()) this.query.set(name, $(id).value.trim()); });
      if ($('conversation-test').checked) this.query.set('test', 'true');
    }
    const query = new URLSearchParams(this.query);
    if (more) query.set('cursor', this.next);
    // A new search empties the list first: a refused one leaves no rows that answer another.
    if (!more) this.draw(null, false);
    this.draw(await this.console.request('GET', `/v1/conversations?${query}`), more);
    if (!this.live.started) this.live.start();
  }

  /** The first page again, with the filters it was shown with; drawn only when it changed. */
  async refresh() {
    const { query } = this;
    const page = await this.console.request('GET', `/v1/conversations?${query}`);
    // Another search, or the next page, shown meanwhile: this answer is of a list no longer shown.
    if (query !== this.query || this.paged) return;
    if (JSON.stringify(page) !== this.drawn) this.draw(page, false);
  }

  /** Shows {@code page} ({@code more}: after the rows shown); no page empties the list. */
  draw(page, more) {
    const body = $('conversations').tBodies[0];
    if (!more) body.replaceChildren();
    this.paged = more;
    this.drawn = more ? null : JSON.stringify(page);
    if (!page) return;
    page.conversations.forEach((conversation) => body.append(this.row(conversation)));
    if (body.rows.length === 0) body.append(emptyRow('No conversations.', 10));
    this.next = page.next ?? null;
    $('conversations-more').disabled = !this.next;
  }

  row(conversation) {
    const { user, bot, agent } = conversation.messages;
    // A failed-safe conversation answers its customer an error until an admin retries it (docs/operations.md#failed-safe-sessions).
    const { failedSafe } = conversation;
    const status = failedSafe ? `${conversation.status}, failed-safe (${failedSafe.kind}, ${failedSafe.failures} failures)` : conversation.status;
    const row = textRow([when(conversation.startedAt), conversation.channel, status,
      conversation.resolvedBy ?? '', `${user} customer, ${bot} bot, ${agent} agent`, conversation.rating ?? '',
      scoreText(conversation.quality), conversation.tags.join(', '), languageText(conversation.language),
      conversation.cost ? money(conversation.cost.amount, conversation.cost.currency) : ''].map(String),
    { session: conversation.sessionId });
    const open = el('td');
    open.append(this.console.button('open', 'Open', `Open the conversation started ${when(conversation.startedAt)}`,
      () => this.open(conversation.sessionId, conversation.tags)));
    if (failedSafe) {
      row.dataset.failedSafe = 'true';
      open.append(' ', this.console.button('retry', 'Retry', `Retry the conversation started ${when(conversation.startedAt)}, `
        + `failed-safe since ${when(failedSafe.firstAt)} (${failedSafe.reason})`, () => this.retry(conversation.sessionId)));
    }
    row.append(open);
    return row;
  }

  /** Retries a failed-safe conversation: its next message replays its history again; the list shows it so. */
  async retry(sessionId) {
    await this.console.request('POST', `/v1/conversations/${encodeURIComponent(sessionId)}/retry`);
    await this.load(false);
  }

  async open(sessionId, tags) {
    const session = await this.console.request('GET', `/v1/conversations/${encodeURIComponent(sessionId)}`);
    this.opened = { sessionId, tags: new Set(tags) };
    $('transcript').dataset.session = sessionId;
    $('transcript-title').textContent = `Conversation started ${when(session.startedAt)}`;
    const facts = $('transcript-facts');
    facts.replaceChildren();
    describe(facts, 'Channel', session.channel);
    describe(facts, 'Language', session.language
      ? `${languageText(session.language.tag)}, from ${session.language.source}` : 'not decided');
    describe(facts, 'Status', session.closedAt
      ? `${session.status}, closed ${when(session.closedAt)}${session.closeReason ? ` (${session.closeReason})` : ''}` : session.status);
    const { handoff } = session;
    describe(facts, 'Handoff', [handoff.status, handoff.agent && `agent ${handoff.agent}`, handoff.trigger,
      handoff.since && `since ${when(handoff.since)}`].filter(Boolean).join(', '));
    describe(facts, 'Rating', session.rating
      ? `${session.rating.score} of 5${session.rating.comment ? `: ${session.rating.comment}` : ''}` : 'not rated');
    const { quality } = session;
    if (quality) {
      describe(facts, 'Score', quality.state === 'scored'
        ? `${scoreText(quality)}; ${quality.resolved ? 'resolved' : 'not resolved'}, ${quality.grounded ? 'grounded' : 'not grounded'}, `
          + `${quality.tone}: ${quality.reason}`
        : `${quality.state}${quality.reason ? `: ${quality.reason}` : ''}`);
    }
    $('to-case').hidden = !session.messages.some((message) => message.role === 'user');
    $('to-case-status').textContent = '';
    // The score with each signal's points and reason: why the bot thought this a lead.
    if (session.lead) {
      describe(facts, 'Lead score', `${session.lead.score}${session.lead.qualified ? ', qualified' : ''}: `
        + session.lead.contributions.map((part) => `${part.points > 0 ? '+' : ''}${part.points} ${part.reason}`).join('; '));
    }
    describe(facts, 'Archive', session.archived
      ? `${session.archived.location}, ${session.archived.key} (${counted(session.archived.bytes, { one: '{count} byte', other: '{count} bytes' })}, ${when(session.archived.at)})` : 'not archived yet');
    const cost = await this.console.request('GET', `/v1/conversations/${encodeURIComponent(sessionId)}/cost`);
    describe(facts, 'Cost', costText(cost));
    (session.transfers ?? []).forEach((transfer) => describe(facts, 'Transfer',
      `${transfer.target}: ${transfer.outcome}${transfer.transferred ? ', transferred' : ''} (${when(transfer.at)})`));
    const messages = $('transcript-messages');
    messages.replaceChildren();
    if (session.messages.length === 0) messages.append(el('li', 'hint', 'No messages.'));
    inOrder(session.messages, session.toolCalls).forEach(({ message, call }) => messages.append(call ? toolCallItem(call) : messageItem(message)));
    showProcedureRuns($('transcript-procedures'), session.procedures);
    const files = this.files.list(session.attachments ?? []);
    $('transcript-files').replaceChildren(...(files.length ? files : [el('p', 'hint', 'No files.')]));
    $('transcript-recording-title').hidden = !(await this.recording.show($('transcript-recording'), sessionId,
      [...messages.querySelectorAll('li[data-at]')]).catch(() => false));
    this.showTags();
    const { notes } = await this.console.request('GET', `/v1/conversations/${encodeURIComponent(sessionId)}/notes`);
    fill('transcript-notes', notes, 'No notes.', (item, note) => {
      item.append(el('p', 'transcript__who', `${note.author} · ${when(note.createdAt)}`), el('p', 'transcript__text', note.body));
    });
    $('transcript').hidden = false;
    $('transcript-title').focus();
  }

  /** Makes the open conversation a test case; the case is then among the evaluation cases. */
  async toCase() {
    const { sessionId } = this.opened;
    const made = await this.console.request('POST', `/v1/conversations/${encodeURIComponent(sessionId)}/to-case`);
    $('to-case-status').textContent = `Test case "${made.name}" made of this conversation's `
      + `${counted(made.definition.messages.length, { one: '{count} customer message', other: '{count} customer messages' })}.`;
  }

  showTags() {
    const list = $('transcript-tags');
    list.replaceChildren();
    if (this.opened.tags.size === 0) list.append(el('li', 'hint', 'No tags.'));
    [...this.opened.tags].sort().forEach((tag) => {
      const item = el('li', 'admin__item');
      item.dataset.tag = tag;
      item.append(el('span', null, tag), this.console.button('untag', 'Remove', `Remove the tag ${tag}`, () => this.tag(tag, false)));
      list.append(item);
    });
  }

  /** Adds ({@code on}) or removes a tag of the open conversation; the page changes once the server agreed. */
  async tag(tag, on) {
    const { sessionId } = this.opened;
    await this.console.request(on ? 'PUT' : 'DELETE', `/v1/conversations/${encodeURIComponent(sessionId)}/tags/${encodeURIComponent(tag)}`);
    if (on) this.opened.tags.add(tag);
    else this.opened.tags.delete(tag);
    if (on) $('tag-add').reset();
    this.showTags();
    $('tag-status').textContent = on ? `Tagged ${tag}.` : `Removed ${tag}.`;
    await this.load(false);
  }

  /** Drops every conversation from the page, so what customers wrote stays in no hidden element after sign-out. */
  forget() {
    this.query = null;
    this.next = null;
    this.drawn = null;
    this.opened = null;
    $('conversations').tBodies[0].replaceChildren();
    ['transcript-facts', 'transcript-tags', 'transcript-notes', 'transcript-procedures', 'transcript-messages'].forEach((id) => $(id).replaceChildren());
    $('transcript').hidden = true;
    ['tag-status', 'export-status', 'to-case-status'].forEach((id) => { $(id).textContent = ''; });
    $('to-case').hidden = true;
  }

  /**
   * Saves the range's export, with the transcripts when asked: the same request as the API's, read
   * as it streams in (JSON lines counted on the way, nothing parsed), then handed to the browser.
   */
  async export() {
    const format = $('export-format').value;
    const query = this.range();
    query.set('format', format);
    if ($('export-transcripts').checked) query.set('include', 'transcript');
    const response = await this.console.send('GET', `/v1/conversations/export?${query}`);
    const parts = [];
    let lines = 0;
    const reader = response.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      parts.push(read.value);
      if (format !== 'csv') read.value.forEach((byte) => { if (byte === 10) lines += 1; });
    }
    const file = new Blob(parts, { type: response.headers.get('content-type') ?? 'application/octet-stream' });
    saveFile(file, `conversations.${format}`);
    // A CSV cell may hold line breaks (a message, the tool calls): its size is said, not a count.
    const what = format === 'csv' ? `${counted(Math.ceil(file.size / 1024), { one: '{count} KB', other: '{count} KB' })} of CSV`
      : `${counted(lines, { one: '{count} conversation', other: '{count} conversations' })} as JSON lines`;
    $('export-status').textContent = `Exported ${what}${query.has('include') ? ', with the transcripts' : ''}.`;
  }
}
