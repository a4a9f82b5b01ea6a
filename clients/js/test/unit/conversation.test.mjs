// The conversation model (src/conversation.js) on its own: frames in, items out, no DOM, no node.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Conversation } from '../../src/conversation.js';

const message = (seq, role, text, more = {}) => ({ seq, role, text, turnId: null, at: `2025-01-01T00:00:0${seq % 10}Z`, ...more });
const texts = (conversation) => conversation.ordered().map((item) => item.text);
const states = (conversation) => conversation.ordered().map((item) => `${item.text}:${item.state}`);

describe('stored messages', () => {
  test('are ordered by seq whatever order they come in', () => {
    const conversation = new Conversation();
    conversation.applyMessage(message(3, 'assistant', 'third'));
    conversation.applyMessage(message(1, 'user', 'first'));
    conversation.applyMessage(message(2, 'user', 'second'));
    assert.deepEqual(texts(conversation), ['first', 'second', 'third']);
    assert.equal(conversation.lastSeq, 3);
  });

  test('a replay updates the bubble it has instead of adding one', () => {
    const conversation = new Conversation();
    const { item, fresh } = conversation.applyMessage(message(1, 'user', 'Hi'));
    assert.equal(fresh, true);
    const replay = conversation.applyMessage(message(1, 'user', 'Hi'));
    assert.equal(replay.item, item);
    assert.equal(replay.fresh, false);
    assert.equal(item.rev, 0, 'nothing changed, nothing to redraw');
    conversation.applyMessage(message(1, 'user', 'Hi [EMAIL_1]'));
    assert.equal(conversation.ordered().length, 1);
    assert.equal(item.text, 'Hi [EMAIL_1]');
    assert.equal(item.rev, 1, 'a changed text is redrawn');
  });

  test('are live only after the lastSeq of the session frame: earlier ones are a replay', () => {
    const conversation = new Conversation();
    assert.equal(conversation.applyMessage(message(1, 'user', 'before any session')).live, false);
    conversation.applySession({ sessionId: 's-1', lastSeq: 2 });
    assert.equal(conversation.applyMessage(message(2, 'assistant', 'replayed')).live, false);
    assert.equal(conversation.applyMessage(message(3, 'assistant', 'news')).live, true);
    conversation.applySession({ sessionId: 's-1', lastSeq: 5 });
    assert.equal(conversation.applyMessage(message(4, 'assistant', 'missed while away')).live, false);
  });

  test('a frame without a seq is no message', () => {
    const conversation = new Conversation();
    assert.deepEqual(conversation.applyMessage({ role: 'user', text: 'x' }), { item: null, fresh: false, live: false });
    assert.equal(conversation.ordered().length, 0);
  });

  test('keep their author, the author\'s picture and source', () => {
    const conversation = new Conversation();
    const { item: agent } = conversation.applyMessage(message(1, 'agent', 'Hello, Dana here',
      { author: 'Dana', authorPicture: '/v1/agent-pictures/0a1b' }));
    const { item: greeting } = conversation.applyMessage(message(2, 'assistant', 'Welcome!', { turnId: 'greeting', source: 'greeting' }));
    assert.equal(agent.author, 'Dana');
    assert.equal(agent.authorPicture, '/v1/agent-pictures/0a1b');
    assert.equal(greeting.authorPicture, null);
    assert.equal(greeting.source, 'greeting');
  });
});

