// What a customer reads, per language, in the bot configuration (docs/bot-config.md#texts-per-language):
// where a text lives for each language, what it holds there, and what stands in for it where the
// language has none of its own. A setting's text for every language lives at its own place (the
// greeting at "greeting"), its wording for one language at a place its template names
// ("texts.{language}.greeting"; "{item}" is the list item the setting belongs to, as a tap reply's
// "{item}.translations.{language}.label"). Pure: the admin console's bot form draws and edits it.

/** The value at {@code path} (a list of keys and indexes) of {@code document}, or undefined. */
export const valueAt = (document, path) => path.reduce((value, step) => (value == null ? undefined : value[step]), document);

/**
 * Where the setting at {@code path} is worded for {@code language}, by its {@code template}; the
 * setting's own path for no language (every language's text).
 */
export function wordingPath(template, path, language) {
  if (!language) return path;
  return template.split('.').flatMap((step) => {
    if (step === '{item}') return path.slice(0, -1);
    if (step === '{language}') return [language];
    return [step];
  });
}

/**
 * The setting at {@code path} in {@code language} ('' for every language): where it lives, what it
 * holds there, and the placeholder shown while it holds nothing (the text of every language, else
 * the one of the bot's own language {@code ownLanguage}).
 */
export function wordingIn(document, template, path, language, ownLanguage) {
  const at = wordingPath(template, path, language);
  const everyLanguage = valueAt(document, path);
  const own = ownLanguage && ownLanguage !== language ? valueAt(document, wordingPath(template, path, ownLanguage)) : undefined;
  return { path: at, value: valueAt(document, at), placeholder: language ? (everyLanguage ?? own ?? '') : '' };
}

/**
 * A language's texts of an object of texts by language ({@code texts}, {@code widget.texts}): for each
 * key offered, then each other key the language holds, its value there and its placeholder, the bot's
 * own language's text of the key. A key {@code onlyIn} names languages for (formality: those with
 * two forms of address) is offered in those alone, by the tag's primary language, unless it is set.
 */
export function textsIn(texts, keys, language, ownLanguage, onlyIn = {}) {
  const mine = texts?.[language] ?? {};
  const own = ownLanguage && ownLanguage !== language ? texts?.[ownLanguage] ?? {} : {};
  const primary = String(language).split('-')[0].toLowerCase();
  const offered = keys.filter((key) => !onlyIn[key] || onlyIn[key].includes(primary));
  return [...new Set([...offered, ...Object.keys(mine)])]
    .map((key) => ({ key, value: mine[key], placeholder: own[key] ?? '' }));
}

/**
 * The languages to word the texts in: the bot's own first, then those offered ({@code known}), then
 * any other the document words already (in {@code texts} or {@code widget.texts}), each once.
 */
export function wordedLanguages(document, known) {
  const worded = [document?.texts, document?.widget?.texts].flatMap((texts) => Object.keys(texts ?? {}));
  const own = document?.widget?.language;
  return [...new Set([own, ...known, ...worded].filter(Boolean))];
}
