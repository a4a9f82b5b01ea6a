package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.PromptMessage;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.persistence.testing.TestH2;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tenant's {@code limits} over real sockets, against a fake model that records what it gets: a
 * small context window leaves the tenant's older turns out of its prompts while another tenant's
 * keep them; a daily token budget set in the document refuses the tenant's messages once spent,
 * after telling its webhook at 80 % and at 100 %, once each, and a raised one published lets them
 * through again; a lower session message rate limits that tenant's sessions only.
 */
class BotConfigLimitsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LEAST = Pattern.compile("limits.contextTokens: at least (\\d+) ");
  // The customer's story repeated with each question: about 200 tokens a message, so a few fill a small window.
  private static final String STORY = " For context: I run a small design studio in Oslo, we bought the lamps for our"
      + " new meeting room, the opening is planned for the end of next month, and we have already booked the"
      + " photographer, so I really need to know what to expect and when, because otherwise we have to rent lamps.";
  private static final List<String> QUESTIONS = Stream.of(
      "First question: my order 1042 of two brass desk lamps has not arrived and the tracking page has said in transit"
          + " for nine days now, could you check where it is?",
      "Second question: if the lamps do not turn up this week, could you send replacements instead, or would you"
          + " rather refund the order to the card I paid with?",
      "Third question: one of the shades in my earlier order from March was cracked, is that covered by the same"
          + " warranty as the lamps themselves or is it separate?",
      "Fourth question: do you ship to Norway, and if you do, how long does delivery usually take and who pays the"
          + " import duties on arrival?").map(question -> question + STORY).toList();

  @TempDir Path dataDir;
  @AutoClose private FakeChatCompletionsServer model;
  private WebhookReceiver hook;
  @AutoClose private ParleyNode node;

  private void start(Map<String, Object> settings) {
    model = FakeChatCompletionsServer.start(FakeChatCompletionsServer::echo);
    node = ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.of(model.baseUrl()), settings));
  }

  @AfterEach
  void stopHook() {
    if (hook != null) hook.close();
  }

  @Test
  void aSmallContextWindowLeavesTheTenantsOlderTurnsOutOfItsPromptsOnly() throws Exception {
    start(Map.of());
    HttpResponse<String> tooSmall = publish("acme", "{\"model\": {\"maxTokens\": 200}, \"limits\": {\"contextTokens\": 600}}");
    assertEquals(400, tooSmall.statusCode());
    Matcher least = LEAST.matcher(tooSmall.body());
    assertTrue(least.find(), tooSmall.body());
    // Room for the newest turn or two beyond what the system prompt needs.
    int window = Integer.parseInt(least.group(1)) + 100;
    assertEquals(200, publish("acme", "{\"model\": {\"maxTokens\": 200}, \"limits\": {\"contextTokens\": " + window + "}}")
        .statusCode());

    List<PromptMessage> acme = lastTurnPrompt("acme");
    List<PromptMessage> globex = lastTurnPrompt("globex");
    assertTrue(mentions(globex, "First question"), "the node's window holds the whole conversation");
    assertTrue(mentions(globex, "Second question"));
    assertFalse(mentions(acme, "First question:"), "acme's window left its first turn out: " + acme);
    assertTrue(mentions(acme, "Fourth question"), "the message being answered is always there");
    assertTrue(lengthOf(acme) < lengthOf(globex));
  }

  @Test
  void aDailyBudgetInTheDocumentAlertsAt80And100PercentOnceEachRefusesAndARaisedOneLetsMessagesThrough()
      throws Exception {
    hook = WebhookReceiver.start("acme-secret");
    Map<String, Object> settings = new HashMap<>();
    settings.put("parley.workflows.webhooks", hook.setting("acme"));
    // Sessions ask the budget before each message rather than trusting its last answer for 2 s.
    settings.put("parley.tenant-budget.recheck-after", "1ms");
    start(settings);
    assertEquals(200, publish("acme", "{\"webhookUrl\": \"" + hook.url() + "\", \"limits\": {\"tokensPerDay\": 2000}}")
        .statusCode());

    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      customer.startNew();
      JsonNode refused = null;
      for (int i = 0; i < 20 && refused == null; i++) {
        JsonNode reply = customer.say("m-" + i, QUESTIONS.get(i % QUESTIONS.size()));
        if ("error".equals(reply.get("type").asText())) refused = reply;
        else customer.answerOf(reply.get("turnId").asText());
      }
      assertTrue(refused != null, "the budget was never spent");
      assertEquals("budget_exceeded", refused.get("code").asText(), refused.toString());
      assertTrue(refused.get("retryAfterMs").asLong() > 0, "until midnight UTC");

      List<JsonNode> alerts = awaitAlerts(2);
      assertEquals(List.of(80, 100), alerts.stream().map(alert -> alert.get("percent").asInt()).toList());
      assertEquals(List.of("alert", "spent"), alerts.stream().map(alert -> alert.get("level").asText()).toList());
      JsonNode spent = alerts.get(1);
      assertEquals("acme", spent.get("tenant").asText());
      assertEquals(2000, spent.get("budgetTokens").asLong());
      assertTrue(spent.get("tokens").asLong() >= 2000, spent.toString());
      assertTrue(hook.deliveries().stream().allMatch(WebhookReceiver.Delivery::signed));
      String metrics = OpsClient.withToken(node.httpPort()).get("/metrics").body();
      assertTrue(metrics.contains("parley_tenant_token_budget_level_percent{tenant=\"acme\"} 100.0"), metrics);

      try (ChatClient other = ChatClient.connect(node.httpPort(), "globex")) {
        other.startNew();
        assertEquals("ack", other.say("g-1", QUESTIONS.get(0)).get("type").asText(), "another tenant goes on");
      }

      assertEquals(200, publish("acme", "{\"webhookUrl\": \"" + hook.url() + "\", \"limits\": {\"tokensPerDay\": 1000000}}")
          .statusCode());
      JsonNode after = await("the raised budget followed").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
          .until(() -> customer.say("raised-" + System.nanoTime(), "Thanks, one more question about the warranty"),
              answer -> "ack".equals(answer.get("type").asText()));
      assertEquals("ack", after.get("type").asText(), "the open session follows the raised budget: " + after);
      customer.answerOf(after.get("turnId").asText());
      customer.say("raised-2", "And the shades?");
    }
    Thread.sleep(1_000); // time for a third alert, which must not come
    List<JsonNode> told = tokenAlerts();
    assertEquals(2, told.size(), "once per level and day, even after the budget was raised and used again: " + told);
  }

  @Test
  void aLowerSessionMessageRateLimitsThatTenantsSessionsOnly() throws Exception {
    start(Map.of());
    assertEquals(200, publish("acme", "{\"limits\": {\"sessionMessagesPerMinute\": 2}}").statusCode());
    HttpResponse<String> tooMany = publish("acme", "{\"limits\": {\"sessionMessagesPerMinute\": 100001}}");
    assertEquals(400, tooMany.statusCode());
    assertTrue(tooMany.body().contains("limits.sessionMessagesPerMinute: must be a whole number from 1 to 100000"),
        tooMany.body());
    try (ChatClient acme = ChatClient.connect(node.httpPort(), "acme");
        ChatClient globex = ChatClient.connect(node.httpPort(), "globex")) {
      acme.startNew();
      globex.startNew();
      assertEquals("ack", acme.say("a-1", "Hello").get("type").asText());
      assertEquals("ack", acme.say("a-2", "Are you there?").get("type").asText());
      JsonNode third = acme.say("a-3", "Hello?");
      assertEquals("rate_limited", third.get("code").asText(), third.toString());
      for (int i = 1; i <= 3; i++) assertEquals("ack", globex.say("g-" + i, "Hello " + i).get("type").asText());
    }
  }

  /** The prompt of the tenant's last turn after a conversation of {@link #QUESTIONS}. */
  private List<PromptMessage> lastTurnPrompt(String tenant) {
    try (ChatClient customer = ChatClient.connect(node.httpPort(), tenant)) {
      customer.startNew();
      for (int i = 0; i < QUESTIONS.size(); i++) {
        customer.answerOf(customer.say(tenant + "-" + i, QUESTIONS.get(i)).get("turnId").asText());
      }
    }
    // Turns offer the tools; the summaries the smaller window causes do not.
    return model.requests().stream().filter(request -> !request.toolNames().isEmpty())
        .filter(request -> request.lastUserMessage().startsWith("Fourth question"))
        .reduce((first, second) -> second).map(RecordedRequest::messages).orElseThrow();
  }

  private static boolean mentions(List<PromptMessage> prompt, String text) {
    return prompt.stream().anyMatch(message -> message.content().contains(text));
  }

  private static int lengthOf(List<PromptMessage> prompt) {
    return prompt.stream().map(PromptMessage::content).collect(Collectors.joining()).length();
  }

  private List<JsonNode> tokenAlerts() {
    return hook.deliveries().stream().map(WebhookReceiver.Delivery::body)
        .filter(body -> "tokens.budget".equals(body.path("event").asText())).toList();
  }

  private List<JsonNode> awaitAlerts(int count) {
    await(count + " token alerts").atMost(Duration.ofSeconds(15)).until(() -> tokenAlerts().size() >= count);
    return tokenAlerts().stream().sorted((a, b) -> a.get("percent").asInt() - b.get("percent").asInt()).toList();
  }

  private HttpResponse<String> publish(String tenant, String config) throws Exception {
    return TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=" + tenant,
        "{\"config\": " + config + ", \"message\": \"limits\"}");
  }
}