describe('pending messages', () => {
  test('show at once, below what is stored, until their ack gives them their seq', () => {
    const conversation = new Conversation();
    conversation.applyMessage(message(1, 'assistant', 'Hi!'));
    const pending = conversation.addPending('c-1', 'Where is my order?');
    assert.deepEqual(states(conversation), ['Hi!:final', 'Where is my order?:queued']);
    conversation.setConnected(true);
    assert.equal(pending.state, 'sent');
    const acked = conversation.applyAck({ clientMsgId: 'c-1', seq: 2 });
    assert.equal(acked, pending, 'the same bubble');
    assert.deepEqual(states(conversation), ['Hi!:final', 'Where is my order?:final']);
    assert.equal(pending.seq, 2);
    assert.equal(conversation.applyMessage(message(2, 'user', 'Where is my order?')).fresh, false, 'its echo adds nothing');
    assert.equal(conversation.ordered().length, 2);
  });

  test('an echo that beats the ack is bound to the pending bubble, and the ack after it adds nothing', () => {
    const conversation = new Conversation();
    const pending = conversation.addPending('c-1', 'Hello', { state: 'sent' });
    const { item, fresh } = conversation.applyMessage(message(4, 'user', 'Hello'));
    assert.equal(item, pending);
    assert.equal(fresh, false);
    assert.equal(conversation.applyAck({ clientMsgId: 'c-1', seq: 4 }), pending);
    assert.deepEqual(states(conversation), ['Hello:final']);
    assert.equal(conversation.applyAck({ clientMsgId: 'c-1', seq: 4 }), null, 'a repeated ack is done already');
  });

  test('an echo that does not match (redacted) is resolved by the ack: one bubble stays', () => {
    const conversation = new Conversation();
    conversation.addPending('c-1', 'Mail me at ada@example.com', { state: 'sent' });
    conversation.applyMessage(message(1, 'user', 'Mail me at [EMAIL_1]'));
    assert.equal(conversation.ordered().length, 2, 'until the ack, both show');
    conversation.applyAck({ clientMsgId: 'c-1', seq: 1 });
    assert.deepEqual(states(conversation), ['Mail me at [EMAIL_1]:final']);
  });

  test('an echo binds to a pending message of its own role only', () => {
    const conversation = new Conversation();
    const reply = conversation.addPending('a-1', 'Thanks', { role: 'agent', author: 'Dana', state: 'sent' });
    conversation.applyMessage(message(1, 'user', 'Thanks'));
    assert.equal(reply.seq, null, "the customer's Thanks is not the agent's");
    conversation.applyMessage(message(2, 'agent', 'Thanks', { author: 'Dana' }));
    assert.equal(reply.seq, 2);
    assert.equal(conversation.ordered().length, 2);
  });

  test('two pending messages of the same text are bound one each, in the order written', () => {
    const conversation = new Conversation();
    const first = conversation.addPending('c-1', 'yes', { state: 'sent' });
    const second = conversation.addPending('c-2', 'yes', { state: 'sent' });
    conversation.applyMessage(message(1, 'user', 'yes'));
    conversation.applyMessage(message(3, 'user', 'yes'));
    assert.equal(first.seq, 1);
    assert.equal(second.seq, 3);
  });

  test('a refused one shows as failed, is not resent by a reconnect, and can be retried or discarded', () => {
    const conversation = new Conversation();
    conversation.addPending('c-1', 'too long', { state: 'sent' });
    conversation.addPending('c-2', 'spam', { state: 'sent' });
    conversation.fail('c-1');
    conversation.fail('c-2');
    conversation.setConnected(false);
    assert.deepEqual(states(conversation), ['too long:failed', 'spam:failed']);
    assert.equal(conversation.takeFailed('c-1'), 'too long');
    assert.equal(conversation.takeFailed('c-1'), null, 'taken once');
    conversation.discard('c-2');
    assert.deepEqual(conversation.ordered(), []);
  });

  test('an error that names no message fails every pending one; an ack that comes after all stores it', () => {
    const conversation = new Conversation();
    conversation.applyMessage(message(1, 'user', 'Can I get a refund?'));
    conversation.addPending('a-1', 'Yes, today.', { role: 'agent', author: 'Dana', state: 'sent' });
    conversation.addPending('a-2', 'Anything else?', { role: 'agent', author: 'Dana', state: 'sent' });
    conversation.failPending();
    assert.deepEqual(states(conversation), ['Can I get a refund?:final', 'Yes, today.:failed', 'Anything else?:failed']);
    conversation.applyAck({ clientMsgId: 'a-1', seq: 2 });
    assert.deepEqual(states(conversation), ['Can I get a refund?:final', 'Yes, today.:final', 'Anything else?:failed']);
  });

  test('only a failed message is taken for a retry, and a stored one is neither failed nor discarded', () => {
    const conversation = new Conversation();
    conversation.addPending('c-1', 'Hi', { state: 'sent' });
    assert.equal(conversation.takeFailed('c-1'), null);
    conversation.applyMessage(message(1, 'user', 'Hi'));
    conversation.fail('c-1');
    conversation.discard('c-1');
    assert.deepEqual(states(conversation), ['Hi:final']);
  });
});

