// The consoles' tickets (clients/web/tickets.js): what a filter asks for, each ticket's line and buttons, its history in words.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ASSIGNEE_FILTERS, STATUS_FILTERS, assigneeText, canAssignTo, contactText, historyLines, readByCustomer, repliesPath, replyLines, statusChange,
  ticketCells, ticketsPath, transcriptLines, translationNote,
} from '../../../web/tickets.js';

const TICKET = {
  id: 'T-1001', subject: 'Can I talk to a human?', status: 'open', priority: 'normal',
  createdAt: '2026-03-02T09:30:00Z', assignee: null, sessionId: 'acme/s-1',
};

test('a filter asks the node for its status and assignee only when chosen, the most tickets a list may hold', () => {
  assert.equal(ticketsPath({ status: 'open', assignee: 'me' }), '/v1/tickets?status=open&assignee=me&limit=200');
  assert.equal(ticketsPath({ status: '', assignee: 'unassigned' }), '/v1/tickets?assignee=unassigned&limit=200');
  assert.equal(ticketsPath(), '/v1/tickets?limit=200');
  assert.equal(STATUS_FILTERS[0].value, 'open', 'open tickets first: what a team works on');
  assert.deepEqual(ASSIGNEE_FILTERS.map((filter) => filter.value), ['', 'me', 'unassigned']);
});

test('a ticket\'s line names its assignee in words, the viewer as You', () => {
  const cells = ticketCells({ ...TICKET, assignee: 'dana' }, 'dana');
  assert.deepEqual([cells[0], cells[1], cells[2], cells[3], cells[5]], ['T-1001', 'Can I talk to a human?', 'Open', 'Normal', 'You']);
  assert.equal(cells[4], new Date(TICKET.createdAt).toLocaleString());
  assert.equal(assigneeText(null, 'dana'), 'Nobody');
  assert.equal(assigneeText('sam', 'dana'), 'sam');
  assert.equal(assigneeText('key:helpdesk', null), 'API key "helpdesk"');
});

test('an open or pending ticket is closed, a closed or resolved one reopened; one already mine is not assigned again', () => {
  assert.deepEqual(statusChange(TICKET), { status: 'closed', label: 'Close' });
  assert.deepEqual(statusChange({ ...TICKET, status: 'pending' }), { status: 'closed', label: 'Close' });
  assert.deepEqual(statusChange({ ...TICKET, status: 'closed' }), { status: 'open', label: 'Reopen' });
  assert.deepEqual(statusChange({ ...TICKET, status: 'resolved' }), { status: 'open', label: 'Reopen' });
  assert.equal(canAssignTo(TICKET, 'dana'), true);
  assert.equal(canAssignTo({ ...TICKET, assignee: 'dana' }, 'dana'), false);
  assert.equal(canAssignTo({ ...TICKET, assignee: 'dana' }, 'sam'), true, 'taken over from a colleague');
  assert.equal(canAssignTo({ ...TICKET, assignee: 'dana' }, null), true, 'a console that does not know its own id may always ask');
});

test('the history says what each change did, in order', () => {
  const lines = historyLines([
    { seq: 1, at: '2026-03-02T09:30:00Z', action: 'created', statusTo: 'open', priorityTo: 'normal' },
    { seq: 2, at: '2026-03-02T09:31:00Z', action: 'updated', assignedTo: 'dana' },
    { seq: 3, at: '2026-03-02T09:40:00Z', action: 'updated', statusFrom: 'open', statusTo: 'closed', note: 'Replacement sent' },
  ], 'dana');
  assert.deepEqual(lines.map((line) => line.text), [
    'Opened, open, priority normal', 'Assigned to you', 'Status open → closed; Note: Replacement sent']);
  assert.deepEqual(historyLines(undefined), []);
});

test('the conversation reads as who said what, an agent by their name', () => {
  assert.deepEqual(transcriptLines({ messages: [
    { role: 'user', text: 'Can I talk to a human?', at: 'a' },
    { role: 'system', text: 'This conversation is in ticket T-1001', at: 'b' },
    { role: 'agent', author: 'Dana', text: 'Hello', at: 'c' },
  ] }).map(({ who, text }) => `${who}: ${text}`), [
    'Customer: Can I talk to a human?', 'Notice: This conversation is in ticket T-1001', 'Agent Dana: Hello']);
  assert.deepEqual(transcriptLines(null), []);
});

test('a ticket says whether replies reach the customer by email, never the address', () => {
  assert.match(contactText({ sessionId: 's-1', contact: 'email' }), /by email/);
  assert.match(contactText({ sessionId: 's-1' }), /wait in the conversation/);
  assert.match(contactText({}), /through the API/);
  assert.equal(repliesPath('T-1001'), '/v1/tickets/T-1001/replies');
});

test('each reply says where it got to, a failed email with its reason', () => {
  const lines = replyLines([
    { seq: 1, authorName: 'Dana', createdAt: '2026-11-28T10:00:00Z', text: 'A new kettle ships today.',
      inConversation: true, mail: 'sent' },
    { seq: 2, authorName: 'Dana', createdAt: '2026-11-28T10:05:00Z', text: 'Tracking: 42.', inConversation: true,
      mail: 'pending', lastError: 'MailConnectException: connection refused' },
    { seq: 3, authorName: 'Sam', createdAt: '2026-11-28T10:06:00Z', text: 'Done.', inConversation: true, mail: 'failed',
      lastError: 'SMTPSendFailedException: 550 no such user' },
    { seq: 4, authorName: 'Sam', createdAt: '2026-11-28T10:07:00Z', text: 'Hi', inConversation: false, mail: 'none' },
  ]);
  assert.deepEqual(lines.map((line) => line.where), [
    'in the conversation · emailed',
    'in the conversation · email not sent yet, retrying (MailConnectException: connection refused)',
    'in the conversation · email failed: SMTPSendFailedException: 550 no such user',
    'not in the conversation yet',
  ]);
  assert.deepEqual(lines.map((line) => line.failed), [false, false, true, false]);
});

test('an agent\'s reply sent translated reads as the customer read it, with what the agent wrote beside it', () => {
  const conversation = { messages: [
    { role: 'user', text: 'Wo bleibt mein Paket?', at: 'a' },
    { role: 'agent', author: 'Dana', text: 'Ihr Ersatz wird heute verschickt.', at: 'b',
      translation: { original: 'Your replacement ships today.', from: 'en', to: 'de' } },
    { role: 'agent', author: 'Dana', text: 'Tracking: 42.', at: 'c',
      translation: { original: 'Tracking: 42.', from: 'en', to: 'de' } },
  ] };
  const [customer, translated, untranslated] = transcriptLines(conversation);
  assert.equal(customer.translation, null);
  assert.deepEqual(translated.translation, { note: 'Machine translation into German (de) of the agent\'s words in English (en):',
    original: 'Your replacement ships today.', from: 'en' });
  assert.equal(translated.lang, 'de');
  assert.equal(untranslated.translation.original, undefined, 'the model failed: the words went as written');
  assert.match(untranslated.translation.note, /^Not translated into German \(de\) \(the model failed\)/);

  const read = readByCustomer(conversation);
  assert.deepEqual(read.get('Your replacement ships today.'), { text: 'Ihr Ersatz wird heute verschickt.', lang: 'de',
    note: 'The customer read it in German (de), as the model translated it:' });
  assert.equal(read.has('Tracking: 42.'), false, 'read as written: nothing to add');
  assert.equal(readByCustomer(null).size, 0);
  assert.equal(translationNote('Hello', undefined), null);
});
