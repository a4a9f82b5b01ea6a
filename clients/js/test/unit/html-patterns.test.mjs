// Every pattern="" of the pages in clients/ compiles as browsers compile it: HTML compiles the
// attribute with the v flag (Chromium does), under which a character class's - must be escaped
// when it is no range. A browser ignores a pattern it cannot compile, so a field checks nothing.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const CLIENTS = new URL('../../../', import.meta.url);
const pages = ['web/', 'widget/'].flatMap((folder) => readdirSync(new URL(folder, CLIENTS))
  .filter((name) => /\.(html|js)$/.test(name)).map((name) => new URL(folder + name, CLIENTS)));
const patternsOf = (source) => [...source.matchAll(/\spattern="([^"]*)"/g)].map((match) => match[1]
  .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));

test('the setup form\'s organisation pattern is among those found', () => {
  const account = patternsOf(readFileSync(new URL('web/account.html', CLIENTS), 'utf8'));
  assert.equal(account.length, 1);
  const organisation = new RegExp(`^(?:${account[0]})$`, 'v');
  assert.ok(organisation.test('north-wind') && !organisation.test('North Wind'));
});

test('every pattern attribute compiles with the v flag, as HTML compiles it', () => {
  for (const page of pages) {
    for (const pattern of patternsOf(readFileSync(page, 'utf8'))) {
      assert.doesNotThrow(() => new RegExp(`^(?:${pattern})$`, 'v'), `${page.pathname}: pattern="${pattern}"`);
    }
  }
});
