package io.parley.voice.speech;

import java.util.Optional;

/**
 * Text to speak, with the voice to speak it in (engine default when empty), a speed of 0.5 to 2.0,
 * and the language it is written in (an ISO 639-1 code; empty when the conversation has none yet,
 * which engines take as English).
 */
public record SpeechRequest(String text, Optional<String> voice, double speed, Optional<String> language) {
  public SpeechRequest {
    if (text == null || text.isBlank()) throw new IllegalArgumentException("text to speak must not be blank");
    voice = voice == null ? Optional.empty() : voice;
    language = language == null ? Optional.empty() : language;
    if (speed < 0.5 || speed > 2.0) throw new IllegalArgumentException("speed must be 0.5..2.0, got " + speed);
  }

  /** A request in no language of its own: English to every engine. */
  public SpeechRequest(String text, Optional<String> voice, double speed) {
    this(text, voice, speed, Optional.empty());
  }

  public static SpeechRequest of(String text) {
    return new SpeechRequest(text, Optional.empty(), 1.0);
  }

  /** The request's language, English when it names none. */
  public String languageOrEnglish() {
    return language.orElse(SpeechLanguage.ENGLISH);
  }
}
