package io.parley.sessions.resilience;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.testing.ClassResource;
import io.parley.core.testing.MetricSamples;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.CircuitBreaker;
import org.apache.pekko.pattern.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DependencyBreakersTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();

  @Test
  void oneBreakerPerDependencyWithItsStateExported() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    DependencyBreakers breakers = breakers(new BreakerSettings(1, Duration.ofSeconds(5), Duration.ofSeconds(30)), registry);
    CircuitBreaker tool = breakers.breaker("tool:order-status");
    assertSame(tool, breakers.breaker("tool:order-status"));
    assertEquals(0.0, MetricSamples.value(registry, "parley_circuit_breaker_state", new String[] {"dependency"},
        new String[] {"tool:order-status"}));

    tool.callWithCircuitBreakerCS(() -> CompletableFuture.failedFuture(new IllegalStateException("down")))
        .toCompletableFuture().handle((value, error) -> error).get(5, TimeUnit.SECONDS);
    assertEquals(DependencyBreakers.State.OPEN, breakers.state("tool:order-status"));
    assertEquals(2.0, MetricSamples.value(registry, "parley_circuit_breaker_state", new String[] {"dependency"},
        new String[] {"tool:order-status"}));
    Throwable fastFailure = tool.callWithCircuitBreakerCS(() -> CompletableFuture.completedFuture("never called"))
        .toCompletableFuture().handle((value, error) -> error).get(5, TimeUnit.SECONDS);
    assertTrue(FailoverCall.unwrap(fastFailure) instanceof CircuitBreakerOpenException, String.valueOf(fastFailure));
    assertEquals(DependencyBreakers.State.CLOSED, breakers.state("tool:other"), "a breaker not made yet is closed");
  }

  @Test
  void aDependencyMayAskForItsOwnSettingsOnFirstUse() throws Exception {
    DependencyBreakers breakers =
        breakers(new BreakerSettings(5, Duration.ofSeconds(60), Duration.ofSeconds(30)), new PrometheusRegistry());
    CircuitBreaker quick = breakers.breaker("tool:quick", new BreakerSettings(1, Duration.ofMillis(50), Duration.ofSeconds(30)));
    Throwable timedOut = quick.callWithCircuitBreakerCS(() -> new CompletableFuture<String>())
        .toCompletableFuture().handle((value, error) -> error).get(5, TimeUnit.SECONDS);
    assertTrue(FailoverCall.unwrap(timedOut) instanceof java.util.concurrent.TimeoutException, String.valueOf(timedOut));
    // The breaker counts the timeout on the scheduler's thread, possibly just after the caller hears of it.
    await("the breaker open").atMost(Duration.ofSeconds(5))
        .until(() -> breakers.state("tool:quick") == DependencyBreakers.State.OPEN);
    assertEquals(DependencyBreakers.State.OPEN, breakers.state("tool:quick"));
  }

  @Test
  void settingsAreReadFromTheConfigurationAndNameTheirVariable() {
    BreakerSettings settings = BreakerSettings.create(ConfigFactory.parseMap(Map.of(
        "parley.resilience.breaker.max-failures", "4",
        "parley.resilience.breaker.call-timeout", "45s",
        "parley.resilience.breaker.reset-timeout", "10s")));
    assertEquals(new BreakerSettings(4, Duration.ofSeconds(45), Duration.ofSeconds(10)), settings);

    InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> BreakerSettings.create(
        ConfigFactory.parseMap(Map.of(
            "parley.resilience.breaker.max-failures", "0",
            "parley.resilience.breaker.call-timeout", "45s",
            "parley.resilience.breaker.reset-timeout", "10s"))));
    assertTrue(e.getMessage().startsWith("PARLEY_BREAKER_MAX_FAILURES"), e.getMessage());
    e = assertThrows(InvalidSettingException.class, () -> BreakerSettings.create(ConfigFactory.parseMap(Map.of(
        "parley.resilience.breaker.max-failures", "4",
        "parley.resilience.breaker.call-timeout", "soon",
        "parley.resilience.breaker.reset-timeout", "10s"))));
    assertTrue(e.getMessage().startsWith("PARLEY_BREAKER_CALL_TIMEOUT"), e.getMessage());
  }

  private DependencyBreakers breakers(BreakerSettings settings, PrometheusRegistry registry) {
    return new DependencyBreakers(Adapter.toClassic(testKit.system()).scheduler(), settings, registry);
  }
}
