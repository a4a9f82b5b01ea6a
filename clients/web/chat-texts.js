// The chat page's words in the conversation's language (docs/languages.md): the node's texts for
// the language asked with ?language=, else the browser's, until the node decides another one.

import { Texts } from '/client/parley-client.js';

/** The texts now (loadTexts replaces them); `t` says `key` in them, its {placeholders} filled from `values`. */
export let texts = new Texts();
export const t = (key, values) => texts.get(key, values);

/** The node's texts for `language`, put into the page; false when the node did not answer. */
export async function loadTexts(doc, tenant, language) {
  const query = new URLSearchParams({ language });
  if (tenant) query.set('tenant', tenant);
  const settings = await fetch(`/v1/widget/config?${query}`).then((r) => (r.ok ? r.json() : null), () => null);
  if (!settings?.texts) return false;
  texts = new Texts(settings.textsLanguage, settings.texts);
  texts.apply(doc);
  doc.documentElement.lang = texts.language;
  doc.documentElement.dir = texts.dir;
  return true;
}
