package io.parley.http;

import com.typesafe.config.Config;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.language.LanguageDetection;
import java.util.Arrays;
import java.util.List;

/** The languages a node tells customers' messages apart by: {@code PARLEY_LANGUAGE_DETECT} ({@code parley.language.detect}). */
final class LanguageDetectionSettings {
  private static final String PATH = "parley.language.detect";

  private LanguageDetectionSettings() {}

  /**
   * The node's detection, its models not loaded yet ({@link LanguageDetection#loadOn}); off for an empty list.
   *
   * @throws InvalidSettingException for a language the detector does not know, or a list of one
   */
  static LanguageDetection detection(Config config) {
    List<String> languages = Arrays.stream(config.getString(PATH).split(","))
        .map(String::trim).filter(code -> !code.isEmpty()).toList();
    if (languages.isEmpty()) return LanguageDetection.off();
    try {
      return LanguageDetection.of(languages);
    } catch (IllegalArgumentException e) {
      throw new InvalidSettingException("PARLEY_LANGUAGE_DETECT (" + PATH + ") must be two or more ISO 639-1 codes"
          + " separated by commas, such as en,de,fr, or empty to turn detection off: " + e.getMessage());
    }
  }
}
