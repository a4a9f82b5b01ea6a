package io.parley.sessions.resilience;

import io.parley.core.llm.LlmAnswer;
import io.parley.core.llm.LlmCall;
import io.parley.core.llm.LlmClient;
import io.parley.core.llm.LlmException;
import io.parley.core.llm.LlmListener;
import io.parley.core.llm.LlmRequest;
import io.parley.sessions.MetricFamilies;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;

/**
 * The node's model calls, at most {@code max} at once: past that the node sheds load, and a call
 * fails at once with {@link LlmException.Kind#OVERLOADED} instead of queueing behind the others, so
 * the turn is answered straight away from the answer cache or the offline responder
 * (docs/answer-cache.md) rather than late for everyone. A call holds its place until its answer
 * completes, fails or is cancelled.
 */
public final class ModelCallLimit implements LlmClient {
  private final LlmClient client;
  private final int max;
  private final Semaphore places;
  private final Gauge running;

  public ModelCallLimit(LlmClient client, int max, PrometheusRegistry registry) {
    this.client = client;
    this.max = max;
    this.places = new Semaphore(max);
    this.running = MetricFamilies.gauge(registry, "parley_llm_calls_running",
        "Model calls under way on this node, against PARLEY_LLM_MAX_CONCURRENT_CALLS.");
  }

  @Override
  public String name() {
    return client.name();
  }

  @Override
  public Optional<String> model() {
    return client.model();
  }

  @Override
  public LlmCall stream(LlmRequest request, LlmListener listener) {
    if (!places.tryAcquire()) {
      return new Refused(new LlmException(LlmException.Kind.OVERLOADED,
          "the node already runs " + max + " model calls (PARLEY_LLM_MAX_CONCURRENT_CALLS)"));
    }
    running.inc();
    LlmCall call;
    try {
      call = client.stream(request, listener);
    } catch (RuntimeException e) {
      release();
      throw e;
    }
    call.result().whenComplete((answer, error) -> release());
    return call;
  }

  private void release() {
    running.dec();
    places.release();
  }

  /** A call that never started. */
  private record Refused(LlmException reason) implements LlmCall {
    @Override
    public CompletionStage<LlmAnswer> result() {
      return CompletableFuture.failedFuture(reason);
    }

    @Override
    public void cancel() {}
  }
}
