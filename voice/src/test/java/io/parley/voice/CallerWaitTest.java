package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.session.SessionId;
import io.parley.core.testing.MetricSamples;
import io.parley.core.trace.Tracing;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

class CallerWaitTest {
  private static final long SECOND = 1_000_000_000L;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final CallerWait wait = new CallerWait(new VoiceMetrics(registry),
      new VoiceTurnSpans(Tracing.off(), SessionId.random("acme"), "call-1", "phone"), "acme");

  @Test
  void speakingAgainSoonAfterTheTurnEndedAndBeforeItsAnswerIsAFalseCutOff() {
    wait.speechStarted(System.nanoTime());
    assertEquals(0, falseCutOffs(), "no turn ended yet");

    wait.utteranceEnded();
    wait.speechStarted(System.nanoTime());
    assertEquals(1, falseCutOffs());

    wait.utteranceEnded();
    wait.speechStarted(System.nanoTime() + 3 * SECOND);
    assertEquals(1, falseCutOffs(), "3 s later: a new turn, not the old one resumed");

    wait.utteranceEnded();
    wait.turnStarted("turn-1");
    wait.firstAudio("turn-1", System.nanoTime());
    wait.speechStarted(System.nanoTime());
    assertEquals(1, falseCutOffs(), "the answer began: the caller speaks over it");

    wait.utteranceEnded();
    wait.forget();
    wait.speechStarted(System.nanoTime());
    assertEquals(1, falseCutOffs(), "a turn nothing answers (a backchannel, a blank transcript) cut nobody off");
  }

  private double falseCutOffs() {
    return MetricSamples.sum(registry, "parley_voice_false_cut_offs_total", "tenant", "acme");
  }
}
