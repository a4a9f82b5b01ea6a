package io.parley.voice.media;

import java.time.Duration;

/**
 * When a caller's sound counts as taking a turn, for the {@link TurnDetector}. Speech starts at a
 * voice-activity probability of {@code activation} and lasts while it stays at or above the lower
 * {@code deactivation}, so that a wavering voice does not flicker on and off. It becomes an utterance
 * once it has lasted {@code minSpeech} (a cough or a bang is shorter), and the utterance ends after
 * {@code endOfUtterance} below {@code deactivation}. The caller interrupts the bot (barges in) after
 * {@code bargeInMinSpeech} of speech, longer than {@code minSpeech} so that an "uh-huh" does not.
 * When the recogniser's words so far are a complete utterance ({@link UtteranceCompleteness}), the
 * shorter {@code completeUtteranceSilence} ends it; zero waits out {@code endOfUtterance} always.
 */
public record TurnSettings(double activation, double deactivation, Duration minSpeech, Duration endOfUtterance,
    Duration bargeInMinSpeech, Duration completeUtteranceSilence) {
  public TurnSettings {
    if (!(0 < deactivation && deactivation <= activation && activation <= 1)) {
      throw new IllegalArgumentException(
          "need 0 < deactivation <= activation <= 1, got deactivation " + deactivation + " and activation " + activation);
    }
    requirePositive("minSpeech", minSpeech);
    requirePositive("endOfUtterance", endOfUtterance);
    requirePositive("bargeInMinSpeech", bargeInMinSpeech);
    if (completeUtteranceSilence == null || completeUtteranceSilence.isNegative()
        || completeUtteranceSilence.compareTo(endOfUtterance) > 0) {
      throw new IllegalArgumentException("completeUtteranceSilence must be from zero to endOfUtterance " + endOfUtterance
          + ", got " + completeUtteranceSilence);
    }
  }

  /** Settings that always wait out {@code endOfUtterance}, whatever the words. */
  public TurnSettings(double activation, double deactivation, Duration minSpeech, Duration endOfUtterance,
      Duration bargeInMinSpeech) {
    this(activation, deactivation, minSpeech, endOfUtterance, bargeInMinSpeech, Duration.ZERO);
  }

  /**
   * Silero's usual thresholds. 600 ms to end an utterance answers quickly but is shorter than the
   * 700-800 ms other voice stacks settled on, after shorter delays cut callers off mid-number
   * (LiveKit #3701): raise it where callers read out numbers. A complete question ends after 250 ms,
   * longer than a pause between words.
   */
  public static TurnSettings defaults() {
    return new TurnSettings(0.5, 0.35, Duration.ofMillis(200), Duration.ofMillis(600), Duration.ofMillis(300),
        Duration.ofMillis(250));
  }

  private static void requirePositive(String name, Duration duration) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + duration);
    }
  }
}
