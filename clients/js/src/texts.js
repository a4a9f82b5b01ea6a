// The words a chat shows its customer (placeholder, buttons, labels, states), in the conversation's
// language. The packs are resource files translators edit (clients/texts/<language>.json); the node
// serves one pack, filled with English where it lacks a text and with the tenant's own wording
// (GET /v1/widget/config?language=<tag>, docs/languages.md), so no page carries every language.

/** Languages written right to left (their primary subtag): the chat mirrors its layout for them. */
export const RIGHT_TO_LEFT = Object.freeze(['ar', 'he', 'fa', 'ur', 'yi', 'ps', 'sd', 'ug', 'dv', 'ku']);

const TAG = /^[a-z]{2,3}(?:-[a-z0-9]{2,8}){0,3}$/i;
const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/**
 * The first of `candidates` that is a BCP 47 language tag (e.g. the widget's data-language, the
 * page's <html lang>, then the browser's languages), in canonical case; 'en' when none is.
 */
export function chooseLanguage(...candidates) {
  for (const candidate of candidates.flat()) {
    const tag = typeof candidate === 'string' ? candidate.trim().replace(/_/g, '-') : '';
    if (TAG.test(tag)) return tag.split('-').map((part, i) => (i === 0 ? part.toLowerCase() : part.length === 2 ? part.toUpperCase() : part)).join('-');
  }
  return 'en';
}

/** 'rtl' for a language written right to left, else 'ltr'. */
export function directionOf(language) {
  return RIGHT_TO_LEFT.includes(String(language).split('-')[0].toLowerCase()) ? 'rtl' : 'ltr';
}

/**
 * `count` with the words that go with it in `language`, chosen by the language's plural rules
 * (Intl.PluralRules): `forms` maps the rule's categories ('one', 'few', 'many', 'other'…) to a
 * text with {count} where the number goes; a category `forms` lacks takes 'other'.
 * counted(1, { one: '{count} passage', other: '{count} passages' }) is '1 passage'.
 */
export function counted(count, forms, language = 'en') {
  const text = forms[new Intl.PluralRules(language).select(count)] ?? forms.other;
  return text.replace('{count}', new Intl.NumberFormat(language).format(count));
}

export class Texts {
  /** `pack`: key to text, with {name} where a value goes (the node's `texts`). */
  constructor(language = 'en', pack = {}) {
    this.language = chooseLanguage(language);
    this.dir = directionOf(this.language);
    this.pack = { ...pack };
  }

  /** The text of `key` with its {placeholders} filled from `values`; the key itself when the pack lacks it. */
  get(key, values = {}) {
    const text = typeof this.pack[key] === 'string' ? this.pack[key] : key;
    return text.replace(PLACEHOLDER, (whole, name) => (values[name] === undefined ? whole : String(values[name])));
  }

  /** A message's time of day as this language writes it (hours and minutes). */
  time(date) {
    try {
      return date.toLocaleTimeString(this.language, { hour: '2-digit', minute: '2-digit' });
    } catch {
      return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    }
  }

  /**
   * Puts the texts into a page's elements that ask for them: data-text="key" (their text, its
   * placeholders filled from data-text-<name>, e.g. data-text-score="4"), data-text-placeholder,
   * data-text-aria-label and data-text-title (those attributes).
   */
  apply(root) {
    root.querySelectorAll('[data-text]').forEach((node) => { node.textContent = this.get(node.dataset.text, valuesOf(node.dataset)); });
    for (const attribute of ['placeholder', 'aria-label', 'title']) {
      root.querySelectorAll(`[data-text-${attribute}]`).forEach((node) => {
        node.setAttribute(attribute, this.get(node.getAttribute(`data-text-${attribute}`)));
      });
    }
  }
}

/** The values data-text-<name> attributes give a text ({score: '4'} of data-text-score="4"). */
function valuesOf(dataset) {
  const values = {};
  for (const [name, value] of Object.entries(dataset)) {
    if (name.length > 4 && name.startsWith('text')) values[name[4].toLowerCase() + name.slice(5)] = value;
  }
  return values;
}
