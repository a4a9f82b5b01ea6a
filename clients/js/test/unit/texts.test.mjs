import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Texts, chooseLanguage, counted, directionOf } from '../../src/parley-client.js';

const PACKS = new URL('../../../texts/', import.meta.url);
const pack = (language) => JSON.parse(readFileSync(new URL(`${language}.json`, PACKS), 'utf8'));
const placeholders = (text) => [...text.matchAll(/\{([A-Za-z]+)\}/g)].map((match) => match[1]).sort();

test('the language is the first well-formed tag given, canonically cased, else English', () => {
  assert.equal(chooseLanguage(undefined, '', 'de_at', 'fr'), 'de-AT');
  assert.equal(chooseLanguage(null, 'klingon!', ['pt-br', 'en']), 'pt-BR');
  assert.equal(chooseLanguage(), 'en');
});

test('Arabic and Hebrew are written right to left, with or without a region', () => {
  assert.equal(directionOf('ar'), 'rtl');
  assert.equal(directionOf('he-IL'), 'rtl');
  assert.equal(directionOf('de'), 'ltr');
  assert.equal(new Texts('ar-EG', {}).dir, 'rtl');
});

test('a text is filled from its values; a missing one shows its key, an unknown placeholder stays', () => {
  const texts = new Texts('de', { queueWait: 'Sie sind Nummer {position} (etwa {minutes} Min.)' });
  assert.equal(texts.get('queueWait', { position: 3, minutes: 5 }), 'Sie sind Nummer 3 (etwa 5 Min.)');
  assert.equal(texts.get('queueWait', { position: 3 }), 'Sie sind Nummer 3 (etwa {minutes} Min.)');
  assert.equal(texts.get('send'), 'send');
});

test('the time of day is written as the language writes it', () => {
  const at = new Date(2026, 0, 5, 15, 7);
  assert.equal(new Texts('de').time(at), '15:07');
  assert.match(new Texts('en-US').time(at), /03:07\s?PM/);
});

test('apply fills the elements of a page that ask for a text or an attribute', () => {
  const heading = { dataset: { text: 'rateTitle' }, textContent: '' };
  const star = { dataset: { text: 'rateStar', textScore: '4' }, textContent: '' };
  const input = { attributes: { 'data-text-placeholder': 'placeholder' }, getAttribute(name) { return this.attributes[name]; },
    setAttribute(name, value) { this.attributes[name] = value; } };
  const root = { querySelectorAll: (selector) => ({ '[data-text]': [heading, star], '[data-text-placeholder]': [input] }[selector] ?? []) };
  new Texts('fr', pack('fr')).apply(root);
  assert.equal(heading.textContent, "Comment s'est passée cette conversation ?");
  assert.equal(star.textContent, '4 sur 5');
  assert.equal(input.attributes.placeholder, 'Écrivez un message…');
});

test('every pack has the English pack\'s keys, each with the placeholders its English text has', () => {
  const english = pack('en');
  const languages = readdirSync(PACKS).filter((name) => name.endsWith('.json')).map((name) => name.replace('.json', ''));
  assert.deepEqual([...languages].sort(), ['ar', 'de', 'en', 'es', 'fr', 'he', 'it', 'nl', 'pt']);
  for (const language of languages) {
    const texts = pack(language);
    assert.deepEqual(Object.keys(texts).sort(), Object.keys(english).sort(), `${language}.json's keys`);
    for (const [key, text] of Object.entries(english)) {
      assert.deepEqual(placeholders(texts[key]), placeholders(text), `${language}.json's ${key}`);
    }
  }
});

test('a count takes the words of its plural category in the language, its number as the language writes it', () => {
  const passages = { one: '{count} passage', other: '{count} passages' };
  assert.equal(counted(1, passages), '1 passage');
  assert.equal(counted(0, passages), '0 passages');
  assert.equal(counted(1234, passages), '1,234 passages');
  const asked = { one: 'asked once', other: 'asked {count} times' };
  assert.equal(counted(1, asked), 'asked once');
  assert.equal(counted(3, asked), 'asked 3 times');
  // Polish has a few and a many; Arabic a two; a category the forms lack takes other.
  const files = { one: '{count} plik', few: '{count} pliki', many: '{count} plików', other: '{count} pliku' };
  assert.deepEqual([1, 3, 5, 22, 25].map((n) => counted(n, files, 'pl')), ['1 plik', '3 pliki', '5 plików', '22 pliki', '25 plików']);
  assert.equal(counted(2, { one: 'سؤال', two: 'سؤالان', other: '{count} أسئلة' }, 'ar'), 'سؤالان');
  assert.equal(counted(2, { other: '{count} Fragen' }, 'de'), '2 Fragen');
  assert.equal(counted(1500, { other: '{count} Fragen' }, 'de'), '1.500 Fragen');
});

test('an informal pack words some of its language\'s texts in the other form, keeping their placeholders', () => {
  const informal = new URL('informal/', PACKS);
  const languages = readdirSync(informal).filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -5)).sort();
  assert.deepEqual(languages, ['de', 'es', 'fr', 'it', 'nl']);
  for (const language of languages) {
    const formal = pack(language);
    const other = JSON.parse(readFileSync(new URL(`${language}.json`, informal), 'utf8'));
    for (const [key, text] of Object.entries(other)) {
      assert.ok(key in formal, `${language} informal ${key} is a text of the pack`);
      assert.deepEqual(placeholders(text), placeholders(formal[key]), `${language} informal ${key} keeps the placeholders`);
      assert.notEqual(text, formal[key], `${language} informal ${key} differs from the formal text`);
    }
  }
});