describe('the answer being written', () => {
  test('typing opens it, deltas fill it, and its message makes it final in the same bubble', () => {
    const conversation = new Conversation();
    conversation.applyMessage(message(1, 'user', 'Hi'));
    const typing = conversation.applyTyping({ turnId: 't-1' });
    assert.deepEqual(states(conversation), ['Hi:final', ':streaming']);
    conversation.applyDelta({ turnId: 't-1', text: 'Hel' });
    conversation.applyDelta({ turnId: 't-1', text: 'lo!' });
    assert.equal(typing.text, 'Hello!');
    const { item, fresh } = conversation.applyMessage(message(2, 'assistant', 'Hello there!', { turnId: 't-1' }));
    assert.equal(item, typing);
    assert.equal(fresh, true);
    assert.deepEqual(states(conversation), ['Hi:final', 'Hello there!:final']);
  });

  test('deltas, typing and tools after the final message are ignored', () => {
    const conversation = new Conversation();
    conversation.applyDelta({ turnId: 't-1', text: 'Hi' });
    conversation.applyMessage(message(2, 'assistant', 'Hi', { turnId: 't-1' }));
    assert.equal(conversation.applyDelta({ turnId: 't-1', text: ' late' }), null);
    assert.equal(conversation.applyTyping({ turnId: 't-1' }), null);
    assert.equal(conversation.applyTool({ turnId: 't-1', name: 'kb_search', status: 'started' }), null);
    assert.deepEqual(states(conversation), ['Hi:final']);
  });

  test('stays below stored messages while it is written', () => {
    const conversation = new Conversation();
    conversation.applyDelta({ turnId: 't-1', text: 'Writing' });
    conversation.applyMessage(message(5, 'system', 'Dana joined the conversation.'));
    assert.deepEqual(texts(conversation), ['Dana joined the conversation.', 'Writing']);
  });

  test('keeps its tool calls in order, the latest 20, also once final', () => {
    const conversation = new Conversation();
    conversation.applyTool({ turnId: 't-1', name: 'kb_search', status: 'started' });
    conversation.applyTool({ turnId: 't-1', name: 'kb_search', status: 'succeeded', detail: '2 articles' });
    const { item } = conversation.applyMessage(message(2, 'assistant', 'Found it', { turnId: 't-1' }));
    assert.deepEqual(item.tools, [
      { name: 'kb_search', status: 'started', detail: null },
      { name: 'kb_search', status: 'succeeded', detail: '2 articles' },
    ]);
    for (let i = 0; i < 25; i++) conversation.applyTool({ turnId: 't-2', name: `tool_${i}`, status: 'started' });
    const tools = conversation.turns.get('t-2').tools;
    assert.equal(tools.length, 20);
    assert.equal(tools.at(-1).name, 'tool_24');
  });

  test('a dropped socket removes an empty answer and marks a partial one, pinned where it broke off', () => {
    const conversation = new Conversation();
    conversation.applyMessage(message(1, 'user', 'Hi'));
    conversation.addPending('c-2', 'Are you there?', { state: 'sent' });
    conversation.applyTyping({ turnId: 't-empty' });
    conversation.applyDelta({ turnId: 't-1', text: 'Half an ans' });
    conversation.connectionLost();
    assert.deepEqual(states(conversation), ['Hi:final', 'Half an ans:stale', 'Are you there?:queued']);
    assert.equal(conversation.applyDelta({ turnId: 't-1', text: 'wer' }).text, 'Half an ans', 'a hole is never filled with later deltas');
    conversation.applyMessage(message(3, 'agent', 'Later'));
    assert.deepEqual(texts(conversation), ['Hi', 'Half an ans', 'Later', 'Are you there?']);
    conversation.applyMessage(message(2, 'assistant', 'Half an answer, whole.', { turnId: 't-1' }));
    assert.deepEqual(states(conversation), ['Hi:final', 'Half an answer, whole.:final', 'Later:final', 'Are you there?:queued']);
  });
});

