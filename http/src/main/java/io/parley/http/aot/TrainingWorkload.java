package io.parley.http.aot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/**
 * What the training run asks of its node, from outside, through loopback sockets as customers,
 * staff and operators do: the page and its script, a chat with streamed answers, each built-in tool
 * and an answer of the offline responder, a spoken question answered aloud on the browser's voice
 * socket, the REST API's sessions, the conversations the projection folded and the analytics, the
 * health checks and metrics. Each step waits for its outcome, so a node that does not answer fails
 * the run rather than leaving the cache without that code path.
 */
final class TrainingWorkload {
  /** How long the conversations projection may take to fold the closed conversations. */
  private static final Duration PROJECTION_PATIENCE = Duration.ofSeconds(60);
  /** A microphone's frame. */
  private static final int FRAME_MILLIS = 20;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The steady chat's customers, each through conversations of as many messages (the session's burst and rate raised for it). */
  private static final int STEADY_CUSTOMERS = 8;
  private static final int STEADY_CONVERSATIONS = 5;
  private static final int STEADY_MESSAGES = 30;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(ChatLine.PATIENCE).build();
  private final URI node;
  private final URI chatSocket;
  private final String adminKey;
  private final List<String> done = new ArrayList<>();

  TrainingWorkload(int httpPort, String adminKey) {
    this.node = URI.create("http://127.0.0.1:" + httpPort);
    this.chatSocket = URI.create("ws://127.0.0.1:" + httpPort + "/v1/chat/ws");
    this.adminKey = adminKey;
  }

  /** Runs every step; returns what was done, one phrase a step. */
  List<String> run() {
    awaitReady();
    for (String path : List.of("/", "/client/parley-client.js", "/widget.js", "/v1/openapi.json", "/health/live")) {
      expect(200, get(path), path);
    }
    String chat = chat();
    steadyChat();
    voice();
    String rest = restSession();
    conversations(List.of(chat, rest));
    expect(200, get("/metrics"), "/metrics");
    return List.copyOf(done);
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + ChatLine.PATIENCE.toNanos();
    while (get("/health/ready").statusCode() != 200) {
      if (System.nanoTime() > deadline) throw new TrainingFailure("the node was not ready within " + ChatLine.PATIENCE);
      LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
    }
  }

  /** A customer's chat: a streamed answer, each built-in tool, the offline responder, a rating; then the close. */
  private String chat() {
    try (ChatLine line = ChatLine.open(http, chatSocket)) {
      line.send(ChatLine.frame("start"));
      String sessionId = line.await("session").path("sessionId").asText();
      line.send(ChatLine.frame("context").set("data", JSON.createObjectNode().put("language", "en-GB")
          .put("url", "https://shop.example/help")));
      ask(line, "c-1", "Hello, when are you open?");
      ask(line, "c-2", "How do I reset my " + TrainingModel.SEARCHED + "?");
      String ticket = ask(line, "c-3", "My order 1042 arrived " + TrainingModel.DAMAGED + ", the box was crushed.")
          .path("detail").asText().replaceAll(".*\\b(T-\\d+)\\b.*", "$1");
      ask(line, "c-4", "What is the status of ticket " + ticket + "?");
      JsonNode apology = ask(line, "c-5", "I want a " + TrainingModel.REFUSED + " for it.");
      if (!"offline".equals(apology.path("source").asText())) {
        throw new TrainingFailure("the offline responder did not answer a refused model call: " + apology);
      }
      line.send(ChatLine.frame("rate").put("score", 5).put("comment", "quick and clear"));
      line.await("rated");
      line.send(ChatLine.frame("close"));
      line.await("closed");
      done.add("a chat of five turns (kb_search, create_ticket, fetch_status, the offline responder)");
      return sessionId;
    }
  }

  /**
   * Sends a user message and waits for its answer; returns the turn's last {@code tool} frame when
   * a tool ran, else the answer.
   */
  private static JsonNode ask(ChatLine line, String clientMsgId, String text) {
    line.send(ChatLine.frame("user").put("clientMsgId", clientMsgId).put("text", text));
    String turnId = line.await("ack").path("turnId").asText();
    JsonNode answer = line.await("message", frame -> frame.path("role").asText().equals("assistant")
        && frame.path("turnId").asText().equals(turnId));
    // The tool frames of the turn came before its answer.
    List<JsonNode> tools = line.passedOver("tool", frame -> frame.path("turnId").asText().equals(turnId)
        && !frame.path("status").asText().equals("started"));
    for (JsonNode tool : tools) {
      if (!tool.path("status").asText().equals("succeeded")) throw new TrainingFailure("a tool failed: " + tool);
    }
    return tools.isEmpty() ? answer : tools.get(tools.size() - 1);
  }

  /**
   * Customers chatting side by side, as a node's day mostly is: the message's path runs long enough
   * for its methods' profiles, which the cache keeps, to be those of a warm node, so that the JIT of
   * a node started with the cache compiles that path at once rather than after thousands of messages.
   */
  private void steadyChat() {
    List<Future<?>> customers = new ArrayList<>();
    try (ExecutorService lines = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int customer = 0; customer < STEADY_CUSTOMERS; customer++) {
        int number = customer;
        customers.add(lines.submit(() -> steadyCustomer(number)));
      }
      for (Future<?> customer : customers) customer.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException failure ? failure : new TrainingFailure(e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TrainingFailure("interrupted while customers chatted");
    }
    done.add(STEADY_CUSTOMERS * STEADY_CONVERSATIONS * STEADY_MESSAGES + " messages of " + STEADY_CUSTOMERS
        + " customers side by side");
  }

  private void steadyCustomer(int customer) {
    for (int conversation = 0; conversation < STEADY_CONVERSATIONS; conversation++) {
      try (ChatLine line = ChatLine.open(http, chatSocket)) {
        line.send(ChatLine.frame("start"));
        line.await("session");
        for (int message = 0; message < STEADY_MESSAGES; message++) {
          ask(line, "s-" + customer + "-" + conversation + "-" + message, "Which plan suits a team of " + (message + 2) + "?");
        }
        line.send(ChatLine.frame("close"));
        line.await("closed");
      }
    }
  }

  /** A question spoken into the browser's voice socket, heard, answered and spoken back. */
  private void voice() {
    try (ChatLine line = ChatLine.open(http, chatSocket)) {
      line.send(ChatLine.frame("start").put("channel", "voice"));
      JsonNode session = line.await("session");
      if (!session.path("voice").asBoolean()) {
        done.add("no voice turn (this node has no voice)");
        return;
      }
      line.send(ChatLine.frame("voice").put("action", "start").put("sampleRate", CallerVoice.SAMPLE_RATE));
      line.await("voice", frame -> frame.path("state").asText().equals("started"));
      speak(line, CallerVoice.say("When are you open on Saturday?"));
      JsonNode heard = line.await("transcript", frame -> frame.path("final").asBoolean());
      String turnId = line.await("speaking", frame -> frame.path("state").asText().equals("start")).path("turnId").asText();
      line.await("speaking", frame -> frame.path("state").asText().equals("stop"));
      line.send(ChatLine.frame("played").put("turnId", turnId).put("ms", line.voiceBytes() / 2 * 1000 / CallerVoice.SAMPLE_RATE));
      line.send(ChatLine.frame("voice").put("action", "stop"));
      line.await("voice", frame -> frame.path("state").asText().equals("stopped"));
      done.add("a voice turn (heard \"" + heard.path("text").asText() + "\", " + line.voiceBytes() / 2 * 1000
          / CallerVoice.SAMPLE_RATE + " ms spoken back)");
    }
  }

  /** {@code pcm} in real time, a microphone's frame at a time, then a second of silence to end the utterance. */
  private static void speak(ChatLine line, byte[] pcm) {
    int frame = CallerVoice.SAMPLE_RATE / 1000 * FRAME_MILLIS * 2;
    byte[] withSilence = Arrays.copyOf(pcm, pcm.length + CallerVoice.SAMPLE_RATE * 2);
    long start = System.nanoTime();
    for (int offset = 0, sent = 0; offset < withSilence.length; offset += frame, sent++) {
      line.sendAudio(Arrays.copyOfRange(withSilence, offset, Math.min(offset + frame, withSilence.length)));
      LockSupport.parkNanos(start + Duration.ofMillis((long) FRAME_MILLIS * (sent + 1)).toNanos() - System.nanoTime());
    }
  }

  /** A session over REST as a tenant's admin: started, asked, read and closed. */
  private String restSession() {
    String sessionId = json(send("POST", "/v1/sessions", "{}", 201)).path("sessionId").asText();
    send("POST", "/v1/sessions/" + sessionId + "/messages", "{\"clientMsgId\":\"r-1\",\"text\":\"Do you ship abroad?\"}", 200);
    send("GET", "/v1/sessions/" + sessionId, null, 200);
    send("DELETE", "/v1/sessions/" + sessionId, null, 200);
    send("GET", "/v1/tickets", null, 200);
    send("GET", "/v1/kb/search?q=reset+password", null, 200);
    done.add("a REST session, tickets and a knowledge-base search");
    return sessionId;
  }

  /** Waits until the projection lists {@code sessionIds}, then reads one and the analytics of the day. */
  private void conversations(List<String> sessionIds) {
    long deadline = System.nanoTime() + PROJECTION_PATIENCE.toNanos();
    while (true) {
      String listed = send("GET", "/v1/conversations?status=closed", null, 200).body();
      if (sessionIds.stream().allMatch(listed::contains)) break;
      if (System.nanoTime() > deadline) {
        throw new TrainingFailure("the conversations projection did not list " + sessionIds + " within "
            + PROJECTION_PATIENCE + ": " + listed);
      }
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
    send("GET", "/v1/conversations/" + sessionIds.get(0), null, 200);
    Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
    send("GET", "/v1/analytics?from=" + today + "&to=" + today.plus(1, ChronoUnit.DAYS), null, 200);
    done.add("the conversations projection's list and the analytics");
  }

  private HttpResponse<String> send(String method, String path, String body, int expected) {
    HttpRequest.Builder request = HttpRequest.newBuilder(node.resolve(path)).timeout(ChatLine.PATIENCE)
        .header("Authorization", "Bearer " + adminKey)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) request.header("Content-Type", "application/json");
    return expect(expected, exchange(request.build()), method + " " + path);
  }

  /** A request anyone may make: the page, health checks, metrics. */
  private HttpResponse<String> get(String path) {
    return exchange(HttpRequest.newBuilder(node.resolve(path)).timeout(ChatLine.PATIENCE).build());
  }

  private HttpResponse<String> exchange(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new TrainingFailure(request.method() + " " + request.uri() + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TrainingFailure("interrupted during " + request.method() + " " + request.uri());
    }
  }

  private static HttpResponse<String> expect(int status, HttpResponse<String> response, String what) {
    if (response.statusCode() != status) {
      throw new TrainingFailure(what + " answered " + response.statusCode() + ", not " + status + ": " + response.body());
    }
    return response;
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new TrainingFailure("not JSON: " + response.body());
    }
  }
}
