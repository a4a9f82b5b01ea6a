// The admin console's flag of greetings and bot names not written for the languages customers use (clients/web/admin-translations.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { untranslatedTexts } from '../../../web/admin-translations.js';

const live = (config) => ({ version: 3, config });

test('a language customers chat in with no greeting of its own is flagged, most conversations first', () => {
  const flagged = untranslatedTexts({ config: live({ greeting: 'Hi! How can I help?' }),
    languages: { en: 40, de: 3, 'fr-CA': 1, fr: 4, unknown: 9 } });
  assert.deepEqual(flagged.map(({ language, conversations }) => [language, conversations]), [['fr', 5], ['de', 3]]);
  assert.equal(flagged[1].name, 'German');
});

test('a greeting worded for the language, or none set at all, is not flagged', () => {
  assert.deepEqual(untranslatedTexts({ config: live({ greeting: 'Hi!', texts: { 'de-AT': { greeting: 'Servus!' } } }),
    languages: { de: 3 } }), []);
  assert.deepEqual(untranslatedTexts({ config: live({}), languages: { de: 3 } }), [], 'the packs greet then');
  assert.deepEqual(untranslatedTexts({ config: null, languages: { de: 3 } }), []);
  assert.deepEqual(untranslatedTexts({ config: live({ widget: { greeting: 'Hallo!', language: 'de' } }),
    languages: { de: 3, en: 2 } }).map(({ language }) => language), ['en'], 'the greeting is written in the widget\'s language');
  assert.deepEqual(untranslatedTexts({ config: live({ greeting: 'Hi!', texts: { de: { 'handoff.next': 'Gleich' } } }),
    languages: { de: 1 } }).map(({ language }) => language), ['de'], 'other texts are no greeting');
});

test('a bot\'s name set is flagged where the language has none of its own, beside the greeting', () => {
  const flagged = untranslatedTexts({ config: live({ assistantName: 'Ava', greeting: 'Hi!',
    texts: { de: { greeting: 'Hallo!' }, fr: { greeting: 'Salut !', name: 'Éva' } } }), languages: { de: 2, fr: 3, es: 1, en: 9 } });
  assert.deepEqual(flagged.map(({ language, keys }) => [language, keys]), [['de', ['name']], ['es', ['greeting', 'name']]]);
  assert.deepEqual(untranslatedTexts({ config: live({ assistantName: 'Ava', widget: { name: 'Acme Help' } }), languages: { de: 2 } }),
    [], 'the widget names itself: the bot\'s name is not shown');
  assert.deepEqual(untranslatedTexts({ config: live({ assistantName: 'Ava' }), languages: { de: 2 } })[0].keys, ['name']);
});
