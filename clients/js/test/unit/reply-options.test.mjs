// ReplyOptions and ReplyBar (src/reply-options.js): what a conversation offers to tap, and its buttons.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReplyBar, ReplyOptions } from '../../src/reply-options.js';

const OPTIONS = [{ label: 'Track my order', value: 'Where is my order?' }, { label: 'Return an item', value: 'Return an item' }];

test('the newest bot message offers its options until the customer writes after it', () => {
  const replies = new ReplyOptions();
  assert.equal(replies.current(), null);
  assert.equal(replies.applyMessage({ seq: 1, role: 'assistant', turnId: 'greeting', options: OPTIONS }), true);
  assert.deepEqual(replies.current(), { seq: 1, options: OPTIONS });
  const shown = replies.current();
  assert.equal(replies.applyMessage({ seq: 1, role: 'assistant', options: OPTIONS }), true, 'a replay offers anew');
  assert.equal(replies.applyMessage({ seq: 2, role: 'agent', text: 'Hello' }), false, 'a message without options leaves them');
  assert.notEqual(shown, null);
  assert.equal(replies.customerWrote(), true, 'gone as soon as the customer writes');
  assert.equal(replies.current(), null);
  assert.equal(replies.applyMessage({ seq: 3, role: 'user', text: 'Where is my order?' }), false);
  assert.equal(replies.applyMessage({ seq: 4, role: 'assistant', options: [OPTIONS[1]] }), true);
  assert.deepEqual(replies.current().options, [OPTIONS[1]]);
});

test('after a reload the replay withdraws options the customer already answered', () => {
  const replies = new ReplyOptions();
  replies.applyMessage({ seq: 1, role: 'assistant', options: OPTIONS });
  replies.applyMessage({ seq: 2, role: 'user', text: 'Where is my order?' });
  assert.equal(replies.current(), null);
  replies.reset();
  // Replays may come in any order: a later customer message still withdraws an earlier offer.
  replies.applyMessage({ seq: 2, role: 'user', text: 'Where is my order?' });
  replies.applyMessage({ seq: 1, role: 'assistant', options: OPTIONS });
  assert.equal(replies.current(), null);
  replies.applyMessage({ seq: 0.5, role: 'assistant', options: [{ label: 'x' }] });
  assert.equal(replies.current(), null, 'an option without a value is no option');
});

/** A document whose elements record their attributes, children, text and click listeners. */
function fakeDocument() {
  const doc = {
    createElement(name) {
      const element = {
        name, ownerDocument: doc, attributes: {}, children: [], textContent: '', hidden: false, clicks: [],
        setAttribute(key, value) { element.attributes[key] = value; },
        replaceChildren(...nodes) { element.children = nodes; },
        addEventListener(type, fn) { if (type === 'click') element.clicks.push(fn); },
        click() { element.clicks.forEach((fn) => fn()); },
      };
      return element;
    },
  };
  return doc;
}

test('the bar draws one button per option, each sending its value, and hides when nothing is offered', () => {
  const container = fakeDocument().createElement('div');
  const sent = [];
  const bar = new ReplyBar(container, { onTap: (value) => sent.push(value), label: 'Suggested replies' });
  assert.equal(container.hidden, true);
  assert.equal(container.attributes.role, 'group');
  assert.equal(container.attributes['aria-label'], 'Suggested replies');
  const replies = new ReplyOptions();
  replies.applyMessage({ seq: 1, role: 'assistant', options: OPTIONS });
  assert.equal(bar.render(replies.current()), true);
  assert.equal(bar.render(replies.current()), false, 'the same offer is not drawn again');
  assert.equal(container.hidden, false);
  assert.deepEqual(container.children.map((b) => [b.name, b.attributes.type, b.attributes.dir, b.textContent]),
    [['button', 'button', 'auto', 'Track my order'], ['button', 'button', 'auto', 'Return an item']]);
  container.children[0].click();
  assert.deepEqual(sent, ['Where is my order?']);
  replies.customerWrote();
  bar.render(replies.current());
  assert.equal(container.hidden, true);
  assert.deepEqual(container.children, []);
});

test('without onTap the bar lists the labels read-only', () => {
  const container = fakeDocument().createElement('div');
  const bar = new ReplyBar(container, { label: 'Replies offered' });
  bar.render({ seq: 1, options: OPTIONS });
  assert.equal(container.children.length, 1);
  const [list] = container.children;
  assert.equal(list.name, 'ul');
  assert.deepEqual(list.children.map((li) => [li.name, li.textContent, li.clicks.length]),
    [['li', 'Track my order', 0], ['li', 'Return an item', 0]]);
});

test('another session starts afresh, and a page that left the session shows none of its options', () => {
  const replies = new ReplyOptions();
  replies.applySession({ sessionId: 's-1' });
  replies.applyMessage({ seq: 1, role: 'assistant', options: OPTIONS });
  assert.equal(replies.current('s-1').seq, 1);
  assert.equal(replies.current(null), null, 'a new conversation, its session not started yet');
  replies.applySession({ sessionId: 's-1' });
  assert.equal(replies.current('s-1').seq, 1, 'a resume of the same session keeps them');
  replies.applySession({ sessionId: 's-2' });
  assert.equal(replies.current('s-2'), null);
});

test('a tap before there is a conversation: the greeting the message starts offers nothing until the tap is stored', () => {
  const replies = new ReplyOptions();
  replies.applyMessage({ seq: 0, role: 'assistant', options: OPTIONS }); // the widget's greeting before a conversation
  assert.equal(replies.current().seq, 0);
  replies.customerWrote();
  replies.applyMessage({ seq: 1, role: 'assistant', turnId: 'greeting', options: OPTIONS });
  assert.equal(replies.current(), null, 'the stored greeting comes before the tap that started it');
  replies.applyMessage({ seq: 2, role: 'user', text: 'Where is my order?' });
  assert.equal(replies.current(), null);
  replies.applyMessage({ seq: 3, role: 'assistant', options: [OPTIONS[1]] });
  assert.deepEqual(replies.current().options, [OPTIONS[1]], 'the answer after it offers its own');
});
