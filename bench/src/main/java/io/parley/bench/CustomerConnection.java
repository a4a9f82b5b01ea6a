package io.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.http.testing.JsonFrames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One chat WebSocket (protocol v1, docs/protocol.md) as a customer's browser holds it. Each frame
 * is stamped with {@link System#nanoTime()} when its last fragment arrives ({@link JsonFrames}),
 * before it waits in the queue, so latencies do not include the time the customer's thread took to look.
 */
final class CustomerConnection implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** A frame from the server and when it arrived. */
  record Received(long atNanos, JsonNode frame) {
    String type() {
      return frame.path("type").asText();
    }
  }

  private final BlockingQueue<Received> frames = new LinkedBlockingQueue<>();
  private final WebSocket socket;

  private CustomerConnection(HttpClient http, URI uri) {
    this.socket = http.newWebSocketBuilder()
        .buildAsync(uri, new JsonFrames((arrivedNanos, frame) -> frames.add(new Received(arrivedNanos, frame))))
        .orTimeout(30, TimeUnit.SECONDS).join();
  }

  /** An anonymous customer of the node's default tenant, the one tenant open without a credential. */
  static CustomerConnection open(HttpClient http, int port) {
    return new CustomerConnection(http, URI.create("ws://127.0.0.1:" + port + "/v1/chat/ws"));
  }

  static ObjectNode frame(String type) {
    return JSON.createObjectNode().put("type", type);
  }

  /** Sends a frame and returns when it left, in {@link System#nanoTime()}. */
  long send(ObjectNode frame) {
    long sentNanos = System.nanoTime();
    socket.sendText(frame.toString(), true).join();
    return sentNanos;
  }

  /** The next frame, or empty when none came within {@code wait}. */
  Optional<Received> next(Duration wait) throws InterruptedException {
    return Optional.ofNullable(frames.poll(wait.toNanos(), TimeUnit.NANOSECONDS));
  }

  @Override
  public void close() {
    JsonFrames.close(socket);
  }
}
