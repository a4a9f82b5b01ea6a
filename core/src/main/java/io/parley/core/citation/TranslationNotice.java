package io.parley.core.citation;

import com.ibm.icu.text.ListFormatter;
import com.ibm.icu.util.ULocale;
import io.parley.core.language.LanguageTag;
import io.parley.core.language.Wording;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An answer built on help articles written in another language than the customer's. The knowledge
 * base gives the customer's language's articles first and others only when none in it answers; the
 * model is asked to answer in the customer's language all the same, translating what it takes from
 * them, and the node ends the answer by saying so, in the customer's language and naming the
 * articles' languages ({@value #KEY}: "Translated from our article in English."). The citations
 * keep linking the original articles. An article whose language is not known, or a conversation
 * whose language is not, asks for no notice: nothing says a translation happened.
 */
public final class TranslationNotice {
  /** The text that says so, in each language's text pack. */
  public static final String KEY = "answer.translated";

  private TranslationNotice() {}

  /**
   * {@code text} followed by the notice when one of the articles it {@code cited} is in another
   * language than {@code customer}; else {@code text} as it is.
   */
  public static String appended(String text, List<Citation> cited, Optional<LanguageTag> customer, Wording wording) {
    List<String> foreign = customer.map(tag -> foreignLanguages(cited, tag.primary())).orElse(List.of());
    if (foreign.isEmpty()) return text;
    ULocale reader = ULocale.forLocale(wording.locale());
    List<String> names = foreign.stream().map(language -> ULocale.getDisplayLanguage(language, reader)).toList();
    return text.stripTrailing() + "\n\n" + wording.text(KEY, Map.of("language", ListFormatter.getInstance(reader).format(names)));
  }

  /** The primary languages of the {@code cited} articles other than {@code customer}'s, in the order first cited. */
  static List<String> foreignLanguages(List<Citation> cited, String customer) {
    Set<String> foreign = new LinkedHashSet<>();
    for (Citation citation : cited) {
      LanguageTag.parse(citation.language()).map(LanguageTag::primary)
          .filter(language -> !language.equals(customer)).ifPresent(foreign::add);
    }
    return List.copyOf(foreign);
  }
}