describe('a voice barge-in', () => {
  test('cuts the stored answer to what was heard', () => {
    const conversation = new Conversation();
    const { item } = conversation.applyMessage(message(2, 'assistant', 'Your parcel left the depot and will arrive tomorrow.', { turnId: 't-1' }));
    const cut = conversation.applyInterrupted({ turnId: 't-1', seq: 2, text: 'Your parcel left the depot' });
    assert.equal(cut, item);
    assert.equal(item.text, 'Your parcel left the depot');
    assert.equal(item.interrupted, true);
  });

  test('removes an answer nobody heard, and one still being written', () => {
    const conversation = new Conversation();
    conversation.applyMessage(message(2, 'assistant', 'Unheard', { turnId: 't-1' }));
    assert.equal(conversation.applyInterrupted({ turnId: 't-1', seq: 2, text: '' }), null);
    conversation.applyDelta({ turnId: 't-2', text: 'Being spo' });
    assert.equal(conversation.applyInterrupted({ turnId: 't-2', seq: 0, text: '' }), null);
    assert.deepEqual(conversation.ordered(), []);
    assert.equal(conversation.applyDelta({ turnId: 't-2', text: 'ken' }), null, 'the cut turn takes no more deltas');
  });

  test('replayed, the cut answer keeps its mark', () => {
    const conversation = new Conversation();
    conversation.applyMessage(message(2, 'assistant', 'What was heard', { turnId: 't-1', interrupted: true }));
    assert.equal(conversation.ordered()[0].interrupted, true);
  });
});

describe('the session', () => {
  test('another session starts afresh, keeping what was written and not stored', () => {
    const conversation = new Conversation();
    assert.equal(conversation.applySession({ sessionId: 's-1', lastSeq: 0 }), false);
    conversation.applyMessage(message(1, 'user', 'old'));
    conversation.addPending('c-1', 'old, acked', { state: 'sent' });
    conversation.applyAck({ clientMsgId: 'c-1', seq: 2 });
    conversation.addPending('c-2', 'unsent');
    conversation.applyHandoff({ status: 'agent', agent: 'Dana' });
    conversation.applyRated({ score: 5 });
    assert.equal(conversation.applySession({ sessionId: 's-1', lastSeq: 2 }), false, 'a resume is no switch');
    assert.equal(conversation.applySession({ sessionId: 's-2', lastSeq: 0 }), true);
    assert.deepEqual(states(conversation), ['unsent:queued']);
    assert.equal(conversation.sessionId, 's-2');
    assert.equal(conversation.handoff.status, 'bot');
    assert.equal(conversation.rating.state, 'unrated');
    conversation.applyAck({ clientMsgId: 'c-2', seq: 1 });
    assert.deepEqual(states(conversation), ['unsent:final'], 'still acked as before');
  });

  test('reset forgets everything, what was written too', () => {
    const conversation = new Conversation();
    conversation.applySession({ sessionId: 's-1', lastSeq: 0 });
    conversation.addPending('c-1', 'gone');
    conversation.reset();
    assert.deepEqual(conversation.ordered(), []);
    assert.equal(conversation.sessionId, null);
    assert.equal(conversation.applyAck({ clientMsgId: 'c-1', seq: 1 }), null);
  });

  test('closed, an answer that will not come goes and the close is kept', () => {
    const conversation = new Conversation();
    conversation.applyTyping({ turnId: 't-1' });
    conversation.applyClosed({ reason: 'agent closed it' });
    assert.deepEqual(conversation.closed, { reason: 'agent closed it' });
    assert.deepEqual(conversation.ordered(), []);
  });

  test('a local line goes after what was seen when it was added', () => {
    const conversation = new Conversation();
    const greeting = conversation.addLocal('assistant', 'Hi! How can we help?', 'greeting');
    assert.equal(greeting.state, 'local');
    assert.equal(greeting.source, 'greeting');
    conversation.applyMessage(message(1, 'user', 'Hello'));
    conversation.addLocal('system', 'Something went wrong.');
    conversation.applyMessage(message(2, 'assistant', 'Hi again'));
    assert.deepEqual(texts(conversation), ['Hi! How can we help?', 'Hello', 'Something went wrong.', 'Hi again']);
  });
});

