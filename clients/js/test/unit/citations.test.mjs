import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CitationLinks, citationsOf, otherLanguage, webLink } from '../../src/citations.js';
import { Conversation } from '../../src/conversation.js';

const RETURNS = { ref: 1, documentId: 'doc-1', title: 'Returns and refunds', url: 'https://help.example.com/returns',
  passage: 'Unused items can be returned within 30 days.', language: 'en' };

/** A document whose elements record their attributes, children and text. */
function fakeDocument() {
  return {
    createElement(name) {
      const element = {
        name, attributes: {}, children: [],
        setAttribute(key, value) { element.attributes[key] = value; },
        append(...nodes) { element.children.push(...nodes); },
      };
      return element;
    },
  };
}

test('only http and https addresses with a host become links', () => {
  assert.equal(webLink('https://help.example.com/a?b=1'), 'https://help.example.com/a?b=1');
  assert.equal(webLink('http://help.example.com/'), 'http://help.example.com/');
  for (const unsafe of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,<b>x</b>', 'returns.pdf', '//evil.example/x', '', null, 7]) {
    assert.equal(webLink(unsafe), null, String(unsafe));
  }
});

test('a frame\'s citations are checked: the unsafe address dropped, a citation without a title or number left out', () => {
  const cited = citationsOf([RETURNS, { ...RETURNS, ref: 2, url: 'javascript:alert(1)' }, { ref: 3, passage: 'x' }, { title: 'no number' }]);
  assert.deepEqual(cited.map((c) => [c.ref, c.url]), [[1, 'https://help.example.com/returns'], [2, null]]);
  assert.deepEqual(citationsOf(undefined), []);
  assert.ok(Object.isFrozen(cited[0]));
});

test('the list draws each article as a link that opens apart, its title as text, never markup', () => {
  const links = new CitationLinks({ doc: fakeDocument(), label: 'Sources' });
  const list = links.render(citationsOf([RETURNS, { ...RETURNS, ref: 2, title: '<img src=x onerror=alert(1)>', url: 'javascript:x' }]), 'en');
  assert.equal(list.attributes['aria-label'], 'Sources');
  const [first, second] = list.children.map((item) => item.children[0]);
  assert.equal(first.name, 'a');
  assert.equal(first.href, 'https://help.example.com/returns');
  assert.equal(first.rel, 'noopener noreferrer');
  assert.equal(first.target, '_blank');
  assert.equal(first.textContent, '[1] Returns and refunds');
  assert.equal(first.title, RETURNS.passage);
  assert.equal(second.name, 'span', 'no link without a web address');
  assert.equal(second.textContent, '[2] <img src=x onerror=alert(1)>');
  assert.equal(second.href, undefined);
  assert.equal(links.render([], 'en'), null);
});

test('an article in another language than the conversation\'s says which', () => {
  const [english] = citationsOf([RETURNS]);
  assert.equal(otherLanguage(english, 'de-DE'), 'en');
  assert.equal(otherLanguage(english, 'en-GB'), null);
  assert.equal(otherLanguage(citationsOf([{ ...RETURNS, language: undefined }])[0], 'de'), null);
  const item = new CitationLinks({ doc: fakeDocument() }).render([english], 'de').children[0];
  assert.equal(item.children[1].textContent, ' (Englisch)');
});

test('the conversation keeps an answer\'s citations on its item, streamed or replayed', () => {
  const conversation = new Conversation();
  conversation.applySession({ sessionId: 's-1', lastSeq: 0 });
  conversation.applyDelta({ turnId: 'turn-1', text: 'Within 30 days [1].' });
  const { item } = conversation.applyMessage({ seq: 2, role: 'assistant', text: 'Within 30 days [1].', turnId: 'turn-1',
    citations: [RETURNS] });
  assert.deepEqual(item.citations.map((c) => c.title), ['Returns and refunds']);
  const replayed = conversation.applyMessage({ seq: 2, role: 'assistant', text: 'Within 30 days [1].', turnId: 'turn-1',
    citations: [RETURNS] });
  assert.equal(replayed.item, item);
  assert.equal(item.citations.length, 1);
  const plain = conversation.applyMessage({ seq: 3, role: 'assistant', text: 'Anything else?', turnId: 'turn-2' }).item;
  assert.deepEqual(plain.citations, []);
});
