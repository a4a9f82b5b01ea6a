// The approval cards' model (approval-cards.js), which the chat page and the widget draw each in
// their own markup: which card shows, which goes, and what an answer does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApprovalCards } from '../../src/approval-cards.js';

/** A surface's markup as plain objects: a card, its buttons and its status line. */
function markup() {
  const part = (kind, frame) => {
    const listeners = {};
    return {
      kind, frame, disabled: false, textContent: '', removed: false,
      addEventListener(type, fn) { listeners[type] = fn; },
      click() { listeners.click?.(); },
      remove() { this.removed = true; },
    };
  };
  return {
    t: (key) => `<${key}>`,
    waiting: (frame) => part('waiting', frame),
    asking(frame) {
      return { card: part('card', frame), confirm: part('confirm'), cancel: part('cancel'), status: part('status') };
    },
  };
}

function box() {
  return { children: [], append(child) { this.children.push(child); }, replaceChildren() { this.children = []; } };
}

const PENDING = { approvalId: 'ap-1', status: 'pending', summary: 'Cancel order A-1042' };

test('a pending approval shows one card, also when it is asked again after a reconnect; a decided one goes', () => {
  const where = box();
  const cards = new ApprovalCards(where, markup());
  const client = { approve: () => true };
  cards.show(client, PENDING);
  cards.show(client, PENDING);
  assert.equal(where.children.length, 1);
  const [card] = where.children;
  cards.show(client, { ...PENDING, status: 'approved' });
  assert.equal(card.removed, true);
  assert.equal(cards.cards.size, 0);
  cards.showWaiting({ approvalId: 'ap-2', status: 'pending', summary: 'A refund' });
  cards.showWaiting({ approvalId: 'ap-2', status: 'pending', summary: 'A refund' });
  assert.deepEqual(where.children.map((child) => child.kind), ['card', 'waiting']);
  cards.clear();
  assert.deepEqual(where.children, []);
  assert.equal(cards.cards.size, 0);
});

test('an answer goes through approve(): sent, the buttons are disabled and the card says so; not connected, it says that', () => {
  const where = box();
  const drawn = markup();
  let asking;
  drawn.asking = ((make) => (frame) => (asking = make(frame)))(drawn.asking);
  const answers = [];
  let connected = true;
  const cards = new ApprovalCards(where, drawn);
  cards.show({ approve: (id, approved) => (answers.push([id, approved]), connected) }, PENDING);
  asking.cancel.click();
  assert.deepEqual(answers, [['ap-1', false]]);
  assert.equal(asking.confirm.disabled && asking.cancel.disabled, true);
  assert.equal(asking.status.textContent, '<cancelling>');
  connected = false;
  asking.confirm.click();
  assert.deepEqual(answers, [['ap-1', false], ['ap-1', true]]);
  assert.equal(asking.confirm.disabled || asking.cancel.disabled, false);
  assert.equal(asking.status.textContent, '<notConnected>');
});
