package io.parley.core.language;

import java.lang.Character.UnicodeScript;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The language a text's script tells, where a script is written by few languages: a text too short
 * for Lingua's trigrams ("איפה ההזמנה?", "أين طلبي؟") still says its language by its letters when
 * only one of the languages a node reads writes that script. Hebrew letters are Hebrew or Yiddish;
 * Arabic letters are Arabic, Persian, Urdu and a few more, so they say Arabic only where none of
 * those others is among the languages read. Latin, Cyrillic and the other shared scripts tell
 * nothing here.
 */
final class WritingScript {
  /** Fewer letters than this are no message to decide on (a lone letter, an emoticon's). */
  static final int MIN_LETTERS = 2;
  /** Share of a text's letters that must be in the script: an order number's Latin letters don't hide it. */
  private static final double MIN_SHARE = 0.75;

  /** The ISO 639-1 codes of the languages written in each script this reads. */
  private static final Map<UnicodeScript, Set<String>> WRITTEN_BY = Map.of(
      UnicodeScript.HEBREW, Set.of("he", "yi"),
      UnicodeScript.ARABIC, Set.of("ar", "fa", "ur", "ps", "sd", "ug", "ku", "ks"));

  private final Set<String> languages;

  /** Among {@code languages}, ISO 639-1 codes in lower case. */
  WritingScript(Collection<String> languages) {
    this.languages = Set.copyOf(languages);
  }

  /**
   * The one language among those read, and {@code thought} (the language the text is taken to be in
   * already, so a Persian tenant's short messages are never taken for Arabic), that writes the
   * script of most of {@code text}'s letters; empty when no such script or more than one language.
   */
  Optional<LanguageTag> languageOf(String text, LanguageTag thought) {
    List<UnicodeScript> scripts = text.codePoints().filter(Character::isLetter).mapToObj(UnicodeScript::of).toList();
    if (scripts.size() < MIN_LETTERS) return Optional.empty();
    Map<UnicodeScript, Long> counts = scripts.stream().collect(Collectors.groupingBy(script -> script, Collectors.counting()));
    return WRITTEN_BY.entrySet().stream()
        .filter(script -> counts.getOrDefault(script.getKey(), 0L) >= MIN_SHARE * scripts.size())
        .findFirst()
        .flatMap(script -> only(script.getValue(), thought));
  }

  private Optional<LanguageTag> only(Set<String> writers, LanguageTag thought) {
    Set<String> candidates = writers.stream()
        .filter(code -> languages.contains(code) || code.equals(thought.primary()))
        .collect(Collectors.toSet());
    return candidates.size() == 1 ? LanguageTag.parse(candidates.iterator().next()) : Optional.empty();
  }
}
