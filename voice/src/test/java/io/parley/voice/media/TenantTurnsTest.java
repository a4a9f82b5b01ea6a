package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.bot.TurnTaking;
import io.parley.core.language.LanguagePack;
import io.parley.voice.media.TurnDetector.Signal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A tenant's {@code voice.turns} over the node's turn settings: frames of 20 ms, 0.9 speech and 0.1 silence. */
class TenantTurnsTest {
  private static final int FRAME = 20;
  private static final TurnTaking LONGER_UNFINISHED =
      new TurnTaking(Optional.empty(), Optional.empty(), Optional.of(2_500), Map.of());

  @Test
  void aTenantsLongerWaitKeepsAPausingCallersTurnOpen() {
    // The node's 1.2 s after "my order number is" ends the turn within a 1.5 s pause...
    assertEquals(1_200, pauseUntilTheTurnEnds(new TurnDetector(TurnSettings.defaults()), "my order number is", 1_500));
    // ... the tenant's 2.5 s does not, and ends it only once 2.5 s have passed.
    TurnDetector tenants = new TurnDetector(TurnSettings.defaults());
    tenants.use(TurnSettings.defaults().forTenant(LONGER_UNFINISHED));
    assertEquals(-1, pauseUntilTheTurnEnds(tenants, "my order number is", 1_500), "still the caller's turn");
    feed(tenants, 0.9, 400);
    assertTrue(tenants.speaking(), "the caller goes on within the same turn");
    tenants.heard("my order number is four five one and");
    assertEquals(2_500, pauseUntilTheTurnEnds(tenants, null, 3_000));
  }

  @Test
  void aCompleteQuestionStillEndsSoonUnderALongerUnfinishedWait() {
    TurnDetector tenants = new TurnDetector(TurnSettings.defaults());
    tenants.use(TurnSettings.defaults().forTenant(LONGER_UNFINISHED));
    assertEquals(160, pauseUntilTheTurnEnds(tenants, "where is my order", 1_000));
  }

  @Test
  void aLeadInWaitsTheLongerOfItsOwnWaitAndTheTenantsCompleteWait() {
    assertEquals(160, pauseUntilTheTurnEnds(forTenant(null), "where is my order", 1_000));
    assertEquals(400, pauseUntilTheTurnEnds(forTenant(null), "yes", 1_000), "the node's: 400 ms after a lead-in");
    assertEquals(100, pauseUntilTheTurnEnds(forTenant(100), "where is my order", 1_000));
    assertEquals(400, pauseUntilTheTurnEnds(forTenant(100), "yes", 1_000), "a shorter complete wait keeps the lead-in's");
    assertEquals(500, pauseUntilTheTurnEnds(forTenant(500), "yes", 1_000), "a longer one holds for it too");
    assertEquals(600, pauseUntilTheTurnEnds(forTenant(0), "yes", 1_000), "none: the full silence");
  }

  @Test
  void theTenantsWaitsKeepTheirOrderOverTheNodes() {
    TurnSettings node = TurnSettings.defaults();
    TurnSettings longEnd = node.forTenant(new TurnTaking(Optional.empty(), Optional.of(1_500), Optional.empty(), Map.of()));
    assertEquals(Duration.ofMillis(1_500), longEnd.endOfUtterance());
    assertEquals(Duration.ofMillis(1_500), longEnd.unfinishedUtteranceSilence(), "the node's 1.2 s is raised to it");
    // An operator's longer wait after complete words (PARLEY_VAD_COMPLETE_UTTERANCE_SILENCE_MS=250).
    TurnSettings patientNode = new TurnSettings(0.5, 0.35, Duration.ofMillis(200), Duration.ofMillis(600),
        Duration.ofMillis(300), Duration.ofMillis(250), Duration.ofMillis(1_200), Duration.ofMillis(1_200));
    TurnSettings shortEnd = patientNode.forTenant(new TurnTaking(Optional.empty(), Optional.of(200), Optional.empty(), Map.of()));
    assertEquals(Duration.ofMillis(200), shortEnd.completeUtteranceSilence(), "the node's 250 ms is lowered to it");
    assertEquals(patientNode.unfinishedUtteranceSilence(), shortEnd.unfinishedUtteranceSilence());
    assertEquals(node, node.forTenant(TurnTaking.none()));
    TurnSettings off = node.forTenant(new TurnTaking(Optional.of(0), Optional.empty(), Optional.empty(), Map.of()));
    assertEquals(Duration.ZERO, off.completeUtteranceSilence());
  }

  @Test
  void aTenantsBackchannelsReplaceItsLanguagesOwn() {
    TurnDetector detector = new TurnDetector(TurnSettings.defaults());
    assertTrue(detector.isBackchannel("Okay."));
    detector.backchannels(Map.of("en", List.of("mm hm", "right on"), "de", List.of("jawohl")));
    assertFalse(detector.isBackchannel("Okay."), "not among the tenant's English ones");
    assertTrue(detector.isBackchannel("Right on, mm-hm."));
    assertTrue(detector.isBackchannel("uh right on"), "a hesitation is still none");
    detector.speaks(LanguagePack.find("de").orElseThrow());
    assertTrue(detector.isBackchannel("Jawohl"));
    assertFalse(detector.isBackchannel("genau"));
    detector.speaks(LanguagePack.find("es").orElseThrow());
    assertTrue(detector.isBackchannel("vale"), "a language the tenant does not list keeps its pack's");
  }

  @Test
  void aWordOutsideTheTenantsBackchannelsBargesIn() {
    TurnDetector detector = new TurnDetector(TurnSettings.defaults());
    detector.backchannels(Map.of("en", List.of("mm hm")));
    feed(detector, 0.9, 200);
    detector.heard("okay");
    feed(detector, 0.9, 200);
    assertTrue(detector.isBargeIn(), "okay is no backchannel of this tenant's");
  }

  /** A detector on the node's defaults under a tenant's {@code completeUtteranceMs} (the node's when null). */
  private static TurnDetector forTenant(Integer completeMillis) {
    TurnDetector detector = new TurnDetector(TurnSettings.defaults());
    detector.use(TurnSettings.defaults().forTenant(
        new TurnTaking(Optional.ofNullable(completeMillis), Optional.empty(), Optional.empty(), Map.of())));
    return detector;
  }

  /**
   * Starts an utterance with {@code words} heard (none when null: the one going on), then feeds up to
   * {@code millis} of silence: the silence after which the turn ended, or -1 when it did not.
   */
  private static int pauseUntilTheTurnEnds(TurnDetector detector, String words, int millis) {
    if (words != null) {
      feed(detector, 0.9, 600);
      detector.heard(words);
    }
    for (int quiet = FRAME; quiet <= millis; quiet += FRAME) {
      if (detector.onFrame(0.1, FRAME) == Signal.UTTERANCE_ENDED) return quiet;
    }
    return -1;
  }

  private static List<Signal> feed(TurnDetector detector, double probability, int millis) {
    return IntStream.range(0, millis / FRAME).mapToObj(i -> detector.onFrame(probability, FRAME)).toList();
  }
}
