package io.parley.voice.premium;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.AsyncCause;
import io.parley.core.llm.ProviderError;
import io.parley.voice.speech.VoiceEngineException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What every request of one premium engine shares: its endpoint, one HTTP client with its
 * connections, a timer thread (a daemon) for deadlines, and the streams and syntheses still
 * running, which {@link #close()} stops (without another listener call, as a cancel would).
 */
final class PremiumService implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final String engine;
  private final PremiumEndpoint endpoint;
  private final HttpClient http;
  private final ScheduledExecutorService timers;
  private final Set<Runnable> running = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  PremiumService(String engine, PremiumEndpoint endpoint) {
    this.engine = engine;
    this.endpoint = endpoint;
    this.http = HttpClient.newBuilder().connectTimeout(endpoint.timeout()).build();
    this.timers = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "parley-voice-" + engine + "-timer");
      thread.setDaemon(true);
      return thread;
    });
  }

  String engine() {
    return engine;
  }

  PremiumEndpoint endpoint() {
    return endpoint;
  }

  /** A POST to {@code path} under the base URL; it fails when no response headers come within the endpoint's timeout. */
  HttpRequest.Builder post(String path, String contentType, HttpRequest.BodyPublisher body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint.resolve(path))
        .timeout(endpoint.timeout())
        .header("Content-Type", contentType)
        .POST(body);
    if ("http".equals(endpoint.baseUrl().getScheme())) {
      // As for the model servers: self-hosted ones do not speak the h2c upgrade the JDK would offer.
      builder.version(HttpClient.Version.HTTP_1_1);
    }
    return builder;
  }

  static HttpRequest.BodyPublisher publisher(ObjectNode json) {
    try {
      return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings and numbers always serializes", e);
    }
  }

  <T> CompletableFuture<HttpResponse<T>> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return http.sendAsync(request, handler);
  }

  /** The engine's own thread, for work that must not run on its caller's. */
  Executor engineThread() {
    return timers;
  }

  ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return timers.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Remembers how to stop a stream or synthesis that has started, until {@link #finished}.
   *
   * @throws IllegalStateException once the engine is closed
   */
  void started(Runnable stop) {
    if (closed) throw new IllegalStateException("speech engine " + engine + " is closed");
    running.add(stop);
  }

  void finished(Runnable stop) {
    running.remove(stop);
  }

  /** A non-2xx answer, with the message of its body (or the start of the body). */
  VoiceEngineException rejected(int status, String body) {
    return new VoiceEngineException(engine, "HTTP " + status + ": " + ProviderError.describe(body, JSON));
  }

  VoiceEngineException noAnswer(URI uri) {
    return new VoiceEngineException(engine, "no answer from " + uri + " within " + endpoint.timeout().toMillis() + " ms");
  }

  /** A failed exchange, told apart by what went wrong rather than by its wrappers. */
  VoiceEngineException failed(Throwable failure, URI uri) {
    Throwable cause = AsyncCause.of(failure);
    if (cause instanceof VoiceEngineException known) return known;
    if (cause instanceof HttpConnectTimeoutException) {
      return new VoiceEngineException(engine, "no connection to " + uri + " within " + endpoint.timeout().toMillis()
          + " ms", cause);
    }
    if (cause instanceof HttpTimeoutException) return noAnswer(uri);
    return new VoiceEngineException(engine, "request to " + uri + " failed: " + AsyncCause.describe(cause), cause);
  }

  @Override
  public void close() {
    closed = true;
    running.forEach(Runnable::run);
    timers.shutdownNow();
    // Its connections too: an aborted exchange's connection may otherwise stay open until its
    // server's next bytes arrive, still holding a speech stream the engine no longer reads.
    http.shutdownNow();
  }
}
