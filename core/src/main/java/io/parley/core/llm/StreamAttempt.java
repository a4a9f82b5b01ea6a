package io.parley.core.llm;

import io.parley.core.AsyncCause;
import io.parley.core.net.EventStreamParser;
import io.parley.core.net.EventTooLarge;
import io.parley.core.net.ServerSentEvent;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One HTTP exchange of a streamed completion: sends the request, watches the first-byte and idle
 * deadlines, turns the event stream into deltas for the listener, and completes {@link #outcome()}
 * exactly once, with the answer or an {@link LlmException}. Once a text delta has reached the
 * listener, every failure is {@code STREAM_BROKEN}, so the caller never retries and repeats text.
 *
 * <p>Tool-call fragments are only collected: the calls leave in the answer, whole, once the
 * stream has finished. So a stream that broke after tool-call fragments but before any text fails
 * like one that broke before its first byte, and may be retried: nobody has seen anything and no
 * tool has run, so the only cost is the tokens spent again (and the retry may choose other calls,
 * which is as good an answer).
 *
 * <p>Body lines arrive as Flow signals, which are serialized; the fields marked "reading thread"
 * are touched only by them. Timers and {@link #abort()} run elsewhere and meet the reader only
 * under this object's lock, which decides who settles the outcome.
 */
final class StreamAttempt implements Flow.Subscriber<String> {
  private final Provider provider;
  private final HttpRequest request;
  private final LlmListener listener;
  private final int number;
  private final CompletableFuture<LlmAnswer> outcome = new CompletableFuture<>();

  // reading thread
  private final EventStreamParser events;
  private final StringBuilder text = new StringBuilder();
  private final ToolCallAssembler toolCalls = new ToolCallAssembler();
  private Optional<String> finishReason = Optional.empty();
  private Optional<TokenUsage> usage = Optional.empty();
  private Optional<String> model = Optional.empty();

  private volatile boolean headersReceived;
  private volatile boolean readingEvents;
  private volatile long lastDataNanos;
  private volatile Flow.Subscription subscription;
  private volatile CompletableFuture<HttpResponse<Void>> exchange;
  private volatile ScheduledFuture<?> deadline;

  private boolean finished; // guarded by this
  private boolean delivered; // guarded by this

  StreamAttempt(Provider provider, HttpRequest request, LlmListener listener, int number) {
    this.provider = provider;
    this.request = request;
    this.listener = listener;
    this.number = number;
    this.events = new EventStreamParser(provider.settings().stream().eventChars());
  }

  CompletableFuture<LlmAnswer> outcome() {
    return outcome;
  }

  void start() {
    deadline = schedule(this::onFirstByteDeadline, provider.settings().firstByteTimeout());
    CompletableFuture<HttpResponse<Void>> response = provider.http().sendAsync(request, this::onHeaders);
    exchange = response;
    response.whenComplete((ignored, failure) -> {
      if (failure != null) onExchangeFailed(failure);
    });
    if (outcome.isDone()) {
      response.cancel(true); // aborted while sendAsync was still being called
    }
  }

  /** Stops the exchange; the caller has settled the call already, so no one hears this CANCELLED. */
  void abort() {
    fail(new LlmException(LlmException.Kind.CANCELLED, "cancelled"));
  }

  private BodySubscriber<Void> onHeaders(ResponseInfo info) {
    headersReceived = true;
    lastDataNanos = System.nanoTime();
    cancelDeadline();
    if (outcome.isDone()) {
      return BodySubscribers.replacing(null);
    }
    deadline = schedule(this::onIdleCheck, provider.settings().idleTimeout());
    int status = info.statusCode();
    if (status / 100 != 2) {
      return readWhole(body -> fail(ProviderError.ofResponse(status, body, provider.json())
          .toException(retryAfter(info.headers()))));
    }
    Optional<String> contentType = info.headers().firstValue("Content-Type");
    if (contentType.isPresent() && !contentType.get().startsWith("text/event-stream")) {
      // The server ignored "stream": true; reading its JSON as events would find nothing.
      return readWhole(body -> fail(LlmException.Kind.BAD_RESPONSE, "expected text/event-stream, got "
          + contentType.get() + ": " + ProviderError.describe(body, provider.json())));
    }
    readingEvents = true;
    return new SseLines(this, provider.settings().stream(), provider.name());
  }

  private BodySubscriber<Void> readWhole(Consumer<String> onBody) {
    return BodySubscribers.mapping(BodySubscribers.ofString(StandardCharsets.UTF_8), body -> {
      onBody.accept(body);
      return null;
    });
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (outcome.isDone()) {
      subscription.cancel();
    } else {
      subscription.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(String line) {
    lastDataNanos = System.nanoTime();
    try {
      events.accept(line).ifPresent(this::onEvent);
    } catch (EventTooLarge tooLarge) {
      fail(LlmException.Kind.BAD_RESPONSE, provider.name() + " sent " + tooLarge.getMessage()
          + "; the answer was cut off there");
    }
  }

  @Override
  public void onError(Throwable failure) {
    endOfStream(failure);
  }

  @Override
  public void onComplete() {
    endOfStream(null);
  }

  private void onEvent(ServerSentEvent event) {
    if (outcome.isDone()) return;
    if ("[DONE]".equals(event.data().strip())) {
      succeed();
      return;
    }
    if (event.data().isBlank()) return;
    StreamChunk chunk = StreamChunk.parse(event, provider.json());
    if (chunk instanceof StreamChunk.Failed failed) {
      fail(failed.error().toException(Optional.empty()));
    } else if (chunk instanceof StreamChunk.Malformed malformed) {
      fail(LlmException.Kind.BAD_RESPONSE, "malformed chunk (" + malformed.reason() + "): "
          + ProviderError.describe(event.data(), provider.json()));
    } else if (chunk instanceof StreamChunk.Piece piece) {
      piece.finishReason().ifPresent(reason -> finishReason = Optional.of(reason));
      piece.usage().ifPresent(reported -> usage = Optional.of(reported));
      piece.model().ifPresent(named -> model = Optional.of(named));
      piece.content().ifPresent(this::deliver);
      toolCalls.accept(piece.toolCalls());
    }
  }

  private void deliver(String delta) {
    synchronized (this) {
      if (finished) return;
      delivered = true;
    }
    text.append(delta);
    try {
      listener.onDelta(delta);
    } catch (RuntimeException e) {
      fail(LlmException.Kind.STREAM_BROKEN, "listener failed: " + e, e);
    }
  }

  private void endOfStream(Throwable failure) {
    if (finishReason.isPresent()) {
      // Some servers close the stream after the finish_reason chunk without "data: [DONE]";
      // the answer is whole, so that is a success, whatever the way the connection ended.
      succeed();
    } else if (failure instanceof LlmException tooLarge) {
      fail(tooLarge);
    } else if (failure != null) {
      fail(LlmException.Kind.CONNECT, "stream from " + provider.name() + " broke: " + AsyncCause.describe(failure), failure);
    } else {
      fail(LlmException.Kind.CONNECT, "stream from " + provider.name() + " ended before the answer finished");
    }
  }

  /** Failures of the event stream itself reach {@link #onError} first, which knows how far it got. */
  private void onExchangeFailed(Throwable failure) {
    if (outcome.isDone() || readingEvents) return;
    Throwable cause = AsyncCause.of(failure);
    if (cause instanceof HttpConnectTimeoutException) {
      fail(LlmException.Kind.CONNECT, "no connection to " + provider.name() + " at " + request.uri() + " within "
          + provider.settings().connectTimeout().toMillis() + " ms", cause);
    } else if (headersReceived) {
      fail(LlmException.Kind.CONNECT, "response from " + provider.name() + " broke: " + AsyncCause.describe(cause), cause);
    } else {
      fail(LlmException.Kind.CONNECT, "cannot reach " + provider.name() + " at " + request.uri() + ": " + AsyncCause.describe(cause), cause);
    }
  }

  private void onFirstByteDeadline() {
    if (!headersReceived) {
      fail(LlmException.Kind.TIMEOUT, "no response from " + provider.name() + " within "
          + provider.settings().firstByteTimeout().toMillis() + " ms");
    }
  }

  /** Rechecks rather than rescheduling on every line: a stream can carry a hundred lines a second. */
  private void onIdleCheck() {
    if (outcome.isDone()) return;
    long idleNanos = provider.settings().idleTimeout().toNanos();
    long silentNanos = System.nanoTime() - lastDataNanos;
    if (silentNanos >= idleNanos) {
      fail(LlmException.Kind.TIMEOUT, "no data from " + provider.name() + " for "
          + provider.settings().idleTimeout().toMillis() + " ms");
    } else {
      deadline = schedule(this::onIdleCheck, Duration.ofNanos(idleNanos - silentNanos));
    }
  }

  /** Runs on the reading thread, like everything that touches the answer's parts. */
  private void succeed() {
    Optional<String> unusable = toolCalls.problem();
    if (unusable.isPresent()) {
      fail(LlmException.Kind.BAD_RESPONSE, "unusable tool calls from " + provider.name() + ": " + unusable.get());
      return;
    }
    if (!finishing()) return;
    stopReading();
    outcome.complete(new LlmAnswer(
        text.toString(), usage, finishReason.orElse("unknown"), number, toolCalls.calls(), model));
  }

  private void fail(LlmException.Kind kind, String message) {
    fail(new LlmException(kind, message));
  }

  private void fail(LlmException.Kind kind, String message, Throwable cause) {
    fail(new LlmException(kind, message, cause));
  }

  private void fail(LlmException failure) {
    boolean partOfTheAnswerIsOut;
    synchronized (this) {
      if (!finishing()) return;
      partOfTheAnswerIsOut = delivered;
    }
    stopReading();
    CompletableFuture<HttpResponse<Void>> running = exchange;
    if (running != null) {
      running.cancel(true);
    }
    outcome.completeExceptionally(partOfTheAnswerIsOut && failure.isTransient()
        ? new LlmException(LlmException.Kind.STREAM_BROKEN, failure.getMessage() + ", after part of the answer", failure)
        : failure);
  }

  /** Claims the right to settle the outcome; true for exactly one caller. */
  private synchronized boolean finishing() {
    if (finished) return false;
    finished = true;
    return true;
  }

  private void stopReading() {
    cancelDeadline();
    Flow.Subscription reading = subscription;
    if (reading != null) {
      reading.cancel();
    }
  }

  private void cancelDeadline() {
    ScheduledFuture<?> pending = deadline;
    if (pending != null) {
      pending.cancel(false);
    }
  }

  private ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return provider.timers().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Only a number of seconds; the HTTP-date form is rare from model servers, and the backoff covers it. */
  private static Optional<Duration> retryAfter(HttpHeaders headers) {
    return headers.firstValue("Retry-After")
        .map(String::strip)
        .filter(value -> value.matches("\\d{1,9}"))
        .map(seconds -> Duration.ofSeconds(Long.parseLong(seconds)));
  }
}
