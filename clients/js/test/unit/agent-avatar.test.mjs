// An agent's face: the node's picture with the agent's name as its alt text, the initials without one
// or when it fails to load, and never an image of another host.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agentAvatar, initials } from '../../src/agent-avatar.js';

/** Just enough of a document for an image and a span. */
function fakeDocument() {
  return {
    createElement(tag) {
      const attributes = {};
      const listeners = {};
      return {
        tag, className: '', textContent: '', replacedBy: null,
        setAttribute(name, value) { attributes[name] = String(value); },
        getAttribute(name) { return attributes[name] ?? null; },
        addEventListener(type, fn) { listeners[type] = fn; },
        fire(type) { listeners[type]?.(); },
        replaceWith(other) { this.replacedBy = other; },
      };
    },
  };
}

test('initials are the first letters of up to two words', () => {
  assert.equal(initials('Lee Park'), 'LP');
  assert.equal(initials('  émile  zola  jr '), 'ÉZ');
  assert.equal(initials('Sam'), 'S');
  assert.equal(initials(null), '');
});

test('a picture the node serves is shown with the agent\'s name as its alt text', () => {
  const image = agentAvatar(fakeDocument(), 'Lee Park', '/v1/agent-pictures/abc', 'https://chat.example', 'face');
  assert.equal(image.tag, 'img');
  assert.equal(image.alt, 'Lee Park');
  assert.equal(image.src, 'https://chat.example/v1/agent-pictures/abc');
  assert.equal(image.className, 'face');
  image.fire('error');
  assert.equal(image.replacedBy.tag, 'span', 'no picture (404): the initials instead');
  assert.equal(image.replacedBy.textContent, 'LP');
});

test('without a picture, or with an address elsewhere, the initials are shown', () => {
  assert.equal(agentAvatar(fakeDocument(), 'Lee Park', null, '', 'face').textContent, 'LP');
  for (const elsewhere of ['https://tracker.example/p.png', '//tracker.example/p.png', '/v1/sessions/x', 'javascript:alert(1)']) {
    assert.equal(agentAvatar(fakeDocument(), 'Lee', elsewhere, 'https://chat.example', 'face').tag, 'span', elsewhere);
  }
});
