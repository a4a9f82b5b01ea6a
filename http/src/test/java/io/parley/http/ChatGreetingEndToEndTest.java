package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The greeting of a chat conversation over real sockets: a tenant without one greets nobody; once
 * its configuration has one, a new conversation's first message is the bot's greeting (source
 * {@code greeting}, turn {@code greeting}), stored once and replayed on resume, never again on a
 * reconnect; a later version greets later conversations only; the voice channel is not greeted at the
 * start; an admin's test conversation on the draft greets with the draft's greeting, and the widget's
 * draft appearance is for admins only.
 */
class ChatGreetingEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** One node for the class: each test configures a tenant of its own. */
  @RegisterExtension static final RunningNode node = RunningNode.offline();
  // The tenant this test configures and talks as.
  private String tenant;

  @Test
  void aNewChatConversationIsGreetedOnceWithTheConfiguredGreeting() throws Exception {
    tenant = "acme";
    try (ChatClient customer = ChatClient.connect(node.httpPort(), tenant)) {
      customer.startNew();
      assertEquals(1, customer.say("c-1", "Hello").get("seq").asInt(), "no greeting configured: nothing before the customer");
    }

    publish("{\"greeting\": \"Acme, this is Ava.\", \"widget\": {\"greeting\": \"Welcome to Acme!\"}}", 0);
    String sessionId;
    try (ChatClient customer = ChatClient.connect(node.httpPort(), tenant)) {
      customer.send(ChatClient.frame("start"));
      JsonNode session = customer.expect("session");
      sessionId = session.get("sessionId").asText();
      assertEquals(1, session.get("lastSeq").asInt(), "the greeting is stored with the start");
      assertGreeting(customer.expect("message"), "Welcome to Acme!");
      assertEquals(2, customer.say("c-1", "Where is my lamp?").get("seq").asInt());
    }
    try (ChatClient again = ChatClient.connect(node.httpPort(), tenant)) {
      again.resume(sessionId, 0);
      assertGreeting(again.expect("message"), "Welcome to Acme!");
    }
    try (ChatClient again = ChatClient.connect(node.httpPort(), tenant)) {
      again.resume(sessionId, 1);
      assertTrue(again.drain(Duration.ofMillis(500)).stream().noneMatch(f -> f.path("turnId").asText().equals("greeting")),
          "a resume after the greeting does not get it again");
    }
    assertEquals(List.of("greeting"), greetingSources(sessionId), "stored once");

    // Only the call's greeting: the chat greets with it; the first conversation keeps its own.
    publish("{\"greeting\": \"Acme, this is Ava.\"}", 1);
    try (ChatClient customer = ChatClient.connect(node.httpPort(), tenant)) {
      customer.startNew();
      assertGreeting(customer.expect("message"), "Acme, this is Ava.");
    }
    JsonNode first = JSON.readTree(admin("GET", "/v1/sessions/" + sessionId, null).body());
    assertEquals("Welcome to Acme!", first.get("messages").get(0).get("text").asText());

    String rest = JSON.readTree(customerRequest("POST", "/v1/sessions", "{}").body()).get("sessionId").asText();
    assertEquals(List.of("greeting"), greetingSources(rest), "a chat session started over REST is greeted too");

    try (ChatClient voice = ChatClient.connect(node.httpPort(), tenant)) {
      voice.send(ChatClient.frame("start").put("channel", "voice"));
      assertEquals(0, voice.expect("session").get("lastSeq").asInt(), "a voice call speaks its greeting when voice starts");
    }
  }

  @Test
  void anAdminsTestConversationGreetsWithTheDraftAndOnlyAdminsSeeTheDraftsAppearance() throws Exception {
    tenant = "globex";
    publish("{\"widget\": {\"greeting\": \"Hello.\"}}", 0);
    assertEquals(200, admin("PUT", "/v1/config/draft", "{\"config\": {\"widget\": {\"greeting\": \"Spring sale!\"}}}").statusCode());

    HttpResponse<String> draft = admin("GET", "/v1/widget/config?draft=true", null);
    assertEquals(200, draft.statusCode(), draft.body());
    assertEquals("Spring sale!", JSON.readTree(draft.body()).get("greeting").asText());
    assertEquals(1, JSON.readTree(draft.body()).get("draft").asInt());
    assertEquals("no-store", draft.headers().firstValue("Cache-Control").orElseThrow());
    assertEquals("Hello.", JSON.readTree(customerRequest("GET", "/v1/widget/config", null).body()).get("greeting").asText());
    assertEquals(403, customerRequest("GET", "/v1/widget/config?draft=true", null).statusCode(), "a customer");
    assertEquals(403, TestIdentity.call(node.httpPort(), "GET", "/v1/widget/config?tenant=" + tenant + "&draft=true",
        "Bearer " + TestIdentity.agentKey(tenant), null).statusCode(), "an agent");

    String adminKey = TestIdentity.adminKey(tenant);
    try (ChatClient admin = ChatClient.openWith(node.httpPort(), "/v1/chat/ws?tenant=" + tenant, adminKey)) {
      admin.send(ChatClient.frame("start").put("draft", true));
      admin.expect("session");
      assertGreeting(admin.expect("message"), "Spring sale!");
    }
    try (ChatClient customer = ChatClient.connect(node.httpPort(), tenant)) {
      customer.startNew();
      assertGreeting(customer.expect("message"), "Hello.");
    }
    assertEquals(200, admin("DELETE", "/v1/config/draft", null).statusCode());
    assertEquals(404, admin("GET", "/v1/widget/config?draft=true", null).statusCode(), "no draft");
  }

  private static void assertGreeting(JsonNode message, String text) {
    assertEquals(1, message.get("seq").asInt(), message.toString());
    assertEquals("assistant", message.get("role").asText());
    assertEquals("greeting", message.get("source").asText());
    assertEquals("greeting", message.get("turnId").asText());
    assertEquals(text, message.get("text").asText());
  }

  /** The sources of the session's stored greeting messages. */
  private List<String> greetingSources(String sessionId) throws Exception {
    HttpResponse<String> view = admin("GET", "/v1/sessions/" + sessionId, null);
    assertEquals(200, view.statusCode(), view.body());
    List<String> sources = new ArrayList<>();
    JSON.readTree(view.body()).get("messages").forEach(m -> {
      if (m.path("turnId").asText().equals("greeting")) sources.add(m.get("source").asText());
    });
    return sources;
  }

  private void publish(String config, int baseVersion) throws Exception {
    HttpResponse<String> published = admin("PUT", "/v1/config",
        "{\"config\": " + config + ", \"baseVersion\": " + baseVersion + "}");
    assertEquals(200, published.statusCode(), published.body());
    assertFalse(published.body().isEmpty());
  }

  private HttpResponse<String> customerRequest(String method, String path, String body) throws Exception {
    return TestIdentity.call(node.httpPort(), method, path + (path.contains("?") ? "&" : "?") + "tenant=" + tenant,
        "Bearer " + TestIdentity.customerToken(tenant, Optional.empty()), body);
  }

  private HttpResponse<String> admin(String method, String path, String body) throws Exception {
    return TestIdentity.asAdmin(node.httpPort(), method, path + (path.contains("?") ? "&" : "?") + "tenant=" + tenant, body);
  }
}
