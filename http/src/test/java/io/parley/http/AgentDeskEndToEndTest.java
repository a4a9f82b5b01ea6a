package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.attachment.AgentPicture;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.core.testing.TestImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The agent's workspace over HTTP and WebSockets on a real node (PostgreSQL, a fake model speaking
 * the OpenAI-compatible wire format): an agent's display name is what the customer's socket shows on
 * the join notice and the agent's messages, and its picture address is checked; a picture it uploads
 * is served drawn again from the node's own origin under a random name new with each upload, named
 * on the join and the agent's messages only while it has one; a note the agent
 * writes is read by the tenant's staff only, and never reaches the customer's socket, the
 * conversation's transcript or the model; saved replies are written by admins and read by agents.
 */
class AgentDeskEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String NOTE = "VIP customer, promised a refund on the phone yesterday";

  @RegisterExtension static final RunningNode node = RunningNode.withModel(FakeChatCompletionsServer::start);

  @Test
  void customersSeeTheAgentsDisplayNameAndNeverTheNotes() throws Exception {
    String agent = TestIdentity.agentToken("acme", "sam.agent");
    assertEquals(400, call("PUT", "/v1/agents/me", agent, Map.of("pictureUrl", "http://cdn.example.com/sam.png")).statusCode(),
        "a picture over plain http");
    assertEquals(400, call("PUT", "/v1/agents/me", agent, Map.of("pictureUrl", "https://10.0.0.7/sam.png")).statusCode(),
        "a picture on a private address");
    // Hosts as the customer's browser reads them: the metadata service's address in hex, loopback's
    // name with its trailing dot, and a wildcard DNS name that spells a private address.
    for (String spelled : List.of("https://0xa9fea9fe/sam.png", "https://localhost./sam.png", "https://10.0.0.7.nip.io/sam.png")) {
      HttpResponse<String> refused = call("PUT", "/v1/agents/me", agent, Map.of("pictureUrl", spelled));
      assertEquals(400, refused.statusCode(), spelled + ": " + refused.body());
    }
    assertEquals(400, call("PUT", "/v1/agents/me", agent, Map.of("displayName", "x".repeat(65))).statusCode());
    JsonNode saved = json(call("PUT", "/v1/agents/me", agent,
        Map.of("displayName", "  Sam Rivera ", "pictureUrl", "https://cdn.example.com/sam.png")), 200);
    assertEquals("Sam Rivera", saved.get("displayName").asText());
    assertEquals("https://cdn.example.com/sam.png", json(call("GET", "/v1/agents/me", agent, null), 200)
        .get("pictureUrl").asText());
    assertEquals(403, call("GET", "/v1/agents/me", TestIdentity.customerToken("acme", java.util.Optional.of("ada")), null)
        .statusCode(), "a customer has no agent profile");

    try (ChatClient console = ChatClient.agent(node.httpPort(), "acme", "sam.agent", "sam.agent");
        ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      assertEquals("Sam Rivera", console.expect("hello").get("agent").asText(), "the profile's name over the sign-in's");
      String sessionId = customer.startNew();
      customer.say("c-1", "Can I talk to a human?");
      console.next(f -> f.get("type").asText().equals("queue") && f.get("waiting").size() == 1);
      console.send(ChatClient.frame("take").put("sessionId", sessionId));
      console.expect("conversation");
      JsonNode joined = customer.next(f -> f.get("type").asText().equals("handoff") && f.get("status").asText().equals("agent"));
      assertEquals("Sam Rivera", joined.get("agent").asText());
      assertTrue(customer.next(f -> ChatClient.isMessage(f, "system") && f.get("text").asText().contains("Sam"))
          .get("text").asText().startsWith("Sam Rivera"), "the join notice names the display name");

      JsonNode note = json(call("POST", "/v1/conversations/" + sessionId + "/notes", agent, Map.of("body", NOTE)), 201);
      assertEquals("Sam Rivera", note.get("author").asText());
      console.send(ChatClient.frame("reply").put("sessionId", sessionId).put("clientMsgId", "a-1").put("text", "Hello, Sam here."));
      assertEquals("Sam Rivera", customer.next(f -> ChatClient.isMessage(f, "agent")).get("author").asText());

      JsonNode notes = json(call("GET", "/v1/conversations/" + sessionId + "/notes", TestIdentity.adminKey("acme"), null), 200);
      assertEquals(List.of(NOTE), notes.get("notes").findValuesAsText("body"), "an admin reads the agent's note");
      assertEquals(403, call("GET", "/v1/conversations/" + sessionId + "/notes",
          TestIdentity.customerToken("acme", java.util.Optional.empty()), null).statusCode(), "a customer reads no note");
      assertEquals(403, call("POST", "/v1/conversations/" + sessionId + "/notes",
          TestIdentity.customerToken("acme", java.util.Optional.empty()), Map.of("body", "hi")).statusCode());
      HttpResponse<String> elsewhere = call("GET", "/v1/conversations/" + sessionId + "/notes", TestIdentity.adminKey("globex"), null);
      assertEquals(404, elsewhere.statusCode(), "another tenant's admin finds no such conversation: " + elsewhere.body());
      HttpResponse<String> onNothing = call("POST", "/v1/conversations/" + java.util.UUID.randomUUID() + "/notes",
          TestIdentity.adminKey("acme"), Map.of("body", "a note on nothing"));
      assertEquals(404, onNothing.statusCode(), "no note on a made-up conversation: " + onNothing.body());

      // Back with the bot: the customer's next turn asks the model, whose prompt holds no note.
      console.send(ChatClient.frame("handBack").put("sessionId", sessionId));
      customer.next(f -> f.get("type").asText().equals("handoff") && f.get("status").asText().equals("bot"));
      int before = node.model().requestCount();
      customer.answerTo("c-2", "Thanks, one more question about my order");
      List<RecordedRequest> asked = node.model().requests();
      assertTrue(asked.size() > before, "the model was asked");
      assertTrue(asked.stream().noneMatch(request -> request.body().toString().contains("VIP customer")), "no note in a prompt");

      assertTrue(customer.drain(Duration.ofMillis(300)).stream().noneMatch(f -> f.toString().contains("VIP customer")),
          "no note on the customer's socket");
      try (ChatClient again = ChatClient.connect(node.httpPort(), "acme")) {
        JsonNode resumed = again.resume(sessionId, 0);
        assertTrue(resumed.get("resumed").asBoolean());
        assertFalse(again.drain(Duration.ofMillis(300)).toString().contains("VIP customer"), "no note in the replayed transcript");
      }
      String transcript = call("GET", "/v1/conversations/" + sessionId, TestIdentity.adminKey("acme"), null).body();
      assertTrue(transcript.contains("Hello, Sam here."), transcript);
      assertFalse(transcript.contains("VIP customer"), "the transcript holds no note");
    }
  }

  @Test
  void savedRepliesAreWrittenByAdminsAndReadByAgents() throws Exception {
    String admin = TestIdentity.adminKey("acme");
    String agent = TestIdentity.agentToken("acme", "dana");
    Map<String, String> refund = Map.of("title", "Refund on its way", "body", "Hi {{customer.name}}, {{agent.name}} here.");
    assertEquals(403, call("POST", "/v1/saved-replies", agent, refund).statusCode(), "an agent writes none");
    HttpResponse<String> created = call("POST", "/v1/saved-replies", admin, refund);
    JsonNode reply = json(created, 201);
    String path = created.headers().firstValue("Location").orElseThrow();
    assertEquals("/v1/saved-replies/" + reply.get("id").asText(), path);
    assertEquals(409, call("POST", "/v1/saved-replies", admin, refund).statusCode(), "a title is the tenant's once");
    assertEquals(400, call("POST", "/v1/saved-replies", admin, Map.of("title", " ", "body", "x")).statusCode());

    JsonNode listed = json(call("GET", "/v1/saved-replies", agent, null), 200);
    assertEquals(List.of("Refund on its way"), listed.get("savedReplies").findValuesAsText("title"));
    assertEquals(403, call("GET", "/v1/saved-replies", TestIdentity.customerToken("acme", java.util.Optional.empty()), null)
        .statusCode(), "customers read none");
    assertEquals(0, json(call("GET", "/v1/saved-replies", TestIdentity.adminKey("globex"), null), 200)
        .get("savedReplies").size(), "another tenant's list");
    assertEquals(404, call("GET", path, TestIdentity.adminKey("globex"), null).statusCode());
    assertEquals(404, call("DELETE", path, TestIdentity.adminKey("globex"), null).statusCode());

    Map<String, String> changed = Map.of("title", "Refund", "body", "Your refund is on its way, {{customer.name}}.");
    assertEquals(403, call("PUT", path, agent, changed).statusCode());
    assertEquals("Refund", json(call("PUT", path, admin, changed), 200).get("title").asText());
    assertEquals("Your refund is on its way, {{customer.name}}.", json(call("GET", path, agent, null), 200).get("body").asText());
    assertEquals(403, call("DELETE", path, agent, null).statusCode());
    assertEquals(204, call("DELETE", path, admin, null).statusCode());
    assertEquals(404, call("GET", path, agent, null).statusCode());
    // The audit log is written beside the answer, not before it: the delete's entry may land a moment later.
    String audit = await("the delete's audit entry").atMost(java.time.Duration.ofSeconds(10))
        .until(() -> call("GET", "/v1/audit?limit=50", admin, null).body(), body -> body.contains("saved_reply.delete"));
    assertTrue(audit.contains("saved_reply.create") && audit.contains("saved_reply.delete"), audit);
  }

  @Test
  void customersLoadTheAgentsUploadedPictureFromTheNodeItself() throws Exception {
    String agent = TestIdentity.agentToken("acme", "lee.agent");
    assertEquals(400, call("PUT", "/v1/agents/me/picture", agent, Map.of("image", base64("<svg onload=alert(1)/>".getBytes())))
        .statusCode(), "an SVG is no picture");
    assertEquals(403, call("PUT", "/v1/agents/me/picture", TestIdentity.customerToken("acme", java.util.Optional.of("ada")),
        Map.of("image", base64(TestImages.png(40, 40)))).statusCode(), "a customer has no picture to set");
    json(call("PUT", "/v1/agents/me", agent, Map.of("displayName", "Lee Park")), 200);
    String computable = "/v1/agent-pictures/" + AgentPicture.key("acme", "lee.agent");

    try (ChatClient console = ChatClient.agent(node.httpPort(), "acme", "lee.agent", "lee.agent");
        ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      String sessionId = taken(console, customer);
      JsonNode joined = joinNotice(customer);
      assertFalse(joined.has("picture"), "no picture yet, none named, so no browser asks for one: " + joined);
      assertFalse(reply(console, customer, sessionId, "a-1").has("authorPicture"), "nor on the agent's message");

      String picture = json(call("PUT", "/v1/agents/me/picture", agent,
          Map.of("image", base64(TestImages.jpegWithGps(900, 600)))), 200).get("picture").asText();
      assertTrue(picture.matches("/v1/agent-pictures/[0-9a-f]{32}") && !picture.equals(computable), picture);
      assertEquals(picture, json(call("GET", "/v1/agents/me", agent, null), 200).get("picture").asText());
      JsonNode reply = reply(console, customer, sessionId, "a-2");
      assertEquals("Lee Park", reply.get("author").asText());
      assertEquals(picture, reply.get("authorPicture").asText(), "named on the agent's messages once uploaded");

      HttpResponse<byte[]> served = get(picture);
      assertEquals(200, served.statusCode(), "an <img> sends no credential");
      assertEquals("image/jpeg", served.headers().firstValue("Content-Type").orElseThrow());
      assertEquals("nosniff", served.headers().firstValue("X-Content-Type-Options").orElseThrow());
      assertFalse(TestImages.holds(served.body(), TestImages.GPS_MARKER), "drawn again, without the photo's position");
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(served.body()));
      assertEquals(256, image.getWidth(), "drawn small");
      assertEquals(404, get(computable).statusCode(), "a digest of tenant and agent, which anyone computes, serves nothing");

      String second = json(call("PUT", "/v1/agents/me/picture", agent,
          Map.of("image", base64(TestImages.png(40, 40)))), 200).get("picture").asText();
      assertNotEquals(picture, second, "a new picture, a new name: no browser shows the old one from its cache");
      assertEquals(404, get(picture).statusCode(), "the old one is gone");
      assertEquals(second, reply(console, customer, sessionId, "a-3").get("authorPicture").asText());

      assertEquals(204, call("DELETE", "/v1/agents/me/picture", agent, null).statusCode());
      assertEquals(404, get(second).statusCode(), "removed");
      assertFalse(reply(console, customer, sessionId, "a-4").has("authorPicture"), "removed: no longer named");
      assertFalse(json(call("GET", "/v1/agents/me", agent, null), 200).hasNonNull("picture"));
    }
  }

  @Test
  void theJoinNoticeNamesThePictureOfAnAgentWhoHasOne() throws Exception {
    String agent = TestIdentity.agentToken("acme", "kim.agent");
    String picture = json(call("PUT", "/v1/agents/me/picture", agent,
        Map.of("image", base64(TestImages.png(40, 40)))), 200).get("picture").asText();
    try (ChatClient console = ChatClient.agent(node.httpPort(), "acme", "kim.agent", "kim.agent");
        ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      taken(console, customer);
      assertEquals(picture, joinNotice(customer).get("picture").asText(), "the join notice carries the picture's address");
    }
  }

  /** A new conversation of the customer's, asking for a person and taken by the console's agent: its id. */
  private static String taken(ChatClient console, ChatClient customer) throws Exception {
    console.expect("hello");
    String sessionId = customer.startNew();
    customer.say("c-1", "Can I talk to a human?");
    console.next(f -> f.get("type").asText().equals("queue") && f.get("waiting").size() == 1);
    console.send(ChatClient.frame("take").put("sessionId", sessionId));
    console.expect("conversation");
    return sessionId;
  }

  /** The {@code handoff} frame that tells the customer an agent holds the conversation. */
  private static JsonNode joinNotice(ChatClient customer) {
    return customer.next(f -> f.get("type").asText().equals("handoff") && f.get("status").asText().equals("agent"));
  }

  /** The agent's reply as its customer receives it. */
  private static JsonNode reply(ChatClient console, ChatClient customer, String sessionId, String clientMsgId)
      throws Exception {
    console.send(ChatClient.frame("reply").put("sessionId", sessionId).put("clientMsgId", clientMsgId)
        .put("text", "Reply " + clientMsgId));
    return customer.next(f -> ChatClient.isMessage(f, "agent") && f.get("text").asText().equals("Reply " + clientMsgId));
  }

  private static HttpResponse<byte[]> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String base64(byte[] content) {
    return Base64.getEncoder().encodeToString(content);
  }

  private static HttpResponse<String> call(String method, String path, String credential, Object body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
        .header("Authorization", "Bearer " + credential);
    if (body != null) request.header("Content-Type", "application/json");
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }
}
