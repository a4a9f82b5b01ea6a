package io.parley.core.language;

import java.util.IllformedLocaleException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A customer's language as a well-formed IETF BCP 47 tag whose primary subtag is a known ISO 639
 * language ({@code de}, {@code pt-BR}); {@link #primary()} is what the language packs and the
 * search analyzers are chosen by.
 */
public record LanguageTag(String tag) {
  // ISO 639-1 codes, their ISO 639-2 forms, and the three-letter languages the JDK has data for (gsw, fil).
  private static final Set<String> ISO_639 = Stream.of(
          Stream.of(Locale.getISOLanguages()),
          Stream.of(Locale.getISOLanguages()).map(code -> Locale.of(code).getISO3Language()),
          Stream.of(Locale.getAvailableLocales()).map(Locale::getLanguage))
      .flatMap(codes -> codes)
      .filter(code -> !code.isEmpty())
      .collect(Collectors.toUnmodifiableSet());

  public LanguageTag {
    if (!canonical(tag).equals(Optional.of(tag))) throw new IllegalArgumentException("not a known language tag: " + tag);
  }

  /**
   * The tag in canonical form ({@code DE-at} is {@code de-AT}), or none when {@code raw} is not
   * well-formed BCP 47 or its language is not an ISO 639 code (so {@code xx} or free text never
   * passes for a language).
   */
  public static Optional<LanguageTag> parse(String raw) {
    return canonical(raw).map(LanguageTag::new);
  }

  private static Optional<String> canonical(String raw) {
    if (raw == null || raw.isBlank() || raw.length() > 35) return Optional.empty();
    Locale locale;
    try {
      locale = new Locale.Builder().setLanguageTag(raw.strip().replace('_', '-')).build();
    } catch (IllformedLocaleException malformed) {
      return Optional.empty();
    }
    return ISO_639.contains(locale.getLanguage()) ? Optional.of(locale.toLanguageTag()) : Optional.empty();
  }

  /** The language subtag ({@code pt-BR} is {@code pt}). */
  public String primary() {
    int dash = tag.indexOf('-');
    return dash < 0 ? tag : tag.substring(0, dash);
  }

  @Override
  public String toString() {
    return tag;
  }
}
