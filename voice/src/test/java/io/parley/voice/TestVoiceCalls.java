package io.parley.voice;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import io.parley.core.trace.Tracing;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;

/** A node's voice with the engines a test chose, for tests outside this package (a phone call's). */
public final class TestVoiceCalls {
  private TestVoiceCalls() {}

  /** Calls on {@code engines}, with the reference settings; ready at once. */
  public static VoiceCalls with(CallEngines engines, PrometheusRegistry registry) {
    VoiceSettings settings = VoiceSettings.create(
        ConfigFactory.parseResources("reference.conf").resolve(ConfigResolveOptions.noSystem()));
    return new VoiceCalls(() -> new VoiceCalls.Loaded(engines, () -> { }), Runnable::run,
        CallSettings.of(settings, Duration.ofSeconds(10)), new VoiceMetrics(registry), PremiumVoiceBudget.none(),
        Tracing.off());
  }
}
