package io.parley.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.parley.core.testing.LoopbackHttpServers;
import io.parley.sessions.workflow.Webhooks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A tenant's webhook on loopback, as a customer would run one: it checks each delivery's HMAC
 * signature (a wrong one gets 401) and answers the attempts as the test scripted them, 204 once the
 * script is used up. A scripted {@link #HOLD} keeps that delivery hanging until {@link #release()},
 * as a receiver that stopped answering would, so a test can stop the node with the delivery in flight.
 */
final class WebhookReceiver implements AutoCloseable {
  static final int HOLD = -1;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One delivery attempt as received, and what it was answered ({@link #HOLD} if it was held). */
  record Delivery(String id, JsonNode body, boolean signed, int status) {}

  private final String secret;
  private final HttpServer server;
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private final Queue<Integer> script = new ConcurrentLinkedQueue<>();
  private volatile int afterScript = 204;
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Delivery> held = new CompletableFuture<>();
  private final CountDownLatch released = new CountDownLatch(1);

  private WebhookReceiver(String secret, int port) {
    this.secret = secret;
    this.server = LoopbackHttpServers.create(port);
    server.createContext("/hook", this::handle);
    server.setExecutor(handlers);
    server.start();
  }

  static WebhookReceiver start(String secret) {
    return start(secret, 0);
  }

  /** A receiver on loopback {@code port} (0: a free one). */
  static WebhookReceiver start(String secret, int port) {
    return new WebhookReceiver(secret, port);
  }

  /** {@code PARLEY_WEBHOOKS} sending {@code tenant}'s escalations here. */
  String setting(String tenant) {
    return setting(tenant, url(server.getAddress().getPort()), secret);
  }

  /** {@code PARLEY_WEBHOOKS} sending {@code tenant}'s escalations to {@code url}, signed with {@code secret}. */
  static String setting(String tenant, String url, String secret) {
    return JSON.createObjectNode().set(tenant, JSON.createObjectNode().put("url", url).put("secret", secret)).toString();
  }

  /** Where it listens. */
  String url() {
    return url(server.getAddress().getPort());
  }

  /** Where a receiver on loopback {@code port} listens. */
  static String url(int port) {
    return "http://127.0.0.1:" + port + "/hook";
  }

  /** The answers to the next attempts, in order. */
  void answer(int... statuses) {
    for (int status : statuses) script.add(status);
  }

  /** The answer to every attempt once the script is used up. */
  void thenAlways(int status) {
    afterScript = status;
  }

  /** The delivery being held, once it has arrived. */
  Delivery awaitHeld() {
    return held.orTimeout(30, TimeUnit.SECONDS).join();
  }

  /** Lets the held delivery go, answered 503; its sender has usually gone by then. */
  void release() {
    released.countDown();
  }

  List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      boolean signed = Webhooks.signature(secret, body).equals(exchange.getRequestHeaders().getFirst(Webhooks.SIGNATURE_HEADER));
      Integer scripted = signed ? script.poll() : null;
      int status = !signed ? 401 : scripted == null ? afterScript : scripted;
      Delivery delivery = new Delivery(exchange.getRequestHeaders().getFirst(Webhooks.DELIVERY_HEADER), JSON.readTree(body),
          signed, status);
      deliveries.add(delivery);
      if (status == HOLD) {
        held.complete(delivery);
        awaitRelease();
        status = 503;
      }
      exchange.sendResponseHeaders(status, -1);
    }
  }

  private void awaitRelease() {
    try {
      released.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    release();
    server.stop(0);
    handlers.shutdownNow();
  }
}
