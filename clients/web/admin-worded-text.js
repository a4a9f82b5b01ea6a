// A text a customer reads, edited per language in the admin console (docs/admin-console.md): a label,
// a switcher of the language the text is shown in, and the text in that language, written in its
// script's direction, the text it falls back to (every language's, or the bot's own language's) as
// the placeholder of a language without its own. Which language each text shows is remembered across
// redraws, by the text's key. The bot form's texts and the procedure editor's steps both use it.

import { el } from './console-dom.js';

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language' });

/** "de" as a switcher names it: "German (de)". */
export const languageName = (tag) => {
  try {
    return `${LANGUAGE_NAMES.of(tag)} (${tag})`;
  } catch {
    return tag;
  }
};

export class WordedTexts {
  /** {@code redraw} draws the texts again once a switcher chose another language, the switcher keeping the focus. */
  constructor(redraw) {
    this.redraw = redraw;
    // The language each text is shown in, by its key ('' is every language's).
    this.languages = new Map();
  }

  /**
   * A switcher (id {@code id}) of the languages {@code offered}, every language's first when
   * {@code every}, for the text {@code key}; shown in {@code fallback} until one is chosen.
   */
  switcher(key, id, title, offered, { every, fallback }) {
    const chosen = this.languages.get(key) ?? (every ? '' : fallback);
    const switcher = el('select', 'schema__language');
    switcher.id = id;
    switcher.setAttribute('aria-label', `Language of ${title.toLowerCase()}`);
    if (every) switcher.append(new Option('Every language', ''));
    offered.forEach((tag) => switcher.append(new Option(languageName(tag), tag)));
    switcher.value = chosen;
    switcher.addEventListener('change', () => {
      this.languages.set(key, switcher.value);
      this.redraw();
    });
    return { switcher, language: switcher.value };
  }

  /** {@code control} holds a text in {@code language}: that language's direction, {@code placeholder} standing in. */
  static inLanguage(control, language, placeholder) {
    control.placeholder = placeholder;
    control.dir = 'auto';
    if (language) control.lang = language;
    else control.removeAttribute('lang');
    return control;
  }

  /**
   * A worded text's field: its label and switcher above the control {@code draw(language)} makes
   * for the language chosen (answering { control, placeholder }), its id {@code id}.
   */
  field(key, id, title, offered, draw) {
    const box = el('div', 'schema__field schema__worded');
    const label = el('label', null, title);
    label.htmlFor = id;
    const { switcher, language } = this.switcher(key, `${id}-language`, title, offered, { every: true });
    const { control, placeholder } = draw(language);
    WordedTexts.inLanguage(control, language, placeholder);
    const head = el('div', 'schema__worded-head');
    head.append(label, switcher);
    box.append(head, control);
    return { box, control, language };
  }
}
