package io.parley.sessions.resilience;

import io.parley.core.llm.LlmCall;
import io.parley.core.llm.LlmClient;
import io.parley.core.llm.LlmClientSettings;
import io.parley.core.llm.LlmEndpoint;
import io.parley.core.llm.LlmListener;
import io.parley.core.llm.LlmRequest;
import io.parley.core.llm.OpenAiCompatibleClient;
import io.parley.core.trace.Tracing;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's model: several providers tried in order, each behind its circuit breaker in
 * {@link DependencyBreakers} (as {@code llm:<name>}). A call moves to the next provider when one
 * fails in a way another might not (server errors, rate limits, timeouts, a rejected key or model,
 * a malformed response, an open breaker), and never once part of an answer has reached the
 * listener: that fails as {@code STREAM_BROKEN}. When every provider fails, the call fails.
 *
 * <p>A request that names providers ({@link LlmRequest#providers()}, a tenant's order) is tried on
 * those of the chain only, in its order.
 *
 * <p>Only a provider's own failures count against its breaker: a cancelled call does not. The
 * breaker's {@code call-timeout} bounds one provider's whole answer, retries included; a call past
 * it is abandoned and moves on (or, after a delta, fails).
 *
 * <p>Its {@link #name()} is the chain, the providers' names joined by {@code >} (just the name
 * when there is one provider); per-provider outcomes go to {@code parley_llm_answers_total} and
 * {@code parley_llm_failovers_total}. Owns the providers: {@link #close()} closes them.
 */
public final class FailoverLlmClient implements LlmClient, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverLlmClient.class);

  private final ProviderChain chain;
  private final Tracing tracing;
  private volatile boolean closed;

  /**
   * @param providers in the order to try them; names unique
   * @param registry where the answers and failovers counters are registered
   * @param tracing where each provider's attempt is a span of the turn's trace
   */
  public FailoverLlmClient(List<? extends LlmClient> providers, DependencyBreakers breakers, PrometheusRegistry registry,
      Tracing tracing) {
    this.chain = new ProviderChain(providers, breakers, registry);
    this.tracing = tracing;
  }

  /** An {@link OpenAiCompatibleClient} per endpoint, in the endpoints' order. */
  public static FailoverLlmClient connect(List<LlmEndpoint> endpoints, LlmClientSettings settings,
      DependencyBreakers breakers, PrometheusRegistry registry, Tracing tracing) {
    List<OpenAiCompatibleClient> clients = endpoints.stream()
        .map(endpoint -> new OpenAiCompatibleClient(endpoint, settings))
        .toList();
    try {
      FailoverLlmClient client = new FailoverLlmClient(clients, breakers, registry, tracing);
      LOG.info("model providers, tried in that order: {}", endpoints.stream()
          .map(endpoint -> endpoint.name() + " (" + endpoint.model() + " at " + endpoint.baseUrl() + ")")
          .collect(Collectors.joining(", ")));
      return client;
    } catch (RuntimeException e) {
      clients.forEach(OpenAiCompatibleClient::close);
      throw e;
    }
  }

  /** The breaker name of a model provider. */
  public static String dependency(String providerName) {
    return ProviderChain.dependency(providerName);
  }

  @Override
  public String name() {
    return chain.name();
  }

  /** The providers' names, in the order a call tries them unless its request names its own. */
  /** The first provider's model: the one each call asks first. */
  @Override
  public Optional<String> model() {
    return chain.routes().getFirst().client().model();
  }

  public List<String> providerNames() {
    return chain.names();
  }

  /** @throws IllegalStateException once the client is closed */
  @Override
  public LlmCall stream(LlmRequest request, LlmListener listener) {
    if (closed) {
      throw new IllegalStateException("LLM client " + chain.name() + " is closed");
    }
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(listener, "listener");
    FailoverCall call = new FailoverCall(chain, request, listener, tracing);
    call.start();
    return call;
  }

  @Override
  public void close() {
    closed = true;
    for (ProviderChain.Route route : chain.routes()) {
      if (route.client() instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          LOG.warn("model provider {} did not close cleanly", route.name(), e);
        }
      }
    }
  }
}
