package io.parley.voice.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.parley.core.testing.LoopbackHttpServers;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the fake speech services share: a JDK HTTP server on a random loopback port, whose
 * handlers can pause, hang until the server closes, or drop their connection mid-body.
 */
final class LoopbackServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService handlers;
  private final CountDownLatch closing = new CountDownLatch(1);

  LoopbackServer(String name, HttpHandler handler) {
    AtomicInteger threads = new AtomicInteger();
    handlers = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, name + "-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    server = LoopbackHttpServers.create();
    server.createContext("/", exchange -> {
      // A DroppedConnection leaves the exchange open: the JDK server then drops the socket
      // without ending the chunked body, which the client sees as a broken stream.
      handler.handle(exchange);
      exchange.close();
    });
    server.setExecutor(handlers);
    server.start();
  }

  /** {@code http://127.0.0.1:<port>/v1}: a base URL as the services give it. */
  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  static void sendJson(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  static String openAiError(String message) {
    return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"invalid_request_error\",\"code\":null}}";
  }

  /** Waits {@code delay}; a server that closes meanwhile drops the connection instead. */
  void pause(Duration delay) {
    try {
      if (closing.await(delay.toNanos(), TimeUnit.NANOSECONDS)) throw new DroppedConnection();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DroppedConnection();
    }
  }

  /** Waits for the server to close, then drops the connection. */
  void hang() {
    try {
      closing.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new DroppedConnection();
  }

  /** Drops the connection now, in the middle of the body. */
  static void drop() {
    throw new DroppedConnection();
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    handlers.shutdownNow();
  }

  private static final class DroppedConnection extends RuntimeException {
    DroppedConnection() {
      super("fake server dropped the connection", null, false, false);
    }
  }
}
