package io.parley.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * An HTTP server of someone else's, for tests: a tenant's remote tool or webhook receiver, on a
 * random loopback port. It records every request and answers each with the next
 * {@linkplain #enqueue scripted} response, or the fallback once the script is used up. A response
 * may also misbehave: never answer, or send its headers and part of its body, then stall.
 *
 * <pre>{@code
 * try (ScriptedHttpServer server = ScriptedHttpServer.start(Response.json(200, "{\"ok\":true}"))) {
 *   server.enqueue(Response.json(503, "{\"message\":\"overloaded\"}"), Response.hang());
 *   // first request: 503; second: no answer until the server closes; later: 200
 * }
 * }</pre>
 */
public final class ScriptedHttpServer implements AutoCloseable {
  /** How to answer one request. */
  public sealed interface Response {
    /** {@code status} with {@code body} as {@code application/json} (whatever the body is). */
    record Answer(int status, String body) implements Response {}

    /** Reads the request, then never answers. */
    record Hang() implements Response {}

    /** Sends the headers of a 200 and the first half of {@code body}, then never sends the rest. */
    record Stall(String body) implements Response {}

    static Response json(int status, String body) {
      return new Answer(status, body);
    }

    static Response hang() {
      return new Hang();
    }

    static Response stallMidBody(String body) {
      return new Stall(body);
    }
  }

  /** A request as it arrived; header names in lower case. */
  public record Request(String method, String path, Map<String, List<String>> headers, String body) {
    public Optional<String> header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
  }

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private final Queue<Response> script = new ConcurrentLinkedQueue<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile Response fallback;

  private ScriptedHttpServer(Response fallback) {
    this.fallback = fallback;
    server = LoopbackHttpServers.create();
    server.createContext("/", this::handle);
    server.setExecutor(handlers);
    server.start();
  }

  /** A server that answers every request that finds no scripted response with {@code fallback}. */
  public static ScriptedHttpServer start(Response fallback) {
    return new ScriptedHttpServer(fallback);
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** The responses to the next requests, in order. */
  public void enqueue(Response... responses) {
    script.addAll(List.of(responses));
  }

  /** Replaces the response to requests that find no scripted one. */
  public void answerWith(Response response) {
    fallback = response;
  }

  /** Every request so far, oldest first. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public int requestCount() {
    return requests.size();
  }

  /** Stops listening; hanging and stalled answers end by dropping their connections. */
  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    handlers.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, List<String>> headers = exchange.getRequestHeaders().entrySet().stream()
        .collect(Collectors.toUnmodifiableMap(e -> e.getKey().toLowerCase(Locale.ROOT), e -> List.copyOf(e.getValue())));
    requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));
    Response response = Optional.ofNullable(script.poll()).orElse(fallback);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (response instanceof Response.Answer answer) {
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    } else if (response instanceof Response.Stall stall) {
      byte[] bytes = stall.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, bytes.length);
      OutputStream out = exchange.getResponseBody();
      out.write(bytes, 0, bytes.length / 2);
      out.flush();
      awaitClose();
    } else {
      awaitClose();
    }
  }

  private void awaitClose() {
    try {
      closing.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
