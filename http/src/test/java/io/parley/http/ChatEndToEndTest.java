package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static io.parley.http.ChatClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.llm.PromptMessage;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A browser's conversation end to end: a real WebSocket client, a node on a random loopback
 * port, the journal on a real PostgreSQL, the model behind the in-test OpenAI-compatible server.
 */
class ChatEndToEndTest {
  /**
   * The node most tests talk to, one for the class: each of those tests opens sessions of its own
   * and reads the model's requests and the node's counters as differences. A test that restarts
   * its node, or needs other settings or counters nobody else moved, starts a node of its own.
   */
  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(FakeChatCompletionsServer::start);

  @Test
  void streamsAcksResumesAndSurvivesARestartWithTheSameDatabase() {
    node.startOwn(Map.of());
    String sessionId;
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      sessionId = client.startNew();
      JsonNode ack = client.say("c-1", "Hello, I need help with order 1042");
      assertEquals("ack", ack.get("type").asText());
      assertEquals(1, ack.get("seq").asLong());

      List<JsonNode> turn = collectTurn(client, "turn-1");
      String streamed = turn.stream().filter(f -> f.get("type").asText().equals("delta"))
          .map(f -> f.get("text").asText()).collect(Collectors.joining());
      JsonNode answer = turn.get(turn.size() - 1);
      assertEquals("You said: Hello, I need help with order 1042", answer.get("text").asText());
      assertEquals(answer.get("text").asText(), streamed, "the deltas add up to the persisted answer");
      assertEquals(2, answer.get("seq").asLong());
      assertTrue(turn.stream().anyMatch(f -> f.get("type").asText().equals("typing")));
    }

    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      JsonNode session = client.resume(sessionId, 1);
      assertTrue(session.get("resumed").asBoolean());
      assertEquals(2, session.get("lastSeq").asLong());
      assertEquals("llm", session.get("mode").asText());
      JsonNode replayed = client.expect("message");
      assertEquals(2, replayed.get("seq").asLong(), "only messages after resumeAfter are replayed");

