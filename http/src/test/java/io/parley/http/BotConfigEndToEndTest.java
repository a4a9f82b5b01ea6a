package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.language.TextOverrides;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tenant's bot configuration, end to end: an admin publishes versions over REST; a session keeps
 * the version it started with while new sessions get the newest at once; a rollback is a new
 * version; an invalid document is refused with every problem and changes nothing; the support hours
 * set reach the model's system prompt.
 */
class BotConfigEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** One node and model for the class: each test configures a tenant of its own. */
  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(() -> FakeChatCompletionsServer.start(FakeChatCompletionsServer::echo));

  @Test
  void sessionsKeepTheVersionTheyStartedWithAndNewOnesGetTheNewest() throws Exception {
    assertEquals(404, call("GET", "/v1/config?tenant=acme", null).statusCode(), "nothing published yet");
    JsonNode v1 = json(call("PUT", "/v1/config?tenant=acme",
        "{\"config\": {\"assistantName\": \"Ava\", \"instructions\": \"Always mention our free returns.\"},"
            + " \"message\": \"our own assistant\"}"));
    assertEquals(1, v1.get("version").asInt());
    assertEquals("our own assistant", v1.get("message").asText());

    try (ChatClient first = ChatClient.connect(node.httpPort(), "acme")) {
      String sessionA = first.startNew();
      first.answerOf(first.say("c-1", "Hello").get("turnId").asText());
      String prompt = systemPrompt();
      assertTrue(prompt.startsWith("You are Ava,") && prompt.contains("Always mention our free returns."), prompt);

      assertEquals(2, json(call("PUT", "/v1/config?tenant=acme",
          "{\"config\": {\"assistantName\": \"Max\"}, \"message\": \"rename\"}")).get("version").asInt());
      first.answerOf(first.say("c-2", "Still there?").get("turnId").asText());
      assertTrue(systemPrompt().startsWith("You are Ava,"), "an open session keeps version 1");

      String sessionB;
      try (ChatClient second = ChatClient.connect(node.httpPort(), "acme")) {
        sessionB = second.startNew();
        second.answerOf(second.say("c-1", "Hi").get("turnId").asText());
        String newest = systemPrompt();
        assertTrue(newest.startsWith("You are Max,") && !newest.contains("free returns"), newest);
      }
      assertEquals(1, session(sessionA).get("botConfigVersion").asInt());
      assertEquals(2, session(sessionB).get("botConfigVersion").asInt());
    }

    JsonNode diff = json(call("GET", "/v1/config/diff?tenant=acme&from=1&to=2", null));
    assertEquals("assistantName", diff.get("changes").get(0).get("setting").asText());
    assertEquals("Max", diff.get("changes").get(0).get("to").asText());
    assertEquals("instructions", diff.get("changes").get(1).get("setting").asText());

    JsonNode v3 = json(call("POST", "/v1/config/rollback?tenant=acme", "{\"version\": 1}"));
    assertEquals(3, v3.get("version").asInt());
    assertEquals("Ava", v3.get("config").get("assistantName").asText());
    try (ChatClient third = ChatClient.connect(node.httpPort(), "acme")) {
      String sessionC = third.startNew();
      third.answerOf(third.say("c-1", "Hi").get("turnId").asText());
      assertTrue(systemPrompt().startsWith("You are Ava,"));
      assertEquals(3, session(sessionC).get("botConfigVersion").asInt());
    }
    assertEquals(3, json(call("GET", "/v1/config/versions?tenant=acme", null)).get("versions").size());
  }

  @Test
  void anInvalidDocumentListsEveryProblemAndChangesNothingAndOnlyAdminsConfigure() throws Exception {
    json(call("PUT", "/v1/config?tenant=globex", "{\"config\": {\"companyName\": \"Acme Lamps\"}}"));
    HttpResponse<String> refused = call("PUT", "/v1/config?tenant=globex",
        "{\"config\": {\"assistantName\": 42, \"voice\": \"nova\", \"instructions\": \"\"}}");
    assertEquals(400, refused.statusCode());
    JsonNode problems = JSON.readTree(refused.body()).get("error").get("problems");
    assertEquals(3, problems.size(), problems.toString());
    assertEquals(1, json(call("GET", "/v1/config?tenant=globex", null)).get("version").asInt(), "nothing changed");
    JsonNode schema = json(call("GET", "/v1/config/schema?tenant=globex", null));
    assertEquals("object", schema.get("type").asText());
    List<String> formality = new ArrayList<>();
    schema.at("/properties/texts/x-parley-text-languages/formality").forEach(language -> formality.add(language.asText()));
    assertEquals(TextOverrides.INFORMAL_LANGUAGES, formality, "the form offers formality in the languages the node has both forms of");

    HttpResponse<String> customer = HTTP.send(HttpRequest.newBuilder(uri("/v1/config?tenant=globex"))
        .header("Authorization", "Bearer " + TestIdentity.customerToken("globex", Optional.of("ada"))).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(403, customer.statusCode());
    HttpResponse<String> agent = HTTP.send(HttpRequest.newBuilder(uri("/v1/config?tenant=globex"))
        .header("Authorization", "Bearer " + TestIdentity.agentKey("globex")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(403, agent.statusCode(), "agents do not configure the bot");
    assertEquals(404, call("GET", "/v1/config?tenant=initech", null).statusCode(), "another tenant has its own");
  }

  @Test
  void theSupportHoursAndTheNextOpeningReachTheBot() throws Exception {
    try (ChatClient before = ChatClient.connect(node.httpPort(), "umbrella")) {
      before.startNew();
      before.answerOf(before.say("c-1", "When are you open?").get("turnId").asText());
      assertFalse(systemPrompt().contains("support team"), "no hours set, none told: " + systemPrompt());
    }
    // A day three days on is never today, nor "tomorrow" if the turn runs past midnight.
    DayOfWeek day = LocalDate.now(ZoneOffset.UTC).plusDays(3).getDayOfWeek();
    String name = day.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    json(call("PUT", "/v1/config?tenant=umbrella", "{\"config\": {\"supportHours\": {\"timeZone\": \"UTC\","
        + " \"weekly\": {\"" + name.toLowerCase(Locale.ROOT) + "\": [\"09:00-17:00\"]}}}}"));
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "umbrella")) {
      customer.startNew();
      customer.answerOf(customer.say("c-1", "When are you open?").get("turnId").asText());
      String prompt = systemPrompt();
      assertTrue(prompt.contains("Our support team (people the customer can talk to) is available " + name
          + " 09:00-17:00 (UTC time) and closed otherwise. It is closed now and opens again on " + name
          + " at 09:00 (UTC)."), prompt);
    }
  }

  private String systemPrompt() {
    return node.model().lastRequest().body().get("messages").get(0).get("content").asText();
  }

  private JsonNode session(String sessionId) throws Exception {
    return json(call("GET", "/v1/sessions/" + sessionId + "?tenant=acme", null));
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertFalse(response.statusCode() >= 300, response.statusCode() + " " + response.body());
    return JSON.readTree(response.body());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + node.httpPort() + path);
  }

  /** As the admin of the tenant the path names. */
  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    return TestIdentity.asAdmin(node.httpPort(), method, path, body);
  }
}
