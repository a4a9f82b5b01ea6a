// BubbleList (src/bubble-list.js) drawing a Conversation into a list that records what is done to it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BubbleList } from '../../src/bubble-list.js';
import { Conversation } from '../../src/conversation.js';

/** A list element with the few DOM methods BubbleList uses, counting insertions and removals. */
function fakeList() {
  const children = [];
  const list = {
    children,
    inserted: 0,
    removed: 0,
    get firstChild() {
      return children[0] ?? null;
    },
    insertBefore(element, before) {
      const at = children.indexOf(element);
      if (at >= 0) children.splice(at, 1);
      children.splice(before ? children.indexOf(before) : children.length, 0, element);
      list.inserted++;
    },
  };
  let made = 0;
  const create = () => {
    const element = {
      name: `li-${made++}`,
      text: null,
      get nextSibling() {
        return children[children.indexOf(element) + 1] ?? null;
      },
      remove() {
        children.splice(children.indexOf(element), 1);
        list.removed++;
      },
    };
    return element;
  };
  return { list, create };
}

function setUp() {
  const { list, create } = fakeList();
  const drawn = [];
  const bubbles = new BubbleList(list, {
    create,
    fill: (element, item) => {
      element.text = `${item.text}:${item.state}`;
      drawn.push(item.text);
    },
  });
  return { list, bubbles, drawn, conversation: new Conversation() };
}

const shown = (list) => list.children.map((element) => element.text);

test('an item keeps its element from pending to stored, drawn again only when it changed', () => {
  const { list, bubbles, drawn, conversation } = setUp();
  conversation.applyMessage({ seq: 1, role: 'assistant', text: 'Hi!' });
  conversation.addPending('c-1', 'Hello', { state: 'sent' });
  assert.equal(bubbles.render(conversation.ordered()), true);
  const [, pending] = list.children;
  assert.deepEqual(shown(list), ['Hi!:final', 'Hello:sent']);

  assert.equal(bubbles.render(conversation.ordered()), false, 'nothing changed');
  assert.equal(list.inserted, 2, 'and nothing was moved');
  conversation.applyAck({ clientMsgId: 'c-1', seq: 2 });
  bubbles.render(conversation.ordered());
  assert.equal(list.children[1], pending, 'the same element');
  assert.deepEqual(shown(list), ['Hi!:final', 'Hello:final']);
  assert.deepEqual(drawn, ['Hi!', 'Hello', 'Hello'], 'only the acked one drawn again');
});

test('an element is moved only when its item is out of place, and goes with its item', () => {
  const { list, bubbles, conversation } = setUp();
  conversation.applyDelta({ turnId: 't-1', text: 'Writing' });
  conversation.applyMessage({ seq: 1, role: 'user', text: 'Question' });
  bubbles.render(conversation.ordered());
  assert.deepEqual(shown(list), ['Question:final', 'Writing:streaming']);
  const inserted = list.inserted;
  conversation.applyDelta({ turnId: 't-1', text: '…' });
  bubbles.render(conversation.ordered());
  assert.equal(list.inserted, inserted, 'a delta moves nothing');

  conversation.applyInterrupted({ turnId: 't-1', seq: 0, text: '' });
  bubbles.render(conversation.ordered());
  assert.deepEqual(shown(list), ['Question:final']);
  assert.equal(list.removed, 1);
});

test('items of another conversation get elements of their own, although their ids are alike', () => {
  const { list, bubbles } = setUp();
  const first = new Conversation();
  const second = new Conversation();
  first.applyMessage({ seq: 1, role: 'user', text: 'In the first' });
  second.applyMessage({ seq: 1, role: 'user', text: 'In the second' });
  bubbles.render(first.ordered());
  const [element] = list.children;
  bubbles.render(second.ordered());
  assert.deepEqual(shown(list), ['In the second:final']);
  assert.notEqual(list.children[0], element);
});
