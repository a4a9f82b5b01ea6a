package io.parley.tools.kb;

import static io.parley.tools.kb.SearchLanguages.BODY;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Words as the knowledge-base index has them: run through the body field's analyzer of one
 * {@link SearchLanguages language} (lower case, stop words out, stemmed), distinct, in order. The
 * index, the snippets and the offline answer all compare terms made here, so they agree.
 */
final class SearchTerms {
  /** A question's first words are enough to rank by; a pasted page must not build a query of thousands of clauses. */
  private static final int MAX_QUERY_TERMS = 64;

  private SearchTerms() {}

  /** A query's words as the index has them in English. */
  static Set<String> ofQuery(String text) {
    return ofQuery(text, SearchLanguages.FALLBACK);
  }

  /** A query's words as the index has them in {@code language}. */
  static Set<String> ofQuery(String text, String language) {
    return analysed(text, language, MAX_QUERY_TERMS);
  }

  /** Every word of a text, as the index has them in {@code language}. */
  static Set<String> all(String text, String language) {
    return analysed(text, language, Integer.MAX_VALUE);
  }

  private static Set<String> analysed(String text, String language, int limit) {
    Set<String> terms = new LinkedHashSet<>();
    try (TokenStream tokens = SearchLanguages.PER_FIELD.tokenStream(SearchLanguages.field(BODY, language), text)) {
      CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
      tokens.reset();
      while (tokens.incrementToken() && terms.size() < limit) terms.add(term.toString());
      tokens.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return terms;
  }
}
