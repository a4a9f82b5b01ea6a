// Types of the citations of @parley/client (citations.js): the articles an answer cites, as links.

import type { CitationFrame } from './parley-client.js';

/** An article an answer cites, checked: `url` only when a browser may follow it (http or https). */
export interface Citation {
  readonly ref: number;
  readonly title: string;
  readonly url: string | null;
  readonly passage: string;
  /** Its language's primary subtag ("de"), null when not known. */
  readonly language: string | null;
}

export function webLink(url: unknown): string | null;
export function citationsOf(citations: readonly CitationFrame[] | null | undefined): readonly Citation[];
export function otherLanguage(citation: Citation, language: string | null): string | null;
export function languageName(tag: string, language: string | null): string;

export class CitationLinks {
  constructor(options?: { doc?: Document; label?: string });
  /** A list of links under an answer, or null when it cites nothing. */
  render(citations: readonly CitationFrame[] | null | undefined, language?: string | null): HTMLUListElement | null;
}
