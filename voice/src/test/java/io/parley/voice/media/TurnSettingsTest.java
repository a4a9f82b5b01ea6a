package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TurnSettingsTest {
  private static final Duration MS_200 = Duration.ofMillis(200);

  @Test
  void defaults() {
    TurnSettings defaults = TurnSettings.defaults();
    assertEquals(0.5, defaults.activation());
    assertEquals(0.35, defaults.deactivation());
    assertEquals(Duration.ofMillis(200), defaults.minSpeech());
    assertEquals(Duration.ofMillis(600), defaults.endOfUtterance());
    assertEquals(Duration.ofMillis(300), defaults.bargeInMinSpeech());
    assertEquals(Duration.ofMillis(150), defaults.completeUtteranceSilence());
    assertEquals(Duration.ofMillis(1_200), defaults.unfinishedUtteranceSilence());
    assertEquals(Duration.ofMillis(1_200), defaults.backchannelMaxSpeech());
  }

  @Test
  void unfinishedWordsWaitAtLeastTheFullSilenceAndABackchannelBoundIsAtLeastTheBargeIn() {
    TurnSettings bySilence = new TurnSettings(0.5, 0.35, MS_200, MS_200, MS_200, MS_200);
    assertEquals(MS_200, bySilence.unfinishedUtteranceSilence());
    assertEquals(MS_200, bySilence.backchannelMaxSpeech());
    Duration ms199 = Duration.ofMillis(199);
    IllegalArgumentException shorter = assertThrows(IllegalArgumentException.class,
        () -> new TurnSettings(0.5, 0.35, MS_200, MS_200, MS_200, MS_200, ms199, MS_200));
    assertTrue(shorter.getMessage().contains("unfinishedUtteranceSilence"), shorter.getMessage());
    IllegalArgumentException bound = assertThrows(IllegalArgumentException.class,
        () -> new TurnSettings(0.5, 0.35, MS_200, MS_200, MS_200, MS_200, MS_200, ms199));
    assertTrue(bound.getMessage().contains("backchannelMaxSpeech"), bound.getMessage());
  }

  @Test
  void aCompleteUtterancesSilenceIsZeroToTheFullSilence() {
    assertEquals(Duration.ZERO, new TurnSettings(0.5, 0.35, MS_200, MS_200, MS_200).completeUtteranceSilence());
    assertEquals(MS_200, new TurnSettings(0.5, 0.35, MS_200, MS_200, MS_200, MS_200).completeUtteranceSilence());
    assertThrows(IllegalArgumentException.class,
        () -> new TurnSettings(0.5, 0.35, MS_200, MS_200, MS_200, Duration.ofMillis(201)));
    assertThrows(IllegalArgumentException.class,
        () -> new TurnSettings(0.5, 0.35, MS_200, MS_200, MS_200, Duration.ofMillis(-1)));
  }

  @Test
  void deactivationMayEqualActivationButNotExceedIt() {
    assertEquals(0.5, new TurnSettings(0.5, 0.5, MS_200, MS_200, MS_200).deactivation());
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class, () -> new TurnSettings(0.5, 0.6, MS_200, MS_200, MS_200));
    assertTrue(e.getMessage().contains("deactivation <= activation"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TurnSettings(1.5, 0.3, MS_200, MS_200, MS_200));
    assertThrows(IllegalArgumentException.class, () -> new TurnSettings(0.5, 0, MS_200, MS_200, MS_200));
    assertThrows(IllegalArgumentException.class, () -> new TurnSettings(Double.NaN, 0.3, MS_200, MS_200, MS_200));
  }

  @Test
  void durationsMustBePositive() {
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class, () -> new TurnSettings(0.5, 0.35, Duration.ZERO, MS_200, MS_200));
    assertTrue(e.getMessage().contains("minSpeech"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new TurnSettings(0.5, 0.35, MS_200, MS_200.negated(), MS_200));
    assertThrows(IllegalArgumentException.class, () -> new TurnSettings(0.5, 0.35, MS_200, MS_200, null));
  }
}
