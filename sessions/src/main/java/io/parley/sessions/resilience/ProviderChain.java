package io.parley.sessions.resilience;

import io.parley.core.llm.LlmClient;
import io.parley.sessions.MetricFamilies;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.apache.pekko.pattern.CircuitBreaker;

/**
 * The model providers of a failover client in the order to try them, each with its
 * breaker, and the counters of what became of each call ({@code parley_llm_answers_total},
 * {@code parley_llm_failovers_total}). Its name is the chain, the providers' names joined by
 * {@code >}.
 */
final class ProviderChain {
  /** One provider and its breaker. */
  record Route(LlmClient client, CircuitBreaker breaker, Duration callTimeout) {
    String name() {
      return client.name();
    }
  }

  private final List<Route> routes;
  private final String name;
  private final Counter answers;
  private final Counter failovers;

  /**
   * @param providers in the order to try them; names unique
   * @param registry where the answers and failovers counters are registered
   */
  ProviderChain(List<? extends LlmClient> providers, DependencyBreakers breakers, PrometheusRegistry registry) {
    if (providers.isEmpty()) {
      throw new IllegalArgumentException("at least one provider is needed");
    }
    if (new HashSet<>(providers.stream().map(LlmClient::name).toList()).size() != providers.size()) {
      throw new IllegalArgumentException("provider names must be unique, got "
          + providers.stream().map(LlmClient::name).toList());
    }
    this.routes = providers.stream()
        .map(provider -> new Route(provider, breakers.breaker(dependency(provider.name())),
            breakers.settings().callTimeout()))
        .toList();
    this.name = String.join(">", names());
    answers = MetricFamilies.counter(registry, "parley_llm_answers_total",
        "Model answers, by the provider that gave them.", "provider");
    failovers = MetricFamilies.counter(registry, "parley_llm_failovers_total",
        "Model calls that moved on to the next provider, by the provider left and why: a failure kind, or breaker_open.",
        "provider", "reason");
    routes.forEach(route -> answers.labelValues(route.name()));
  }

  /** The breaker name of a model provider. */
  static String dependency(String providerName) {
    return "llm:" + providerName;
  }

  String name() {
    return name;
  }

  List<Route> routes() {
    return routes;
  }

  /**
   * The routes a call asking for {@code order} tries: those providers of the chain, in that order
   * (names it no longer has are passed over); the whole chain when the order is empty or names
   * none of them, as the node's own setting applies when a tenant's does not.
   */
  List<Route> routes(List<String> order) {
    List<Route> chosen = order.stream()
        .flatMap(name -> routes.stream().filter(route -> route.name().equals(name)))
        .toList();
    return chosen.isEmpty() ? routes : chosen;
  }

  /** The providers' names, in the chain's order. */
  List<String> names() {
    return routes.stream().map(Route::name).toList();
  }

  void answered(Route route) {
    answers.labelValues(route.name()).inc();
  }

  void failedOver(Route from, String reason) {
    failovers.labelValues(from.name(), reason).inc();
  }
}
