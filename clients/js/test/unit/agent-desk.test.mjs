// The agent's workspace as data (clients/web/agent-desk.js): the open conversations a filter asks
// for and their lines, saved replies found and filled for a conversation, notes' headings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  answeredBy, fillReply, matchReplies, noteHeading, openConversationsPath, openLine, replyValues,
} from '../../../web/agent-desk.js';

test('the open conversations are asked for by who answers them and their language', () => {
  assert.equal(openConversationsPath(), '/v1/conversations?status=open%2Cwaiting%2Cwith_agent&limit=100');
  assert.equal(openConversationsPath({ answeredBy: 'bot', language: 'de' }),
    '/v1/conversations?status=open&language=de&limit=100');
  assert.equal(openConversationsPath({ answeredBy: 'waiting' }), '/v1/conversations?status=waiting&limit=100');
  assert.equal(openConversationsPath({ answeredBy: 'agent' }), '/v1/conversations?status=with_agent&limit=100');
});

test('an open conversation reads who answers it as it stands, its customer, language and length', () => {
  const row = { channel: 'chat', userId: null, language: 'de', status: 'open', messages: { user: 2, bot: 1, agent: 0, notices: 3 },
    handoff: { askedAt: null, takenAt: null } };
  assert.equal(answeredBy(row), 'The bot answers');
  assert.equal(answeredBy({ ...row, status: 'waiting', handoff: { askedAt: '2026-01-01T00:00:00Z' } }), 'Waiting for a person');
  assert.equal(answeredBy({ ...row, status: 'with_agent', handoff: { askedAt: 'x', takenAt: 'y' } }), 'A person joined');
  assert.equal(answeredBy({ ...row, handoff: { askedAt: 'x', takenAt: 'y' } }), 'With the bot', 'handed back');
  assert.equal(answeredBy({ ...row, handoff: { askedAt: 'x' }, ticket: 'T-1001' }), 'Ticket T-1001', 'nobody came: a ticket');
  assert.equal(answeredBy({ ...row, failedSafe: { kind: 'recovery', failures: 3 } }), 'Failed safe: paused until an admin retries it');
  assert.equal(openLine(row, (tag) => (tag === 'de' ? 'German' : tag)), 'chat · anonymous · German · 3 messages');
  assert.equal(openLine({ ...row, userId: 'ada', language: null, messages: { user: 1 } }), 'chat · ada · 1 message');
});

test('saved replies are found by every word of the search, in title or body', () => {
  const replies = [{ title: 'Refund', body: 'Your refund is on its way' }, { title: 'Hours', body: 'We are open 9 to 5' }];
  assert.deepEqual(matchReplies(replies, ''), replies);
  assert.deepEqual(matchReplies(replies, 'REFUND way').map((r) => r.title), ['Refund']);
  assert.deepEqual(matchReplies(replies, 'open'), [replies[1]]);
  assert.deepEqual(matchReplies(replies, 'nothing'), []);
});

test('a saved reply is filled for the conversation; a variable without a value stays for the agent to fill', () => {
  const session = { userId: 'ada-1', channel: 'chat', language: { tag: 'de' }, facts: [{ name: 'name', value: 'Ada' }] };
  const values = replyValues(session, 'Sam');
  assert.deepEqual(fillReply('Hello {{customer.name}}, I am {{ agent.name }}.', values),
    { text: 'Hello Ada, I am Sam.', missing: [] });
  assert.deepEqual(fillReply('Hi {{customer.name}}, mail {{customer.email}} {{customer.email}}', replyValues({ facts: [] }, 'Sam')),
    { text: 'Hi {{customer.name}}, mail {{customer.email}} {{customer.email}}', missing: ['customer.name', 'customer.email'] });
  assert.equal(fillReply('{{Agent.Name}} on {{conversation.channel}}', values).text, 'Sam on chat');
});

test('a note is headed by its author and time', () => {
  assert.match(noteHeading({ author: 'Sam', createdAt: '2026-03-02T09:30:00Z' }, 'en-GB'), /^Sam · 2 Mar 2026/);
  assert.equal(noteHeading({ author: 'Sam', createdAt: 'soon' }), 'Sam · soon');
});
