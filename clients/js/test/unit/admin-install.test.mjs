// The admin console's Install view (clients/web/admin-install.js): the tag, and the check's report in words.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reportLines, widgetTag } from '../../../web/admin-install.js';

const report = (changes) => ({
  url: 'https://www.acme.example/help', origin: 'https://www.acme.example', originAllowed: true, fetched: true, status: 200,
  tags: [{ src: 'https://support.acme.example/widget.js', tenant: 'acme', key: 'pk_acme' }],
  tagFound: true, tenantRight: true, keyRight: true, ...changes,
});

test('the tag loads this node\'s widget with the tenant and its key', () => {
  assert.equal(widgetTag('https://support.acme.example', 'acme', 'pk_acme'),
    '<script src="https://support.acme.example/widget.js" data-tenant="acme" data-key="pk_acme" async></script>');
});

test('a page that runs the widget passes every line', () => {
  assert.deepEqual(reportLines(report({})).map((line) => line.passed), [true, true, true, true, true]);
});

test('each failure says what to do, in the order a person fixes them', () => {
  const origin = reportLines(report({ originAllowed: false }));
  assert.equal(origin[0].passed, false);
  assert.match(origin[0].text, /ask the operator of this server to add it/);
  const key = reportLines(report({ keyRight: false }));
  assert.deepEqual(key.map((line) => line.passed), [true, true, true, true, false]);
  assert.match(key[4].text, /copy the tag above again/);
  assert.deepEqual(reportLines(report({ tagFound: false, tags: [], tenantRight: false, keyRight: false })).map((line) => line.passed),
    [true, true, false]);
});

test('a page not fetched, or not a page, stops the report there', () => {
  const refused = reportLines(report({ fetched: false, status: undefined, problem: 'the node may not connect there: 10.0.0.1 is private-use' }));
  assert.deepEqual(refused.map((line) => line.passed), [true, false]);
  assert.match(refused[1].text, /could not be fetched: the node may not connect there/);
  const missing = reportLines(report({ status: 404, problem: 'the page answered 404', tags: [], tagFound: false }));
  assert.deepEqual(missing.map((line) => line.passed), [true, false]);
  assert.match(missing[1].text, /reached, but the page answered 404/);
});
