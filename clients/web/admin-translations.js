// The languages customers chat in whose greeting is still the one written for another language:
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
 * The languages of {@code languages} (conversations by tag, as the analytics count them) that a set
 * greeting of {@code config} (a live version's document) greets in another language: no
 * {@code texts.<language>.greeting}, and not the language the greeting is written in (the widget's,
 * English unless set). Most conversations first; none when no greeting is set (each language
 * pack's own greets then).
 */
export const untranslatedGreetings = ({ config, languages }) => {
  const settings = config?.config ?? {};
  if (!settings.greeting && !settings.widget?.greeting) return [];
  const written = primary(settings.widget?.language ?? 'en');
  const translated = new Set(Object.entries(settings.texts ?? {})
    .filter(([, texts]) => texts?.greeting).map(([tag]) => primary(tag)));
  const counts = new Map();
  Object.entries(languages ?? {}).filter(([tag]) => tag !== 'unknown').forEach(([tag, conversations]) => {
    counts.set(primary(tag), (counts.get(primary(tag)) ?? 0) + conversations);
  });
  return [...counts].filter(([language, conversations]) => conversations > 0 && language !== written && !translated.has(language))
    .sort(([a, first], [b, second]) => second - first || a.localeCompare(b))
    .map(([language, conversations]) => ({ language, name: languageName(language), conversations }));
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
    const missing = untranslatedGreetings({ config: versions.at(-1) ?? null, languages: analytics.total?.languages });
    const list = $('translations-items');
    list.replaceChildren();
    missing.forEach(({ language, name, conversations }) => {
      const line = el('li', 'admin__check admin__check--todo');
      line.dataset.language = language;
      const go = el('button', 'button button--ghost', 'Translate it');
      go.type = 'button';
      go.setAttribute('aria-label', `Translate the greeting into ${name}`);
      go.addEventListener('click', () => this.openJson());
      line.append(el('span', null, `${name} (${language}): ${conversations === 1 ? '1 conversation' : `${conversations} conversations`}`
        + ` in the last ${WINDOW_DAYS} days were greeted in another language. Add "texts": {"${language}": {"greeting": "…"}} to the draft.`), go);
      list.append(line);
    });
    $('translations').hidden = missing.length === 0;
  }
}
