// The admin console's flag of greetings not written for the languages customers use (clients/web/admin-translations.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { untranslatedGreetings } from '../../../web/admin-translations.js';

const live = (config) => ({ version: 3, config });

test('a language customers chat in with no greeting of its own is flagged, most conversations first', () => {
  const flagged = untranslatedGreetings({ config: live({ greeting: 'Hi! How can I help?' }),
    languages: { en: 40, de: 3, 'fr-CA': 1, fr: 4, unknown: 9 } });
  assert.deepEqual(flagged.map(({ language, conversations }) => [language, conversations]), [['fr', 5], ['de', 3]]);
  assert.equal(flagged[1].name, 'German');
});

test('a greeting worded for the language, or none set at all, is not flagged', () => {
  assert.deepEqual(untranslatedGreetings({ config: live({ greeting: 'Hi!', texts: { 'de-AT': { greeting: 'Servus!' } } }),
    languages: { de: 3 } }), []);
  assert.deepEqual(untranslatedGreetings({ config: live({}), languages: { de: 3 } }), [], 'the packs greet then');
  assert.deepEqual(untranslatedGreetings({ config: null, languages: { de: 3 } }), []);
  assert.deepEqual(untranslatedGreetings({ config: live({ widget: { greeting: 'Hallo!', language: 'de' } }),
    languages: { de: 3, en: 2 } }).map(({ language }) => language), ['en'], 'the greeting is written in the widget\'s language');
  assert.deepEqual(untranslatedGreetings({ config: live({ greeting: 'Hi!', texts: { de: { 'handoff.next': 'Gleich' } } }),
    languages: { de: 1 } }).map(({ language }) => language), ['de'], 'other texts are no greeting');
});
