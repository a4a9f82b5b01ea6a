package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.parley.core.testing.ClassResource;
import io.parley.core.testing.MetricSamples;
import io.parley.sessions.entity.SessionCommand;
import io.parley.voice.media.AudioChunk;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** The caller's utterances wait for every cut the session has still to take, however the cuts overlap. */
class AnswerCutsTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();

  private final TestProbe<SessionCommand> session = testKit.createTestProbe();
  private final TestProbe<VoiceOutput> output = testKit.createTestProbe();
  private final CutsAsked cutsAsked = new CutsAsked();
  private final List<String> posted = new ArrayList<>();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final AnswerCuts cuts = new AnswerCuts(session.ref(), testKit.system(), output.ref(),
      new VoiceMetrics(registry), "acme", cutsAsked, level -> LoggerFactory.getLogger(AnswerCutsTest.class).atLevel(level));

  @Test
  void anUtteranceWaitsForTheSessionToTakeTheCutOfTheAnswerItInterrupted() {
    cuts.bargeIn(answer("turn-1"), System.nanoTime());
    cuts.afterCut(() -> posted.add("where is my order"));

    assertEquals(List.of("turn-1"), cutsAsked.interrupted);
    assertEquals(List.of(), posted);
    cuts.interruptDone("turn-1", Optional.empty());
    assertEquals(List.of("where is my order"), posted);
  }

  @Test
  void aBargeInOnANoticeWhileTheBotsAnswerIsStillBeingCutKeepsTheUtteranceWaiting() {
    cuts.bargeIn(answer("turn-1"), System.nanoTime());
    cuts.afterCut(() -> posted.add("where is my order"));

    // Nothing of a notice is stored, so its cut is over at once; the answer's is not.
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> cuts.bargeIn(answer("notice-1"), System.nanoTime()));
    assertEquals(List.of(), posted);
    cuts.interruptDone("turn-1", Optional.empty());
    assertEquals(List.of("where is my order"), posted);
  }

  @Test
  void aBargeInOnAnAnswerPlayingCountsForItsTenantAndItsStop() {
    SpokenAnswer playing = answer("turn-1");
    playing.onAnswer("Your order shipped today.");
    playing.nextSentence();
    playing.onAudio(new AudioChunk(new short[1_600], 8_000));
    playing.onSentenceDone();
    playing.framesDue(System.nanoTime());
    cuts.bargeIn(playing, System.nanoTime());
    assertEquals(1.0, MetricSamples.sum(registry, "parley_voice_barge_ins_total", "tenant", "acme"));
    assertEquals(1.0, MetricSamples.value(registry, "parley_voice_barge_in_stop_seconds_count"), "its stop timed");

    cuts.interruptDone("turn-1", Optional.empty());
    cuts.bargeIn(answer("turn-2"), System.nanoTime());
    assertEquals(1.0, MetricSamples.sum(registry, "parley_voice_barge_ins_total", "tenant", "acme"),
        "an answer none of which played was not spoken over");
  }

  /** An answer none of which has played yet. */
  private static SpokenAnswer answer(String turnId) {
    return new SpokenAnswer(turnId, SpokenAnswer.Opening.NEXT, 8_000, 200);
  }
}
