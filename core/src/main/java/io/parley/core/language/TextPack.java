package io.parley.core.language;

import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.text.MessagePattern;
import com.ibm.icu.util.ULocale;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The texts a customer reads in one language (notices, refusals, the offline answers), from the
 * resource file {@code io/parley/core/language/texts/<language>.properties} (UTF-8), so a
 * translator edits them without Java. A text is an ICU message pattern: it names what changes in
 * it as placeholders ({@code {position}}, {@code {ticket}}), and a count picks its words by the
 * language's plural rules ({@code {minutes, plural, one {# minute} other {# minutes}}}, Arabic
 * with its six forms); a translation keeps the English text's placeholders, in any order. An
 * apostrophe is always a letter ({@code l'{agent}}), never ICU's quoting, since no text needs a
 * literal brace.
 */
public final class TextPack {
  private static final Logger LOG = LoggerFactory.getLogger(TextPack.class);
  private static final Map<String, Optional<TextPack>> LOADED = new ConcurrentHashMap<>();
  private static final Set<String> REPORTED_MISSING = ConcurrentHashMap.newKeySet();

  private final String language;
  private final Properties texts;

  private TextPack(String language, Properties texts) {
    this.language = language;
    this.texts = texts;
  }

  /** The English texts: every key there is, and what each falls back to. */
  public static TextPack english() {
    return find(LanguagePack.FALLBACK).orElseThrow(() -> new IllegalStateException("the English texts are missing"));
  }

  /** The texts of the primary language {@code language}, when a resource file holds them. */
  public static Optional<TextPack> find(String language) {
    return LOADED.computeIfAbsent(language, name -> load(name, "texts/"));
  }

  /**
   * The texts of {@code language} that address the customer informally (du, tu, tú), where its
   * pack's address them formally ({@code texts/informal/<language>.properties}): only those, the
   * rest read as the pack has them.
   */
  public static Optional<TextPack> informal(String language) {
    return LOADED.computeIfAbsent("informal/" + language, name -> load(language, "texts/informal/"));
  }

  private static Optional<TextPack> load(String language, String folder) {
    return LanguagePack.properties(folder + language + ".properties").map(texts -> new TextPack(language, texts));
  }

  public String language() {
    return language;
  }

  /** Every key this pack has a text for. */
  public Set<String> keys() {
    return new TreeSet<>(texts.stringPropertyNames());
  }

  /**
   * This pack's text under {@code key}; none when it has none. A key the English pack has and
   * this one leaves out is logged once: its conversations read the English text.
   */
  public Optional<String> text(String key) {
    String own = texts.getProperty(key);
    if (own == null && !language.equals(LanguagePack.FALLBACK) && english().texts.containsKey(key)
        && REPORTED_MISSING.add(language + ":" + key)) {
      LOG.warn("The {} texts have no {}: its conversations read the English text", language, key);
    }
    return Optional.ofNullable(own).map(String::strip);
  }

  /** This pack's own text under {@code key}, none when it has none, nothing logged (an informal pack words only some). */
  Optional<String> own(String key) {
    return Optional.ofNullable(texts.getProperty(key)).map(String::strip);
  }

  /**
   * The placeholders {@code text} names, in order, each once, those inside a plural's forms too.
   *
   * @throws IllegalArgumentException when {@code text} is no message pattern (an unmatched brace, an
   *     unknown kind of placeholder)
   */
  public static Set<String> placeholders(String text) {
    MessagePattern pattern = new MessagePattern(literalApostrophes(text));
    Set<String> names = new LinkedHashSet<>();
    for (int part = 0; part < pattern.countParts(); part++) {
      if (pattern.getPartType(part) == MessagePattern.Part.Type.ARG_NAME) names.add(pattern.getSubstring(pattern.getPart(part)));
    }
    return names;
  }

  /**
   * {@code text} with each placeholder {@code values} has replaced, numbers and plurals as
   * {@code locale} writes them; any other placeholder is left as written.
   *
   * @throws IllegalArgumentException when {@code text} is no message pattern
   */
  public static String fill(String text, Map<String, ?> values, Locale locale) {
    return new MessageFormat(literalApostrophes(text), ULocale.forLocale(locale)).format(values);
  }

  /** Whether {@code text} is a message pattern {@link #fill} can write out. */
  public static boolean isPattern(String text) {
    try {
      placeholders(text);
      return true;
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }

  private static String literalApostrophes(String text) {
    return text.replace("'", "''");
  }
}
