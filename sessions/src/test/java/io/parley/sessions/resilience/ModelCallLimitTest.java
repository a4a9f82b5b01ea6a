package io.parley.sessions.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.parley.core.AsyncCause;
import io.parley.core.llm.LlmAnswer;
import io.parley.core.llm.LlmCall;
import io.parley.core.llm.LlmClient;
import io.parley.core.llm.LlmException;
import io.parley.core.llm.LlmListener;
import io.parley.core.llm.LlmRequest;
import io.parley.core.llm.PromptMessage;
import io.parley.core.testing.MetricSamples;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class ModelCallLimitTest {
  private static final LlmRequest REQUEST = new LlmRequest(List.of(PromptMessage.user("hi")), 10, 0.3);

  /** Calls that stay open until the test ends them. */
  private static final class HeldCalls implements LlmClient {
    final List<CompletableFuture<LlmAnswer>> open = new ArrayList<>();

    @Override
    public String name() {
      return "held";
    }

    @Override
    public LlmCall stream(LlmRequest request, LlmListener listener) {
      CompletableFuture<LlmAnswer> result = new CompletableFuture<>();
      open.add(result);
      return new LlmCall() {
        @Override
        public CompletionStage<LlmAnswer> result() {
          return result;
        }

        @Override
        public void cancel() {
          result.completeExceptionally(new LlmException(LlmException.Kind.CANCELLED, "cancelled"));
        }
      };
    }
  }

  @Test
  void pastTheLimitACallFailsAtOnceAsOverloadedAndAFinishedOneFreesItsPlace() {
    HeldCalls held = new HeldCalls();
    PrometheusRegistry registry = new PrometheusRegistry();
    ModelCallLimit limit = new ModelCallLimit(held, 2, registry);

    LlmCall first = limit.stream(REQUEST, text -> { });
    limit.stream(REQUEST, text -> { });
    LlmCall refused = limit.stream(REQUEST, text -> { });
    assertEquals(2, held.open.size(), "the third never reached the model");
    Throwable failure = AsyncCause.of(refused.result().toCompletableFuture().handle((a, e) -> e).join());
    assertEquals(LlmException.Kind.OVERLOADED, ((LlmException) failure).kind());
    assertEquals(2.0, MetricSamples.value(registry, "parley_llm_calls_running"));

    first.cancel();
    LlmCall next = limit.stream(REQUEST, text -> { });
    assertEquals(3, held.open.size());
    assertFalse(next.result().toCompletableFuture().isDone());
    held.open.forEach(result -> result.complete(new LlmAnswer("ok", Optional.empty(), "stop", 1)));
    assertEquals(0.0, MetricSamples.value(registry, "parley_llm_calls_running"));
    limit.stream(REQUEST, text -> { });
    limit.stream(REQUEST, text -> { });
    assertEquals(5, held.open.size(), "answered calls give their places back");
  }
}
