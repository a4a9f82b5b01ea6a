package io.parley.voice;

import io.parley.sessions.MetricFamilies;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Counts what the local tier did in place of a premium engine, in
 * {@code parley_voice_fallbacks_total{kind="stt|tts",engine="<premium engine>",tenant="<tenant>"}}:
 * an utterance transcribed, or a sentence spoken, locally because the premium engine failed, timed
 * out or had its circuit breaker open, for a call of the tenant. One per node, shared by both
 * tiers, since a registry takes a metric once.
 */
final class VoiceFallbacks {
  /** The tenant of fallbacks outside any call (an engine used on its own, as tests do). */
  static final String NO_TENANT = "none";

  private final Counter fallbacks;

  VoiceFallbacks(PrometheusRegistry registry) {
    fallbacks = MetricFamilies.counter(registry, "parley_voice_fallbacks_total",
        "Utterances (stt) and sentences (tts) the local engine handled because the premium engine failed,"
            + " timed out or had its circuit breaker open, by kind, premium engine and tenant.",
        "kind", "engine", "tenant");
  }

  /** Shows the tenant's series at 0 from its first call, so a rate over it works before the first fallback. */
  void expect(String kind, String engine, String tenant) {
    fallbacks.labelValues(kind, engine, tenant);
  }

  void count(String kind, String engine, String tenant, int times) {
    fallbacks.labelValues(kind, engine, tenant).inc(times);
  }
}
