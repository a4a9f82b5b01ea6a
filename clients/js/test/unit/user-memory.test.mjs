// The model of what the bot remembers about a customer (src/user-memory.js), shared by the widget and
// the agent console: the entries in words, a fact corrected by its value with its kind kept, one or
// all forgotten, each through the node's routes, and nothing changed when the node refuses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { UserMemory, correctedText, factKey, factLabel, memoryItem } from '../../src/user-memory.js';

const ENTRIES = [
  { id: 's-1.1', kind: 'semantic', name: 'customer_name', text: 'customer_name: Ada Lovelace', sessionId: 's-1', at: '2026-11-29T10:00:00Z' },
  { id: 's-1.0', kind: 'episodic', name: 'episode', text: 'Asked where order 1042 is.', sessionId: 's-1', at: '2026-11-29T09:00:00Z' },
];

/** A node that answers `send` as the routes do, and remembers what it was asked. */
const fakeNode = ({ refuse = false } = {}) => {
  const asked = [];
  const send = async (method, path, body) => {
    asked.push([method, path, body]);
    if (refuse) throw new Error('a customer may correct only its own memory');
    return method === 'GET' ? { entries: ENTRIES } : method === 'DELETE' && !path.includes('/memory/') ? { forgotten: 2 } : null;
  };
  return { asked, send };
};

test('an entry is said in words: a fact by its kind and value, an episode as a past conversation', () => {
  assert.deepEqual(memoryItem(ENTRIES[0]), { id: 's-1.1', label: 'Customer name', value: 'Ada Lovelace', episode: false, at: ENTRIES[0].at });
  assert.deepEqual(memoryItem(ENTRIES[1]), { id: 's-1.0', label: 'A past conversation', value: 'Asked where order 1042 is.', episode: true, at: ENTRIES[1].at });
  assert.equal(memoryItem({ ...ENTRIES[0], text: 'edited by hand' }).value, 'edited by hand', 'a text without its kind, whole');
});

test('a fact\'s kind is labelled in the page\'s language where its pack words it, else in English words', () => {
  const pack = (language) => JSON.parse(readFileSync(new URL(`../../../texts/${language}.json`, import.meta.url), 'utf8'));
  const wording = (texts) => (key) => texts[key] ?? key;
  assert.equal(factKey('customer_name'), 'memoryCustomerName');
  assert.equal(factLabel('customer_name', wording(pack('de'))), 'Ihr Name');
  assert.equal(factLabel('order_number', wording(pack('ar'))), 'رقم الطلب');
  assert.equal(factLabel('email', wording(pack('en'))), 'Your email address');
  assert.equal(factLabel('loyalty_tier', wording(pack('de'))), 'Loyalty tier', 'a kind no pack words: its English words');
  assert.equal(factLabel('order_number'), 'Order number', 'a page without a pack (the English console)');
  for (const kind of ['customer_name', 'email', 'phone', 'order_number', 'ticket_number', 'commitment']) {
    for (const language of ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'ar', 'he']) {
      assert.equal(typeof pack(language)[factKey(kind)], 'string', `${language} words ${kind}`);
    }
  }
  const memory = new UserMemory({ userId: 'ada', send: async () => null, wording: wording(pack('fr')) });
  memory.changed(ENTRIES);
  assert.deepEqual(memory.items.map((item) => item.label), ['Votre nom', 'A past conversation'],
    'an episode is worded by the page itself (memoryEpisode)');
});

test('a correction keeps a fact\'s kind in front and an episode as typed', () => {
  assert.equal(correctedText(ENTRIES[0], '  Ada King '), 'customer_name: Ada King');
  assert.equal(correctedText(ENTRIES[1], 'Asked about a refund.'), 'Asked about a refund.');
});

test('it reads, corrects and forgets through the user\'s routes, and tells its listeners', async () => {
  const node = fakeNode();
  const memory = new UserMemory({ userId: 'ada/1', send: node.send });
  const heard = [];
  const stop = memory.onChange((items) => heard.push(items.map((item) => item.value)));
  assert.deepEqual((await memory.load()).map((item) => item.label), ['Customer name', 'A past conversation']);

  await memory.correct('s-1.1', 'Ada King');
  await memory.forget('s-1.0');
  assert.deepEqual(memory.items.map((item) => item.value), ['Ada King']);
  await memory.forgetAll();
  stop();
  await memory.load();

  assert.deepEqual(node.asked.slice(0, 4), [
    ['GET', '/v1/users/ada%2F1/memory', undefined],
    ['PUT', '/v1/users/ada%2F1/memory/s-1.1', { text: 'customer_name: Ada King' }],
    ['DELETE', '/v1/users/ada%2F1/memory/s-1.0', undefined],
    ['DELETE', '/v1/users/ada%2F1/memory', undefined],
  ]);
  assert.deepEqual(heard, [['Ada Lovelace', 'Asked where order 1042 is.'], ['Ada King', 'Asked where order 1042 is.'], ['Ada King'], []]);
});

test('a refusal or an empty correction changes nothing', async () => {
  const memory = new UserMemory({ userId: 'ada', send: fakeNode().send });
  await memory.load();
  await assert.rejects(memory.correct('s-1.1', '   '), /needs some text/);
  await assert.rejects(memory.correct('s-9.9', 'x'), /nothing remembered/);
  memory.send = fakeNode({ refuse: true }).send;
  await assert.rejects(memory.forget('s-1.1'), /only its own memory/);
  assert.equal(memory.items.length, 2);
});
