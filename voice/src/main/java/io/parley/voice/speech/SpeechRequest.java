package io.parley.voice.speech;

import java.util.Optional;

/** Text to speak, with the voice to speak it in (engine default when empty) and a speed of 0.5 to 2.0. */
public record SpeechRequest(String text, Optional<String> voice, double speed) {
  public SpeechRequest {
    if (text == null || text.isBlank()) throw new IllegalArgumentException("text to speak must not be blank");
    voice = voice == null ? Optional.empty() : voice;
    if (speed < 0.5 || speed > 2.0) throw new IllegalArgumentException("speed must be 0.5..2.0, got " + speed);
  }

  public static SpeechRequest of(String text) {
    return new SpeechRequest(text, Optional.empty(), 1.0);
  }
}
