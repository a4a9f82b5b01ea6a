package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.voice.testing.StandInTextToSpeech;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpeakingTierTest {
  private static final LocalDate TODAY = LocalDate.parse("2026-11-29");

  @Test
  void aTenantWhoseBudgetInMoneyIsSpentIsSpokenToLocallyThoughItsTierIsPremium() throws Exception {
    try (StandInTextToSpeech premium = new StandInTextToSpeech(); StandInTextToSpeech local = new StandInTextToSpeech()) {
      SpeakingTier tier = new SpeakingTier(new CallEngines(null, premium, local, null), 1.0, "acme",
          new VoiceMetrics(new io.prometheus.metrics.model.registry.PrometheusRegistry()));
      tier.joined(Optional.empty(), 0);

      SpeakingTier.Choice allowed = tier.next("Hello there.", TODAY, true);
      assertSame(premium, allowed.engine(), "the node's premium voice, by default");
      assertTrue(allowed.decision().orElseThrow().premium());

      SpeakingTier.Choice spent = tier.next("Hello again.", TODAY, false);
      assertSame(local, spent.engine(), "the local voice while the budget is spent");
      assertEquals(Optional.empty(), spent.request().voice(), "in the local voice, not the tenant's premium one");
    }
  }
}