describe('handoff', () => {
  test('from the queue to an agent by name and back to the bot', () => {
    const conversation = new Conversation();
    assert.equal(conversation.handoff.status, 'bot');
    conversation.applyHandoff({ status: 'waiting_for_agent' });
    conversation.applyQueue({ position: 2, expectedWaitMinutes: 3 });
    assert.deepEqual(conversation.handoff.queue, { position: 2, expectedWaitMinutes: 3 });
    conversation.applyQueue({ position: 1, expectedWaitMinutes: 1 });
    assert.equal(conversation.handoff.queue.position, 1, 'the queue moved');
    const joined = conversation.applyHandoff({ status: 'agent', agent: 'Dana', agentId: 'agent-dana',
      picture: '/v1/agent-pictures/0a1b' });
    assert.deepEqual(joined, { status: 'agent', agent: 'Dana', agentId: 'agent-dana', picture: '/v1/agent-pictures/0a1b',
      queue: null, handedBack: false });
    const back = conversation.applyHandoff({ status: 'bot' });
    assert.deepEqual(back, { status: 'bot', agent: null, agentId: null, picture: null, queue: null, handedBack: true });
    conversation.applyHandoff({ status: 'waiting_for_agent' });
    assert.equal(conversation.handoff.handedBack, false, 'asking again is not handed back');
  });

  test('a place in the queue means a person is asked for; none counts once an agent holds it', () => {
    const conversation = new Conversation();
    conversation.applyQueue({ position: 1, expectedWaitMinutes: 2 });
    assert.equal(conversation.handoff.status, 'waiting_for_agent');
    conversation.applyHandoff({ status: 'agent', agent: 'Dana' });
    conversation.applyQueue({ position: 1, expectedWaitMinutes: 2 });
    assert.equal(conversation.handoff.status, 'agent');
    assert.equal(conversation.handoff.queue, null);
    conversation.applyHandoff({ status: 'bot' });
    conversation.applyQueue({ position: 0, expectedWaitMinutes: 0 });
    assert.equal(conversation.handoff.status, 'bot', 'no place is no queue');
  });
});

describe('rating', () => {
  test('is given once: sending, then rated', () => {
    const conversation = new Conversation();
    assert.equal(conversation.rating.state, 'unrated');
    assert.equal(conversation.startRating({ score: 4, comment: 'Quick' }), true);
    assert.deepEqual({ ...conversation.rating }, { state: 'sending', score: 4, comment: 'Quick', at: null, error: null });
    assert.equal(conversation.startRating({ score: 5 }), false, 'not while one is on its way');
    conversation.applyRated({ score: 4, comment: 'Quick', at: '2025-01-01T10:00:00Z' });
    assert.deepEqual({ ...conversation.rating }, { state: 'rated', score: 4, comment: 'Quick', at: '2025-01-01T10:00:00Z', error: null });
    assert.equal(conversation.startRating({ score: 1 }), false, 'not twice');
  });

  test('refused, it may be tried again; refused as rated already, it may not', () => {
    const conversation = new Conversation();
    conversation.startRating({ score: 4 });
    conversation.ratingRefused({ code: 'unavailable', message: 'try again' });
    assert.equal(conversation.rating.state, 'unrated');
    assert.equal(conversation.rating.error, 'try again');
    assert.equal(conversation.startRating({ score: 4 }), true);
    conversation.ratingRefused({ code: 'conflict', message: 'rated already' });
    assert.equal(conversation.rating.state, 'rated');
    assert.equal(conversation.startRating({ score: 4 }), false);
  });

  test('a rating from elsewhere (another tab, a stored one) is taken as it is', () => {
    const conversation = new Conversation();
    conversation.applyRated({ score: 2 });
    assert.deepEqual({ ...conversation.rating }, { state: 'rated', score: 2, comment: null, at: null, error: null });
  });
});

test("a message's files: with its pending bubble at once, then as its attachments frame names them", () => {
  const c = new Conversation();
  const sent = [{ attachmentId: 'att_1', name: 'label.jpg', contentType: 'image/jpeg', size: 3, url: '/v1/sessions/s/attachments/att_1' }];
  const pending = c.addPending('c-1', 'label.jpg', { attachments: sent });
  assert.deepEqual(pending.attachments, sent);
  assert.equal(c.applyMessage({ seq: 1, role: 'user', text: 'label.jpg' }).item, pending);
  const rev = pending.rev;
  assert.equal(c.applyAttachments({ seq: 1, attachments: [...sent, { name: 'no id' }] }), pending);
  assert.deepEqual(pending.attachments, sent, 'only files the node named');
  assert.ok(pending.rev > rev, 'drawn again');
  const answer = c.applyMessage({ seq: 2, role: 'agent', text: 'Thanks', author: 'Dana' }).item;
  assert.deepEqual(answer.attachments, []);
  assert.equal(c.applyAttachments({ seq: 9, attachments: sent }), null, 'a message not shown');
});
