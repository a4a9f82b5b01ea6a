package io.parley.voice.speech;

/**
 * The languages speech engines are told are ISO 639-1 codes, the primary subtag of the
 * conversation's BCP 47 tag ({@code de-AT} is {@code de}), which is what the services' language
 * fields take; English is what every engine speaks and hears.
 */
public final class SpeechLanguage {
  /** What every engine speaks and hears, and what a request without a language is in. */
  public static final String ENGLISH = "en";

  private SpeechLanguage() {}

  public static boolean isEnglish(String language) {
    return ENGLISH.equals(language);
  }
}
