package io.parley.tools.kb;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;

/**
 * The languages the knowledge base's keyword search knows, each with Lucene's analyzer for it (its
 * stop words and stemmer: "Rücksendungen" finds "Rücksendung" in German, which the English
 * stemmer leaves apart). A chunk is indexed once, with its document's language's analyzer, in
 * fields named after that language; a question is read with its conversation's language's analyzer
 * and matched against that language's fields. A language without an analyzer is English. Hebrew
 * has no analyzer in Lucene: {@link HebrewAnalyzer} is ours.
 */
final class SearchLanguages {
  static final String FALLBACK = "en";
  /** The two analysed fields of a chunk: its title with its heading, and its text. */
  static final String TITLE = "title";
  static final String BODY = "body";

  private static final Map<String, Supplier<Analyzer>> ANALYZERS = Map.of(
      "en", EnglishAnalyzer::new,
      "de", GermanAnalyzer::new,
      "fr", FrenchAnalyzer::new,
      "es", SpanishAnalyzer::new,
      "it", ItalianAnalyzer::new,
      "pt", PortugueseAnalyzer::new,
      "nl", DutchAnalyzer::new,
      // Arabic: its normaliser (hamza forms, tatweel, short vowels) and light stemmer (the article
      // and the prefixes "and", "with" ... and the common suffixes): "الطلب" finds "طلب".
      "ar", ArabicAnalyzer::new,
      "he", HebrewAnalyzer::new);

  /** One analyzer per field: {@code <field>_<language>}. */
  static final Analyzer PER_FIELD = perField();

  private SearchLanguages() {}

  static Iterable<String> all() {
    return ANALYZERS.keySet();
  }

  /** {@code language}'s primary subtag when it has an analyzer, else English. */
  static String of(Optional<String> language) {
    return language.map(tag -> tag.split("-", 2)[0].toLowerCase(java.util.Locale.ROOT))
        .filter(ANALYZERS::containsKey).orElse(FALLBACK);
  }

  static String field(String name, String language) {
    return name + "_" + language;
  }

  private static Analyzer perField() {
    Map<String, Analyzer> fields = new java.util.HashMap<>();
    for (var language : ANALYZERS.entrySet()) {
      Analyzer analyzer = language.getValue().get();
      for (String name : new String[] {TITLE, BODY}) fields.put(field(name, language.getKey()), analyzer);
    }
    return new PerFieldAnalyzerWrapper(new EnglishAnalyzer(), fields);
  }
}
