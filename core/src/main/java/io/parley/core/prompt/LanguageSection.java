package io.parley.core.prompt;

import io.parley.core.language.LanguageTag;
import java.util.Locale;

/**
 * The conversation's language as one line of a turn's prompt, so the model answers the customer in
 * it (a greeting or a knowledge-base article in another language does not pull it off). It has the
 * highest priority: a few tokens, the last section left out when the context window is short.
 */
public final class LanguageSection {
  public static final int PRIORITY = 4;

  private LanguageSection() {}

  public static ContextSection of(LanguageTag language) {
    String name = Locale.forLanguageTag(language.tag()).getDisplayLanguage(Locale.ENGLISH);
    return ContextSection.system("The customer's language is " + name + " (" + language.tag() + "): answer in "
        + name + " unless they write in another language.", PRIORITY);
  }
}
