// The admin console's getting-started checklist (clients/web/admin-checklist.js): which items are done, by the API's answers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checklistItems } from '../../../web/admin-checklist.js';

const fresh = { config: null, documents: [], site: { publishableKeys: [], allowedOrigins: [] }, chats: [], cases: [] };
const done = (answers) => Object.fromEntries(checklistItems(answers).map((item) => [item.id, item.done]));

test('a new tenant has everything still to do, in the order a company does it', () => {
  assert.deepEqual(checklistItems(fresh).map((item) => item.id), ['name', 'greeting', 'article', 'site', 'live', 'case']);
  assert.deepEqual(Object.values(done(fresh)), [false, false, false, false, false, false]);
});

test('each item is done by its own answer', () => {
  assert.deepEqual(done({ ...fresh, config: { version: 1, config: { assistantName: 'Ava' } } }),
    { name: true, greeting: false, article: false, site: false, live: false, case: false });
  assert.equal(done({ ...fresh, config: { version: 2, config: { widget: { greeting: 'Hi!' } } } }).greeting, true,
    'the widget\'s own greeting greets too');
  assert.equal(done({ ...fresh, config: { version: 2, config: { greeting: 'Hi!' } } }).greeting, true);
  assert.equal(done({ ...fresh, documents: [{ id: 'd1', title: 'Returns' }] }).article, true);
  assert.equal(done({ ...fresh, chats: [{ sessionId: 's1', channel: 'chat' }] }).live, true);
  assert.equal(done({ ...fresh, cases: [{ caseId: 'c1' }] }).case, true);
});

test('a site needs both a publishable key and an allowed origin', () => {
  assert.equal(done({ ...fresh, site: { publishableKeys: [{ key: 'pk_1' }], allowedOrigins: [] } }).site, false);
  assert.equal(done({ ...fresh, site: { publishableKeys: [], allowedOrigins: ['https://www.acme.example'] } }).site, false);
  assert.equal(done({ ...fresh, site: { publishableKeys: [{ key: 'pk_1' }], allowedOrigins: ['https://www.acme.example'] } }).site,
    true);
});