      JsonNode again = client.say("c-1", "Hello, I need help with order 1042");
      assertEquals(1, again.get("seq").asLong(), "a retried clientMsgId is acked with its first seq");
      assertFalse(client.drain(Duration.ofMillis(500)).stream().anyMatch(f -> f.get("type").asText().equals("typing")),
          "a retried message is never answered twice");
    }
    assertEquals(1, node.model().requestCount());

    node.restartOwn();

    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      JsonNode session = client.resume(sessionId, 0);
      assertEquals(2, session.get("lastSeq").asLong());
      assertEquals(1, client.expect("message").get("seq").asLong());
      assertEquals(2, client.expect("message").get("seq").asLong());

      client.say("c-2", "Is it shipped yet?");
      assertEquals("You said: Is it shipped yet?", client.answerOf("turn-3").get("text").asText());
    }
    RecordedRequest prompt = node.model().lastRequest();
    List<String> contents = prompt.messages().stream().map(PromptMessage::content).toList();
    assertEquals("system", prompt.messages().get(0).role());
    assertTrue(contents.contains("Hello, I need help with order 1042"), "the restarted session keeps its context");
    assertTrue(contents.contains("You said: Hello, I need help with order 1042"));
    assertEquals("Is it shipped yet?", contents.get(contents.size() - 1));
  }

  @Test
  void badInputGetsAnErrorAndTheConnectionStaysUsable() {
    int modelRequests = node.model().requestCount();
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      client.send("{not json");
      assertEquals("bad_request", client.expect("error").get("code").asText());
      client.send(frame("shout").toString());
      assertEquals("bad_request", client.expect("error").get("code").asText());
      client.send(frame("user").put("clientMsgId", "c-0").put("text", "hi"));
      assertEquals("bad_request", client.expect("error").get("code").asText(), "user before start");
      client.send(frame("start").put("sessionId", "not-a-uuid"));
      assertEquals("bad_request", client.expect("error").get("code").asText());
      client.send(frame("start").put("sessionId", "6f1c0c7e-5b1d-4c1e-9a57-0c2b9f0e8a11"));
      assertEquals("not_found", client.expect("error").get("code").asText());

      String sessionId = client.startNew();
      client.send(frame("user").put("text", "no id"));
      assertEquals("bad_request", client.expect("error").get("code").asText());
      client.send(frame("user").put("clientMsgId", "c-big").put("text", "x".repeat(16 * 1024 + 1)));
      assertEquals("too_large", client.expect("error").get("code").asText());
      client.send(frame("ping"));
      client.expect("pong");

      client.send("{\"type\":\"user\",\"clientMsgId\":\"c-s\",\"text\":\"half an emoji \\ud83d\"}");
      JsonNode unpaired = client.expect("error");
      assertEquals("bad_request", unpaired.get("code").asText(), "refused at the edge, not after the journal refused it");
      assertTrue(unpaired.get("message").asText().contains("unpaired UTF-16 surrogate"), unpaired.toString());

      client.say("c-1", "still there?");
      client.answerOf("turn-1");

      try (ChatClient otherTab = ChatClient.connect(node.httpPort(), "acme")) {
        otherTab.send(frame("start").put("sessionId", sessionId).put("resumeAfter", 9));
        JsonNode pastTheEnd = otherTab.expect("error");
        assertEquals("bad_request", pastTheEnd.get("code").asText(), "a resumeAfter from another session is refused");
        assertEquals(2, otherTab.resume(sessionId, 0).get("lastSeq").asLong(), "and the tab can start over from 0");
      }

      try (ChatClient other = ChatClient.connect(node.httpPort(), "globex")) {
        other.send(frame("start").put("sessionId", sessionId));
        assertEquals("not_found", other.expect("error").get("code").asText(),
            "another tenant cannot reach this session, nor learn that it exists");
      }
    }
    assertEquals(modelRequests + 1, node.model().requestCount(), "nothing from the bad frames reached the model");
  }

  /** A client with several frames in flight tells which one an error answers. */
  @Test
  void anErrorNamesTheFrameItRefuses() {
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      client.send(frame("user").put("clientMsgId", "c-early").put("text", "hi"));
      JsonNode early = client.expect("error");
      assertEquals("c-early", early.path("clientMsgId").asText(), early.toString());
      assertEquals("user", early.path("refused").asText(), early.toString());

      client.startNew();
      client.send(frame("user").put("clientMsgId", "c-big").put("text", "x".repeat(16 * 1024 + 1)));
      JsonNode tooLarge = client.expect("error");
      assertEquals("too_large", tooLarge.get("code").asText());
      assertEquals("c-big", tooLarge.path("clientMsgId").asText(), tooLarge.toString());

      client.send(frame("context").put("data", "not an object"));
      JsonNode context = client.expect("error");
      assertEquals("bad_request", context.get("code").asText());
      assertEquals("context", context.path("refused").asText(), context.toString());
      assertTrue(context.path("clientMsgId").isMissingNode(), "only a user frame's error names a message");

      client.send(frame("rate").put("score", 5));
      client.expect("rated");
      client.send(frame("rate").put("score", 1));
      JsonNode again = client.expect("error");
      assertEquals("conflict", again.get("code").asText(), "the session refused it");
      assertEquals("rate", again.path("refused").asText(), again.toString());

      client.send("{not json");
      JsonNode unreadable = client.expect("error");
      assertTrue(unreadable.path("refused").isMissingNode(), "a frame that cannot be read names nothing: " + unreadable);

      assertEquals(1, client.say("c-1", "still there?").get("seq").asLong(), "no error cost the connection");
    }
  }

  @Test
  void aBurstOfMessagesIsAckedAndAnsweredInOrder() throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    double ackedBefore = metric(http, "parley_chat_ack_seconds_count");
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      client.startNew();
      int burst = 40;
      for (int i = 1; i <= burst; i++) client.send(frame("user").put("clientMsgId", "c-" + i).put("text", "message " + i));
      long previousSeq = 0;
      String lastTurn = null;
      for (int i = 1; i <= burst; i++) {
        JsonNode ack = client.expect("ack");
        lastTurn = ack.get("turnId").asText();
        assertEquals("c-" + i, ack.get("clientMsgId").asText(), "acks come back in the order sent");
        assertTrue(ack.get("seq").asLong() > previousSeq, "and are stored in that order");
        previousSeq = ack.get("seq").asLong();
      }
      JsonNode lastAnswer = client.answerOf(lastTurn);
      assertEquals("You said: message " + burst, lastAnswer.get("text").asText());
      assertEquals(2L * burst, lastAnswer.get("seq").asLong(), "every message got its own turn, in order");
      assertEquals(ackedBefore + burst, metric(http, "parley_chat_ack_seconds_count"), "each ack's time on the node is measured");
    }
  }

  @Test
  void onlyTheNodesOwnPageAndAllowedSitesMayOpenTheSocket() {
    HttpClient http = HttpClient.newHttpClient();
    URI uri = URI.create("ws://127.0.0.1:" + node.httpPort() + "/v1/chat/ws");
    Function<String, CompletableFuture<WebSocket>> open = origin ->
        http.newWebSocketBuilder().header("Origin", origin).buildAsync(uri, new WebSocket.Listener() {});
    var refused = assertThrows(CompletionException.class, () -> open.apply("https://evil.example").join());
    assertEquals(403, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
    open.apply("http://127.0.0.1:" + node.httpPort()).join().abort();
  }

  @Test
  void aSocketThatNeverStartsIsClosed() {
    // Long enough for the started socket's first session to be joined on a loaded machine: the
    // node's first session start (shard allocation, journal) is the slow one, so it happens before
    // the two sockets connect.
    node.startOwn(Map.of("parley.chat.start-timeout", "2s"));
    try (ChatClient warmUp = ChatClient.connect(node.httpPort(), "acme")) {
      warmUp.startNew();
    }
    try (ChatClient idle = ChatClient.connect(node.httpPort(), "acme");
        ChatClient chatting = ChatClient.connect(node.httpPort(), "acme")) {
      chatting.startNew();
      assertEquals("bad_request", idle.expect("error").get("code").asText());
      assertEquals("start_timeout", idle.expect("closed").get("reason").asText());
      idle.awaitClose();
      assertEquals("ack", chatting.say("c-1", "still here").get("type").asText(), "a started socket is not closed");
    }
  }

  @Test
  void closeEndsTheSessionForEveryConnection() {
    try (ChatClient first = ChatClient.connect(node.httpPort(), "acme");
        ChatClient second = ChatClient.connect(node.httpPort(), "acme")) {
      String sessionId = first.startNew();
      second.resume(sessionId, 0);
      first.say("c-1", "hello");
      assertEquals(first.answerOf("turn-1").get("text"), second.answerOf("turn-1").get("text"),
          "every connection of a session sees the same answer");
      first.send(frame("close").put("reason", "resolved"));
      assertEquals("resolved", first.expect("closed").get("reason").asText());
      assertEquals("resolved", second.expect("closed").get("reason").asText());
      first.awaitClose();
    }
  }

  @Test
  void connectionsAreCountedAndAPlainGetLeavesNoneBehind() throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.URI endpoint = java.net.URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/chat/ws");
    awaitNoConnections(http); // the shared node's earlier sockets, closed by their clients
    assertEquals(0.0, openConnections(http));
    for (int i = 0; i < 20; i++) {
      var plain = http.send(java.net.http.HttpRequest.newBuilder(endpoint).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(400, plain.statusCode(), "a GET without the WebSocket upgrade is refused");
    }
    assertEquals(0.0, openConnections(http), "refused upgrades leave no connection behind");
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      client.startNew();
      assertEquals(1.0, openConnections(http));
    }
    awaitNoConnections(http);
    assertEquals(0.0, openConnections(http), "a closed socket's connection is gone");
  }

  /** Waits up to 10 s for the node's connection gauge to read 0. */
  private void awaitNoConnections(java.net.http.HttpClient http) throws Exception {
    await("no open connection").atMost(Duration.ofSeconds(10)).until(() -> openConnections(http) == 0.0);
  }

  @Test
  void aConversationNobodyTalksInSleepsAndItsNextMessageWakesItOnTheSameSocket() throws Exception {
    node.startOwn(Map.of("parley.session.passivate-after-idle", "300ms"));
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      client.startNew();
      client.say("c-1", "Where is my order 1042?");
      client.answerOf("turn-1");
      await("the session asleep").atMost(Duration.ofSeconds(10))
          .until(() -> metric(http, "parley_sessions_sleeping") == 1.0);
      assertEquals(1.0, metric(http, "parley_sessions_sleeping"), "the session fell asleep with its socket open");
      assertEquals(0.0, metric(http, "parley_sessions_active"));

      JsonNode ack = client.say("c-2", "Can you send it to my office instead?");
      assertEquals(3, ack.get("seq").asLong(), "the woken session recovered its conversation");
      assertEquals("You said: Can you send it to my office instead?", client.answerOf("turn-3").get("text").asText());
      List<String> prompt = node.model().lastRequest().messages().stream().map(PromptMessage::content).toList();
      assertTrue(prompt.contains("Where is my order 1042?"), "the model saw the conversation from before the sleep");
      assertTrue(client.drain(Duration.ofMillis(300)).stream().noneMatch(f -> f.get("type").asText().equals("error")),
          "the socket never noticed the sleep");
    }
  }

  private double openConnections(java.net.http.HttpClient http) throws Exception {
    return metric(http, "parley_chat_connections");
  }

  /** The value of a metric without labels, as the node's /metrics says it now. */
  private double metric(java.net.http.HttpClient http, String name) throws Exception {
    String metrics = http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + node.httpPort() + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    return metrics.lines().filter(l -> l.startsWith(name + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElseThrow();
  }

  /** The frames of one turn, up to and including its persisted answer. */
  private static List<JsonNode> collectTurn(ChatClient client, String turnId) {
    List<JsonNode> frames = new java.util.ArrayList<>();
    JsonNode answer = client.next(f -> {
      if (turnId.equals(f.path("turnId").asText())) frames.add(f);
      return ChatClient.isMessage(f, "assistant");
    });
    assertEquals(turnId, answer.get("turnId").asText());
    return frames;
  }
}
