// The languages customers chat in whose greeting or bot's name is still the one written for another language:
// the conversations' languages over the last weeks (GET /v1/analytics), against the live
// configuration's greeting and its wording per language (`texts`, docs/bot-config.md#texts-per-language).
// Each is flagged in the Bot view with the way to its fix: the draft's JSON, where `texts` is edited.

import { $, el } from './console-dom.js';

/** How far back the languages customers use are read. */
const WINDOW_DAYS = 30;
const primary = (tag) => tag.toLowerCase().split(/[-_]/)[0];
const NAMES = new Intl.DisplayNames(['en'], { type: 'language' });
const languageName = (tag) => {
  try {
    return NAMES.of(tag) ?? tag;
  } catch {
    return tag;
  }
};

/**
 * What the tenant words per language beside the packs, when its configuration sets it: the greeting
 * ({@code greeting} or {@code widget.greeting}) and the bot's name ({@code assistantName}, unless the
 * widget names itself).
 */
const WORDED = [
  ['greeting', (settings) => settings.greeting || settings.widget?.greeting],
  ['name', (settings) => settings.assistantName && !settings.widget?.name],
];
const WORDS = { greeting: 'the greeting', name: 'the bot\'s name' };

/**
 * The languages of {@code languages} (conversations by tag, as the analytics count them) that a set
 * greeting or bot's name of {@code config} (a live version's document) reaches in another language:
 * no {@code texts.<language>.greeting} (or {@code .name}), and not the language they are written in
 * (the widget's, English unless set), each with the {@code keys} it lacks. Most conversations first;
 * none when neither is set (each language pack's own greeting greets then).
 */
export const untranslatedTexts = ({ config, languages }) => {
  const settings = config?.config ?? {};
  const wanted = WORDED.filter(([, isSet]) => isSet(settings)).map(([key]) => key);
  const written = primary(settings.widget?.language ?? 'en');
  const worded = (language, key) => Object.entries(settings.texts ?? {})
    .some(([tag, texts]) => primary(tag) === language && texts?.[key]);
  const counts = new Map();
  Object.entries(languages ?? {}).filter(([tag]) => tag !== 'unknown').forEach(([tag, conversations]) => {
    counts.set(primary(tag), (counts.get(primary(tag)) ?? 0) + conversations);
  });
  return [...counts]
    .map(([language, conversations]) => ({ language, name: languageName(language), conversations,
      keys: language === written ? [] : wanted.filter((key) => !worded(language, key)) }))
    .filter(({ conversations, keys }) => conversations > 0 && keys.length > 0)
    .sort((first, second) => second.conversations - first.conversations || first.language.localeCompare(second.language));
};

export class Translations {
  /** {@code console} asks the server ({@code request}); {@code openJson} shows the draft's JSON to edit. */
  constructor(console, openJson) {
    this.console = console;
    this.openJson = openJson;
  }

  async load() {
    const now = Date.now();
    const range = new URLSearchParams({ from: new Date(now - WINDOW_DAYS * 24 * 3600 * 1000).toISOString(),
      to: new Date(now + 60 * 1000).toISOString() });
    const [{ versions }, analytics] = await Promise.all([this.console.request('GET', '/v1/config/versions'),
      this.console.request('GET', `/v1/analytics?${range}`)]);
    const missing = untranslatedTexts({ config: versions.at(-1) ?? null, languages: analytics.total?.languages });
    const list = $('translations-items');
    list.replaceChildren();
    missing.forEach(({ language, name, conversations, keys }) => {
      const line = el('li', 'admin__check admin__check--todo');
      line.dataset.language = language;
      line.dataset.keys = keys.join(' ');
      const go = el('button', 'button button--ghost', 'Translate it');
      go.type = 'button';
      const lacking = keys.map((key) => WORDS[key]).join(' and ');
      go.setAttribute('aria-label', `Translate ${lacking} into ${name}`);
      go.addEventListener('click', () => this.openJson());
      const example = keys.map((key) => `"${key}": "…"`).join(', ');
      line.append(el('span', null, `${name} (${language}): ${conversations === 1 ? '1 conversation' : `${conversations} conversations`}`
        + ` in the last ${WINDOW_DAYS} days met ${lacking} of another language. Add "texts": {"${language}": {${example}}} to the draft.`), go);
      list.append(line);
    });
    $('translations').hidden = missing.length === 0;
  }
}
