package io.parley.core.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ar.ArabicNormalizationFilter;
import org.apache.lucene.analysis.ar.ArabicStemFilter;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.de.GermanLightStemFilter;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.es.SpanishLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.it.ItalianLightStemFilter;
import org.apache.lucene.analysis.pt.PortugueseLightStemFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.tartarus.snowball.ext.DutchStemmer;

/**
 * The stems of conversation search's words (docs/languages.md, "Conversation search"): Lucene's
 * light stemmer of a language (English's minimal one, plurals only; Dutch's Snowball stemmer;
 * Arabic's light one with its prefixes), so
 * that "Rechnungen" and "Rechnung" share the stem "rechnung". The words are {@link SearchWords}',
 * already folded (case with {@code Locale.ROOT}, which none of these languages needs otherwise, and
 * accents), and each gives exactly one stem. Thread-safe: Lucene keeps an analyzer's filters per thread.
 */
public final class SearchStems {
  private static final Map<String, Analyzer> STEMMERS = Map.of(
      "en", stemming(EnglishMinimalStemFilter::new),
      "de", stemming(GermanLightStemFilter::new),
      "fr", stemming(FrenchLightStemFilter::new),
      "es", stemming(SpanishLightStemFilter::new),
      "it", stemming(ItalianLightStemFilter::new),
      "pt", stemming(PortugueseLightStemFilter::new),
      "nl", stemming(words -> new SnowballFilter(words, new DutchStemmer())),
      // Arabic's light stemmer (Larkey's light10) strips the article and the attached conjunctions and
      // prepositions (ال، وال، بال، لل، و) and the common suffixes (ات، ون، ة…), after Arabic's own
      // normalization (hamza forms, alef maqsura, teh marbuta, tatweel): "الطلبات" and "طلب" share "طلب".
      "ar", stemming(words -> new ArabicStemFilter(new ArabicNormalizationFilter(words))));

  private SearchStems() {}

  /** The languages with a stemmer, by their primary subtag. */
  public static Set<String> languages() {
    return STEMMERS.keySet();
  }

  /** The primary subtag of {@code language} (a BCP 47 tag) when it has a stemmer. */
  public static Optional<String> of(Optional<String> language) {
    return language.map(tag -> tag.split("-", 2)[0].toLowerCase(Locale.ROOT)).filter(STEMMERS::containsKey);
  }

  /** The stem of each of {@code words}, in their order, in {@code language} (one of {@link #languages}). */
  public static List<String> stems(List<String> words, String language) {
    Analyzer stemmer = STEMMERS.get(language);
    if (stemmer == null) throw new IllegalArgumentException("no stemmer for " + language);
    List<String> stems = new ArrayList<>(words.size());
    try (TokenStream tokens = stemmer.tokenStream("", String.join(" ", words))) {
      CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
      tokens.reset();
      while (tokens.incrementToken()) stems.add(term.toString());
      tokens.end();
    } catch (IOException e) {
      throw new UncheckedIOException("reading words from memory cannot fail", e);
    }
    return stems;
  }

  private static Analyzer stemming(Function<TokenStream, TokenStream> stemmer) {
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String field) {
        Tokenizer words = new WhitespaceTokenizer();
        return new TokenStreamComponents(words, stemmer.apply(words));
      }
    };
  }
}
