// The help articles an answer cites (docs/protocol.md#citations), as every surface shows them: a
// list of links under the answer. An article's address becomes a link only when it is http or
// https; the title and passage are set as text, never markup; a link opens apart from the page
// (rel="noopener noreferrer"). An article in another language than the conversation's says which.

/** `url` when a browser may follow it from a page (absolute http or https with a host), else null. */
export function webLink(url) {
  if (typeof url !== 'string' || url === '') return null;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.host ? parsed.href : null;
  } catch {
    return null;
  }
}

const primary = (tag) => (typeof tag === 'string' ? tag.split('-')[0].toLowerCase() : '');

/** A message frame's `citations`, checked: each `{ ref, title, url (or null), passage, language (or null) }`, frozen. */
export function citationsOf(citations) {
  if (!Array.isArray(citations)) return [];
  return Object.freeze(citations
    .filter((c) => Number.isInteger(c?.ref) && typeof c.title === 'string' && c.title !== '')
    .map((c) => Object.freeze({ ref: c.ref, title: c.title, url: webLink(c.url),
      passage: typeof c.passage === 'string' ? c.passage : '', language: primary(c.language) || null })));
}

/** The language `citation` is written in when it is not the conversation's (`language`, a BCP 47 tag), else null. */
export function otherLanguage(citation, language) {
  const conversation = primary(language);
  return citation.language && conversation && citation.language !== conversation ? citation.language : null;
}

/** Draws a message's citations as a list of links, for the chat page, the widget and the agent console. */
export class CitationLinks {
  /** `label`: the list's accessible name ("Sources"); `doc` makes the elements. */
  constructor({ doc = globalThis.document, label = 'Sources' } = {}) {
    this.doc = doc;
    this.label = label;
  }

  /** The list for a message frame's `citations` (checked by citationsOf) read in `language`, or null when there are none. */
  render(frameCitations, language = null) {
    const citations = citationsOf(frameCitations);
    if (!citations.length) return null;
    const list = this.doc.createElement('ul');
    list.className = 'citations';
    list.setAttribute('aria-label', this.label);
    for (const citation of citations) list.append(this.item(citation, language));
    return list;
  }

  item(citation, language) {
    const item = this.doc.createElement('li');
    const title = this.doc.createElement(citation.url ? 'a' : 'span');
    title.textContent = `[${citation.ref}] ${citation.title}`;
    if (citation.passage) title.title = citation.passage;
    if (citation.url) {
      title.href = citation.url;
      title.target = '_blank';
      title.rel = 'noopener noreferrer';
    }
    title.dir = 'auto';
    item.append(title);
    const other = otherLanguage(citation, language);
    if (other) {
      const note = this.doc.createElement('span');
      note.className = 'citation-language';
      note.textContent = ` (${languageName(other, language)})`;
      item.append(note);
    }
    return item;
  }
}

/** `tag`'s name in `language` ("Englisch" in German), or the tag itself where the browser has no names. */
export function languageName(tag, language) {
  try {
    return new Intl.DisplayNames([language || 'en'], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
