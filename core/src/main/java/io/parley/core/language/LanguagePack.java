package io.parley.core.language;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The words the deterministic rules read for one language, from the resource file
 * {@code io/parley/core/language/<language>.properties} (UTF-8, one comma-separated list of phrases
 * per key), so a translator adds or fixes a language without touching Java. A conversation whose
 * language has no pack reads its tenant's language's, then English; each missing language is
 * logged once.
 */
public final class LanguagePack {
  /** The language every other falls back to, and whose pack must exist. */
  public static final String FALLBACK = "en";

  private static final Logger LOG = LoggerFactory.getLogger(LanguagePack.class);
  private static final Map<String, Optional<LanguagePack>> LOADED = new ConcurrentHashMap<>();
  private static final Set<String> REPORTED_MISSING = ConcurrentHashMap.newKeySet();

  private final String language;
  private final Properties words;
  private final Map<String, Phrases> parsed = new ConcurrentHashMap<>();

  private LanguagePack(String language, Properties words) {
    this.language = language;
    this.words = words;
  }

  /** English: the pack for a rule that knows no language. */
  public static LanguagePack english() {
    return find(FALLBACK).orElseThrow(() -> new IllegalStateException("the English language pack is missing"));
  }

  /** The pack for {@code conversation}, else for {@code tenant}, else English. */
  public static LanguagePack of(Optional<LanguageTag> conversation, Optional<LanguageTag> tenant) {
    return conversation.flatMap(LanguagePack::available)
        .or(() -> tenant.flatMap(LanguagePack::available))
        .orElseGet(LanguagePack::english);
  }

  /** The pack for {@code language}, else English. */
  public static LanguagePack of(Optional<LanguageTag> language) {
    return of(language, Optional.empty());
  }

  private static Optional<LanguagePack> available(LanguageTag tag) {
    Optional<LanguagePack> pack = find(tag.primary());
    if (pack.isEmpty() && REPORTED_MISSING.add(tag.primary())) {
      LOG.warn("No language pack for {}: its conversations read the tenant's language's pack or English", tag.primary());
    }
    return pack;
  }

  /** The pack of the primary language {@code language}, when a resource file holds one. */
  public static Optional<LanguagePack> find(String language) {
    return LOADED.computeIfAbsent(language, LanguagePack::load);
  }

  private static Optional<LanguagePack> load(String language) {
    return properties(language + ".properties").map(words -> new LanguagePack(language, words));
  }

  /** The UTF-8 properties file {@code name} beside this class (in its package's folder), when there is one. */
  static Optional<Properties> properties(String name) {
    if (!name.matches("([a-z]+/){0,2}[a-z]{2,3}\\.properties")) return Optional.empty();
    try (InputStream in = LanguagePack.class.getResourceAsStream(name)) {
      if (in == null) return Optional.empty();
      Properties read = new Properties();
      read.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      return Optional.of(read);
    } catch (IOException unreadable) {
      throw new UncheckedIOException("language pack " + name + " is unreadable", unreadable);
    }
  }

  public String language() {
    return language;
  }

  /** The phrases under {@code key}; none when this pack leaves it out. */
  public Phrases phrases(String key) {
    return parsed.computeIfAbsent(key, k -> Phrases.parse(words.getProperty(k, "")));
  }

  /**
   * The sentence under {@code key}, said to a customer as it stands (commas and all); English's when
   * this pack leaves it out.
   */
  public String sentence(String key) {
    String value = words.getProperty(key);
    if (value != null && !value.isBlank()) return value.strip();
    if (language.equals(FALLBACK)) throw new IllegalStateException("the English language pack has no " + key);
    return english().sentence(key);
  }

  /** A whole number under {@code key}, or {@code otherwise}. */
  public int number(String key, int otherwise) {
    String value = words.getProperty(key);
    return value == null ? otherwise : Integer.parseInt(value.strip());
  }
}
