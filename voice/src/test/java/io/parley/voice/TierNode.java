package io.parley.voice;

import io.parley.core.testing.MetricSamples;
import io.parley.sessions.resilience.BreakerSettings;
import io.parley.sessions.resilience.DependencyBreakers;
import io.parley.sessions.resilience.DependencyBreakers.State;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * The node a fallback tier under test runs on, as far as the tier sees it: the breakers, on the
 * tests' actor system, and the metrics where the tier's fallbacks count. The tier's premium engine
 * is OpenAI's, and its calls are {@link #TENANT}'s unless a test says otherwise.
 */
final class TierNode {
  static final String TENANT = "acme";
  /** Breakers that open after three failures. */
  static final BreakerSettings PATIENT = new BreakerSettings(3, Duration.ofSeconds(10), Duration.ofSeconds(30));

  private final String kind;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private DependencyBreakers breakers;

  /** A node for a tier of {@code kind}, {@code stt} or {@code tts}. */
  TierNode(String kind) {
    this.kind = kind;
  }

  /** New breakers with {@code settings}: those the tier made next registers its premium engine's with. */
  DependencyBreakers breakers(ActorSystem<?> system, BreakerSettings settings) {
    breakers = new DependencyBreakers(Adapter.toClassic(system).scheduler(), settings, registry);
    return breakers;
  }

  VoiceFallbacks voiceFallbacks() {
    return new VoiceFallbacks(registry);
  }

  /** The fallbacks of {@link #TENANT}'s calls. */
  double fallbacks() {
    return fallbacks(TENANT);
  }

  /** The fallbacks of {@code tenant}'s calls from the premium engine; NaN while the series is missing. */
  double fallbacks(String tenant) {
    Double value = MetricSamples.value(registry, "parley_voice_fallbacks_total", new String[] {"kind", "engine", "tenant"},
        new String[] {kind, "openai", tenant});
    return value == null ? Double.NaN : value;
  }

  State breakerState() {
    return breakers.state(Tiering.dependency(kind, "openai"));
  }
}
