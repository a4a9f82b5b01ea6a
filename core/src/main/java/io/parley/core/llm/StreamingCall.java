package io.parley.core.llm;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streamed completion across its attempts: starts an attempt, and when it fails with a
 * transient error (which an attempt only reports while no delta has been delivered) waits as the
 * server or the backoff says and starts the next, up to {@code maxAttempts}.
 */
final class StreamingCall implements LlmCall {
  private static final Logger log = LoggerFactory.getLogger(StreamingCall.class);

  private final Provider provider;
  private final HttpRequest request;
  private final LlmListener listener;
  private final CompletableFuture<LlmAnswer> result = new CompletableFuture<>();

  private int attempts; // guarded by this
  private StreamAttempt current; // guarded by this
  private ScheduledFuture<?> pendingRetry; // guarded by this

  StreamingCall(Provider provider, HttpRequest request, LlmListener listener) {
    this.provider = provider;
    this.request = request;
    this.listener = listener;
  }

  @Override
  public CompletionStage<LlmAnswer> result() {
    return result.minimalCompletionStage();
  }

  @Override
  public void cancel() {
    if (!result.completeExceptionally(new LlmException(LlmException.Kind.CANCELLED, "cancelled by the caller"))) {
      return;
    }
    StreamAttempt attempt;
    ScheduledFuture<?> retry;
    synchronized (this) {
      attempt = current;
      retry = pendingRetry;
    }
    if (retry != null) {
      retry.cancel(false);
    }
    if (attempt != null) {
      attempt.abort();
    }
  }

  synchronized void start() {
    if (result.isDone()) return;
    attempts++;
    StreamAttempt attempt = new StreamAttempt(provider, request, listener, attempts);
    current = attempt;
    attempt.outcome().whenComplete((answer, failure) -> {
      if (failure == null) {
        result.complete(answer);
      } else {
        onAttemptFailed((LlmException) failure); // attempts complete only with LlmException
      }
    });
    attempt.start();
  }

  private void onAttemptFailed(LlmException failure) {
    Optional<Duration> delay = retryDelay(failure);
    if (delay.isEmpty()) {
      int made = attemptsSoFar();
      result.completeExceptionally(made == 1 ? failure : new LlmException(failure.kind(),
          failure.getMessage() + " (attempt " + made + " of " + provider.settings().maxAttempts() + ")",
          failure, failure.retryAfter()));
      return;
    }
    log.warn("{}: attempt {} of {} failed ({}: {}); retrying in {} ms", provider.name(), attemptsSoFar(),
        provider.settings().maxAttempts(), failure.kind(), failure.getMessage(), delay.get().toMillis());
    try {
      scheduleRetry(delay.get());
    } catch (RejectedExecutionException closed) {
      result.completeExceptionally(new LlmException(LlmException.Kind.CANCELLED, "client closed", failure));
    }
  }

  private synchronized Optional<Duration> retryDelay(LlmException failure) {
    if (result.isDone() || !failure.isTransient() || attempts >= provider.settings().maxAttempts()) {
      return Optional.empty();
    }
    Duration cap = provider.settings().backoff().maxDelay();
    return Optional.of(failure.retryAfter()
        .map(asked -> asked.compareTo(cap) > 0 ? cap : asked)
        .orElseGet(() -> provider.settings().backoff().delayBeforeRetry(attempts, ThreadLocalRandom.current()::nextDouble)));
  }

  private synchronized void scheduleRetry(Duration delay) {
    pendingRetry = provider.timers().schedule(this::start, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  private synchronized int attemptsSoFar() {
    return attempts;
  }
}
