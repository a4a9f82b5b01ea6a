// Types of texts.js: the chat's words in the conversation's language.

/** Primary subtags of the languages written right to left. */
export const RIGHT_TO_LEFT: readonly string[];

/** The first candidate that is a BCP 47 language tag, canonically cased; 'en' when none is. */
export function chooseLanguage(...candidates: Array<string | null | undefined | readonly string[]>): string;

/** 'rtl' for a language written right to left, else 'ltr'. */
export function directionOf(language: string): 'rtl' | 'ltr';

/** What apply() needs of a page (a Document or Element has it). */
export interface TextRoot {
  querySelectorAll(selector: string): { forEach(each: (element: TextElement) => void): void };
}
export interface TextElement {
  textContent: string | null;
  readonly dataset: { readonly [name: string]: string | undefined };
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
}

/**
 * `count` in the words `forms` gives for its plural category in `language` (Intl.PluralRules),
 * 'other' when `forms` lacks it; {count} in the text is the number as the language writes it.
 */
export function counted(count: number, forms: Readonly<Partial<Record<Intl.LDMLPluralRule, string>>> & { readonly other: string },
  language?: string): string;

export class Texts {
  constructor(language?: string, pack?: Readonly<Record<string, string>>);
  /** The canonical tag the texts are for. */
  readonly language: string;
  readonly dir: 'rtl' | 'ltr';
  readonly pack: Readonly<Record<string, string>>;
  /** The text of `key` with {placeholders} filled from `values`; the key itself when missing. */
  get(key: string, values?: Readonly<Record<string, string | number>>): string;
  /** Hours and minutes of `date` as the language writes them. */
  time(date: Date): string;
  /** Fills [data-text], [data-text-placeholder], [data-text-aria-label] and [data-text-title]. */
  apply(root: TextRoot): void;
}
