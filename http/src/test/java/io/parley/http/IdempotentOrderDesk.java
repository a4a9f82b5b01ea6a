package io.parley.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A company's order system on loopback that does as docs/tools.md asks of a server with side
 * effects: it cancels an order once per {@code Idempotency-Key} and answers a repeat of the key
 * with the first answer, without cancelling again. It counts the requests, the keys they carried
 * and the cancellations it made, and can be told to stall its next first call after cancelling,
 * as a slow server does while its caller dies.
 */
final class IdempotentOrderDesk implements AutoCloseable {
  static final String ANSWER = "{\"cancelled\":\"A-1042\",\"summary\":\"A-1042 cancelled\"}";

  private final HttpServer server;
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private final Map<String, String> answersByKey = new ConcurrentHashMap<>();
  private final List<String> keysOfRequests = new CopyOnWriteArrayList<>();
  private final AtomicInteger cancellations = new AtomicInteger();
  private final AtomicBoolean stallNextFirstCall = new AtomicBoolean();
  private final CountDownLatch closing = new CountDownLatch(1);

  private IdempotentOrderDesk(HttpServer server) {
    this.server = server;
    server.setExecutor(handlers);
    server.createContext("/cancel", this::cancel);
    server.start();
  }

  static IdempotentOrderDesk start() throws IOException {
    return new IdempotentOrderDesk(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cancel");
  }

  /** The next request with a key not seen before cancels, then never answers. */
  void stallNextFirstCall() {
    stallNextFirstCall.set(true);
  }

  /** The Idempotency-Key of every request, in arrival order. */
  List<String> keysOfRequests() {
    return List.copyOf(keysOfRequests);
  }

  /** The side effects: orders cancelled, one per key. */
  int cancellations() {
    return cancellations.get();
  }

  private void cancel(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
      keysOfRequests.add(String.valueOf(key));
      if (key == null) {
        send(exchange, 400, "{\"message\":\"Idempotency-Key is required\"}");
        return;
      }
      AtomicBoolean firstOfKey = new AtomicBoolean();
      String answer = answersByKey.computeIfAbsent(key, k -> {
        cancellations.incrementAndGet();
        firstOfKey.set(true);
        return ANSWER;
      });
      if (firstOfKey.get() && stallNextFirstCall.compareAndSet(true, false)) closing.await();
      send(exchange, 200, answer);
    } catch (InterruptedException closed) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    handlers.shutdownNow();
  }
}
