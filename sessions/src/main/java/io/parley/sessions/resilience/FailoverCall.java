package io.parley.sessions.resilience;

import io.opentelemetry.api.trace.Span;
import io.parley.core.llm.LlmAnswer;
import io.parley.core.llm.LlmCall;
import io.parley.core.llm.LlmException.Kind;
import io.parley.core.llm.LlmException;
import io.parley.core.llm.LlmListener;
import io.parley.core.llm.LlmRequest;
import io.parley.core.trace.Tracing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.pattern.CircuitBreakerOpenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call of a {@link ProviderChain}: the providers in turn, each through its breaker, until
 * one answers. Only the provider being tried may reach the listener; once it has, the call is
 * committed to it. Decisions and deltas are made under this object's lock, so a delta never
 * follows a switch to the next provider or the call's completion.
 */
final class FailoverCall implements LlmCall {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverCall.class);

  private final ProviderChain chain;
  private final List<ProviderChain.Route> routes;
  private final LlmRequest request;
  private final LlmListener listener;
  private final Tracing tracing;
  private final CompletableFuture<LlmAnswer> result = new CompletableFuture<>();

  private int active = -1; // guarded by this: the provider whose deltas go to the listener
  private boolean delivered; // guarded by this
  private LlmCall current; // guarded by this
  private final List<String> failures = new ArrayList<>(); // guarded by this
  private LlmException lastFailure; // guarded by this: the last provider's own failure

  FailoverCall(ProviderChain chain, LlmRequest request, LlmListener listener, Tracing tracing) {
    this.chain = chain;
    this.routes = chain.routes(request.providers());
    this.request = request;
    this.listener = listener;
    this.tracing = tracing;
  }

  @Override
  public CompletionStage<LlmAnswer> result() {
    return result.minimalCompletionStage();
  }

  @Override
  public void cancel() {
    LlmCall call;
    synchronized (this) {
      if (!result.completeExceptionally(new LlmException(Kind.CANCELLED, "cancelled by the caller"))) return;
      call = current;
    }
    if (call != null) call.cancel();
  }

  void start() {
    tryProvider(0);
  }

  private void tryProvider(int index) {
    synchronized (this) {
      if (result.isDone()) return;
      if (index == routes.size()) {
        result.completeExceptionally(allFailed());
        return;
      }
      active = index;
      current = null;
    }
    ProviderChain.Route route = routes.get(index);
    // One chat span per provider tried, under the caller's; the provider's server may join it (traceparent).
    Span attempt = ChatSpan.start(tracing, chain.name(), route, request);
    route.breaker()
        .callWithCircuitBreakerCS(() -> open(index, route, attempt), FailoverCall::isProviderFailure)
        .whenComplete((answer, error) -> {
          ChatSpan.ended(attempt, answer, error == null ? null : unwrap(error));
          onOutcome(index, route, answer, error);
        });
  }

  /** Runs inside the breaker, only when it lets the call through. */
  private CompletionStage<LlmAnswer> open(int index, ProviderChain.Route route, Span attempt) {
    LlmCall call = route.client().stream(request.withTraceparent(Tracing.traceparent(attempt)),
        text -> deliver(index, text));
    boolean cancelled;
    synchronized (this) {
      current = call;
      cancelled = result.isDone();
    }
    if (cancelled) call.cancel();
    return call.result();
  }

  private synchronized void deliver(int index, String text) {
    if (index != active || result.isDone()) return; // an abandoned provider, or a finished call
    delivered = true;
    listener.onDelta(text);
  }

  private void onOutcome(int index, ProviderChain.Route route, LlmAnswer answer, Throwable error) {
    if (error == null) {
      // Counted before the caller can see the answer, so whoever reads the answer reads the count too.
      synchronized (this) {
        if (result.isDone()) return;
        chain.answered(route);
        result.complete(answer);
      }
      return;
    }
    Throwable cause = unwrap(error);
    Optional<LlmException> failure; // empty: the breaker is open, nothing was sent
    if (cause instanceof CircuitBreakerOpenException) {
      failure = Optional.empty();
    } else if (cause instanceof TimeoutException) {
      failure = Optional.of(new LlmException(Kind.TIMEOUT, "no whole answer within the circuit breaker's call-timeout of "
          + route.callTimeout().toMillis() + " ms"));
    } else if (cause instanceof LlmException llm) {
      failure = Optional.of(llm);
    } else {
      synchronized (this) {
        result.completeExceptionally(cause); // a bug of ours, which no other provider would fix
      }
      return;
    }
    LlmCall abandoned;
    boolean moveOn;
    synchronized (this) {
      if (result.isDone()) return; // cancelled meanwhile
      // Still running only when the breaker timed it out; from here on its deltas are dropped.
      abandoned = current;
      active = -1;
      if (failure.isPresent() && delivered) {
        LlmException broken = failure.get();
        result.completeExceptionally(broken.kind() == Kind.STREAM_BROKEN ? broken
            : new LlmException(Kind.STREAM_BROKEN, broken.getMessage() + ", after part of the answer", broken));
      } else if (failure.isPresent() && !failsOver(failure.get())) {
        result.completeExceptionally(failure.get());
      } else {
        failures.add(route.name() + ": " + failure.map(e -> e.kind() + " " + e.getMessage()).orElse("circuit breaker open"));
        failure.ifPresent(e -> lastFailure = e);
      }
      moveOn = !result.isDone();
    }
    if (abandoned != null) abandoned.cancel();
    if (moveOn) moveOn(index, route, failure);
  }

  /** Whether another provider might answer where this one failed: not after a cancel, nor once text was seen. */
  private static boolean failsOver(LlmException failure) {
    return failure.kind() != Kind.CANCELLED && failure.kind() != Kind.STREAM_BROKEN;
  }

  private void moveOn(int index, ProviderChain.Route route, Optional<LlmException> failure) {
    if (index + 1 < routes.size()) {
      String next = routes.get(index + 1).name();
      chain.failedOver(route, failure.map(e -> e.kind().name().toLowerCase(Locale.ROOT)).orElse("breaker_open"));
      if (failure.isEmpty()) {
        LOG.debug("{}: skipping {}, its circuit breaker is open; trying {}", chain.name(), route.name(), next);
      } else {
        LOG.warn("{}: {} failed ({}: {}); trying {}", chain.name(), route.name(), failure.get().kind(),
            failure.get().getMessage(), next);
      }
    }
    tryProvider(index + 1);
  }

  /**
   * With one provider its own failure stands as it is; with several, the kind of the last
   * provider's failure, and every provider's in the message.
   */
  private LlmException allFailed() {
    if (failures.size() == 1 && lastFailure != null) {
      return lastFailure;
    }
    String message = (routes.size() == 1 ? "" : "all " + routes.size() + " model providers failed: ") + String.join("; ", failures);
    return lastFailure == null
        ? new LlmException(Kind.CIRCUIT_OPEN, message)
        : new LlmException(lastFailure.kind(), message, lastFailure, lastFailure.retryAfter());
  }

  /** What counts against a provider's breaker: its own failures and slowness, not a cancel. */
  static Boolean isProviderFailure(Optional<LlmAnswer> answer, Optional<Throwable> error) {
    if (error.isEmpty()) return false;
    Throwable cause = unwrap(error.get());
    return cause instanceof TimeoutException
        || (cause instanceof LlmException failure && failure.kind() != Kind.CANCELLED);
  }

  static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
