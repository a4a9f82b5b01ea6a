package io.parley.sessions;

import com.typesafe.config.ConfigFactory;
import io.parley.core.llm.LlmClient;
import io.parley.core.llm.LlmClientSettings;
import io.parley.core.llm.LlmEndpoint;
import io.parley.core.llm.OpenAiCompatibleClient;
import io.parley.core.offline.OfflineResponder;
import io.parley.core.retry.Backoff;
import io.prometheus.client.CollectorRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** TurnServices for tests: the real prompt assembly and offline responder, with or without a model server. */
final class TestTurnServices {
  private TestTurnServices() {}

  static SessionSettings settings() {
    return SessionSettings.create(ConfigFactory.load());
  }

  static TurnServices offline() {
    return offline(settings());
  }

  static TurnServices offline(SessionSettings settings) {
    return create(Optional.empty(), settings);
  }

  /** A real OpenAI-compatible client against {@code baseUrl} (the in-test fake model server), with fast retries. */
  static TurnServices withModel(URI baseUrl, SessionSettings settings) {
    LlmClient client = new OpenAiCompatibleClient(
        new LlmEndpoint("test-model", baseUrl, "llama-3.3-70b", Optional.empty()),
        new LlmClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), 2,
            new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0, 0.2)));
    return create(Optional.of(client), settings);
  }

  private static TurnServices create(Optional<LlmClient> llm, SessionSettings settings) {
    return new TurnServices(
        llm,
        TurnPrompts.create(settings),
        OfflineResponder.fromResource(OfflineResponder.DEFAULT_RESOURCE),
        settings,
        new SessionMetrics(new CollectorRegistry()),
        Clock.systemUTC());
  }
}
