package io.parley.core.offline;

import io.parley.core.citation.Citation;

/**
 * The passage of one of the tenant's help articles that answers a customer's question, found
 * without a model: the article's id, title and web address (empty when it has none), its
 * sentences that best match the question, and the language it is written in (empty when not known).
 */
public record ArticlePassage(String documentId, String title, String passage, String url, String language) {
  public ArticlePassage(String documentId, String title, String passage) {
    this(documentId, title, passage, "", "");
  }

  /** The answer built on this passage cites it, as the first and only source. */
  public Citation citation() {
    return new Citation(1, documentId, title, url, passage, language);
  }
}
