package io.parley.voice;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;

/**
 * Counts what the local tier did in place of a premium engine, in
 * {@code parley_voice_fallbacks_total{kind="stt|tts",engine="<premium engine>"}}: an utterance
 * transcribed, or a sentence spoken, locally because the premium engine failed, timed out or had
 * its circuit breaker open. One per node, shared by both tiers, since a registry takes a metric once.
 */
public final class VoiceFallbacks {
  private final Counter fallbacks;

  public VoiceFallbacks(CollectorRegistry registry) {
    fallbacks = Counter.build("parley_voice_fallbacks_total",
            "Utterances (stt) and sentences (tts) the local engine handled because the premium engine failed,"
                + " timed out or had its circuit breaker open, by kind and premium engine.")
        .labelNames("kind", "engine")
        .register(registry);
  }

  /** Shows the series at 0 from the start, so a rate over it works before the first fallback. */
  void expect(String kind, String engine) {
    fallbacks.labels(kind, engine);
  }

  void count(String kind, String engine, int times) {
    fallbacks.labels(kind, engine).inc(times);
  }
}
