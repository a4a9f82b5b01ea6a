package io.parley.voice.media;

import io.parley.core.bot.TurnTaking;
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
 * When they end in a way that goes on ("my order number is", "and", "um"), the longer {@code
 * unfinishedUtteranceSilence} does. While the recogniser has heard nothing yet, speech barges in
 * only once it has lasted {@code backchannelMaxSpeech}; a backchannel ("mm-hm", "okay": {@link
 * Backchannels}) does not, and a word of anything else barges in from {@code bargeInMinSpeech} on
 * ({@link TurnDetector#isBargeIn}).
 */
public record TurnSettings(double activation, double deactivation, Duration minSpeech, Duration endOfUtterance,
    Duration bargeInMinSpeech, Duration completeUtteranceSilence, Duration unfinishedUtteranceSilence,
    Duration backchannelMaxSpeech) {
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
    if (unfinishedUtteranceSilence == null || unfinishedUtteranceSilence.compareTo(endOfUtterance) < 0) {
      throw new IllegalArgumentException("unfinishedUtteranceSilence must be at least endOfUtterance " + endOfUtterance
          + ", got " + unfinishedUtteranceSilence);
    }
    if (backchannelMaxSpeech == null || backchannelMaxSpeech.compareTo(bargeInMinSpeech) < 0) {
      throw new IllegalArgumentException("backchannelMaxSpeech must be at least bargeInMinSpeech " + bargeInMinSpeech
          + ", got " + backchannelMaxSpeech);
    }
  }

  /** Settings that read no words for an unfinished utterance or a backchannel: silence and speech alone. */
  public TurnSettings(double activation, double deactivation, Duration minSpeech, Duration endOfUtterance,
      Duration bargeInMinSpeech, Duration completeUtteranceSilence) {
    this(activation, deactivation, minSpeech, endOfUtterance, bargeInMinSpeech, completeUtteranceSilence,
        endOfUtterance, bargeInMinSpeech);
  }

  /** Settings that always wait out {@code endOfUtterance}, whatever the words. */
  public TurnSettings(double activation, double deactivation, Duration minSpeech, Duration endOfUtterance,
      Duration bargeInMinSpeech) {
    this(activation, deactivation, minSpeech, endOfUtterance, bargeInMinSpeech, Duration.ZERO);
  }

  /**
   * Silero's usual thresholds. 600 ms to end an utterance answers quickly but is shorter than the
   * 700-800 ms other voice stacks settled on, after shorter delays cut callers off mid-number
   * (LiveKit #3701): raise it where callers read out numbers. A complete question ends after 150 ms,
   * longer than a pause between words or a stop's closure in running speech, and within the 200 ms
   * or so in which people answer; a lone "yes" or "okay", which a caller often goes on from after a
   * comma's pause, waits longer ({@link TurnDetector#LEAD_IN_SILENCE_MILLIS}). Words that go on wait
   * 1.2 s, longer than the 300-900 ms a caller pauses mid-sentence. A backchannel is shorter than 1.2 s of speech (a synthesised "mm-hm"
   * lasts a second).
   */
  public static TurnSettings defaults() {
    return new TurnSettings(0.5, 0.35, Duration.ofMillis(200), Duration.ofMillis(600), Duration.ofMillis(300),
        Duration.ofMillis(150), Duration.ofMillis(1_200), Duration.ofMillis(1_200));
  }

  /**
   * These settings with a tenant's waits where it sets them ({@code voice.turns}), kept in order: a
   * complete utterance's silence at most the end of an utterance's, an unfinished one's at least it
   * (so a tenant's longer end of an utterance lengthens the node's shorter unfinished wait too).
   */
  public TurnSettings forTenant(TurnTaking tenant) {
    Duration end = tenant.endOfUtteranceMs().map(Duration::ofMillis).orElse(endOfUtterance);
    Duration complete = tenant.completeUtteranceMs().map(Duration::ofMillis).orElse(completeUtteranceSilence);
    Duration unfinished = tenant.unfinishedUtteranceMs().map(Duration::ofMillis).orElse(unfinishedUtteranceSilence);
    return new TurnSettings(activation, deactivation, minSpeech, end, bargeInMinSpeech,
        complete.compareTo(end) > 0 ? end : complete, unfinished.compareTo(end) < 0 ? end : unfinished,
        backchannelMaxSpeech);
  }

  private static void requirePositive(String name, Duration duration) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + duration);
    }
  }
}
