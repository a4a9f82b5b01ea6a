import assert from 'node:assert/strict';
import { test } from 'node:test';
import { textsIn, valueAt, wordedLanguages, wordingIn, wordingPath } from '../../src/bot-wording.js';

const document = {
  greeting: 'Moin! Wie können wir helfen?',
  widget: { language: 'de', name: 'Hilfe', texts: { ar: { launcher: 'تحدث معنا' }, de: { offline: 'Gerade offline' } } },
  texts: { ar: { greeting: 'مرحبا!', name: 'المساعد' }, de: { 'offline.fallback': 'Das weiß ich leider nicht.' } },
  greetingOptions: [{ label: 'Bestellung', translations: { ar: { label: 'طلبي' } } }],
};

test('a setting is worded for a language where its template says, for every language where it is', () => {
  assert.deepEqual(wordingPath('texts.{language}.greeting', ['greeting'], 'ar'), ['texts', 'ar', 'greeting']);
  assert.deepEqual(wordingPath('texts.{language}.greeting', ['greeting'], ''), ['greeting']);
  assert.deepEqual(wordingPath('{item}.translations.{language}.label', ['greetingOptions', 0, 'label'], 'ar'),
    ['greetingOptions', 0, 'translations', 'ar', 'label']);
  assert.equal(valueAt(document, ['greetingOptions', 0, 'translations', 'ar', 'label']), 'طلبي');
  assert.equal(valueAt(document, ['nothing', 'here']), undefined);
});

test('a language without its own text shows every language\'s as its placeholder', () => {
  assert.deepEqual(wordingIn(document, 'texts.{language}.greeting', ['greeting'], 'ar', 'de'),
    { path: ['texts', 'ar', 'greeting'], value: 'مرحبا!', placeholder: 'Moin! Wie können wir helfen?' });
  assert.deepEqual(wordingIn(document, 'texts.{language}.greeting', ['greeting'], 'fr', 'de'),
    { path: ['texts', 'fr', 'greeting'], value: undefined, placeholder: 'Moin! Wie können wir helfen?' });
  assert.deepEqual(wordingIn(document, 'texts.{language}.greeting', ['greeting'], '', 'de'),
    { path: ['greeting'], value: 'Moin! Wie können wir helfen?', placeholder: '' });
  // No launcher label for every language: the bot's own language's stands in.
  const launcher = wordingIn({ widget: { texts: { de: { launcher: 'Fragen Sie uns' } } } },
    'widget.texts.{language}.launcher', ['widget', 'launcherText'], 'fr', 'de');
  assert.equal(launcher.placeholder, 'Fragen Sie uns');
});

test('a language\'s texts are the keys offered and those it holds, the bot\'s own language\'s as placeholders', () => {
  assert.deepEqual(textsIn(document.texts, ['offline.fallback', 'handoff.ticket'], 'fr', 'de'), [
    { key: 'offline.fallback', value: undefined, placeholder: 'Das weiß ich leider nicht.' },
    { key: 'handoff.ticket', value: undefined, placeholder: '' },
  ]);
  assert.deepEqual(textsIn(document.texts, ['offline.fallback'], 'ar', 'de').map((text) => text.key),
    ['offline.fallback', 'greeting', 'name'], 'what the language holds is never hidden');
  assert.equal(textsIn(undefined, ['offline'], 'de', 'de')[0].placeholder, '', 'the own language has no placeholder');
  const formality = { formality: ['de', 'es', 'fr', 'it', 'nl'] };
  assert.deepEqual(textsIn({}, ['formality', 'greeting'], 'de-AT', 'de', formality).map((text) => text.key), ['formality', 'greeting']);
  assert.deepEqual(textsIn({}, ['formality', 'greeting'], 'pt', 'de', formality).map((text) => text.key), ['greeting'],
    'Portuguese has one form of address: no choice offered');
  assert.deepEqual(textsIn({ pt: { formality: 'formal' } }, ['formality'], 'pt', 'de', formality).map((text) => text.key), ['formality'],
    'a value the document holds is shown, to be seen and removed');
});

test('the languages to word are the bot\'s own, those offered and those worded already', () => {
  assert.deepEqual(wordedLanguages(document, ['en', 'de', 'fr']), ['de', 'en', 'fr', 'ar']);
  assert.deepEqual(wordedLanguages({}, ['en', 'de']), ['en', 'de']);
});
