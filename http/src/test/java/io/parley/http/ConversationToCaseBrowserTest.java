package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.core.llm.testing.Reply;
import io.parley.core.testing.Awaiting;
import io.parley.core.testing.ScriptedHttpServer;
import io.parley.core.testing.ScriptedHttpServer.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console in a real headless Chromium shows the judge's score of a closed conversation
 * in the list (filtered to the bad ones) and in its view, and makes the conversation a test case
 * with its button; the case is then among the tenant's evaluation cases. It shows a conversation's
 * tool call and its approval where they happened, exports the conversations with their transcripts
 * (redacted as the archive), and flags a greeting its German customers got in English.
 */
class ConversationToCaseBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = TestIdentity.DEFAULT_TENANT;

  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(
      () -> FakeChatCompletionsServer.start(ConversationToCaseBrowserTest::answer), Map.of("parley.quality.scoring", true,
      "parley.quality.poll", "200ms"));
  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final WebDriver browser = chromium.browser();

  /** The bot answers beside the point; the judge scores it 1. */
  private static String answer(RecordedRequest request) {
    return request.body().has("response_format")
        ? "{\"score\": 1, \"resolved\": false, \"grounded\": false, \"tone\": \"neutral\", \"reason\": \"Off the point.\"}"
        : "Our shop opens at nine.";
  }

  @Test
  void anAdminSeesABadScoreAndMakesTheConversationATestCase() throws Exception {
    String sessionId = ConversationsEndToEndTest.converse(node.httpPort(), TENANT, Optional.empty(),
        List.of("Can I return my lamp?"));
    Awaiting.await("the conversation scored").atMost(WAIT)
        .until(() -> ConversationsEndToEndTest.list(node.httpPort(), TENANT,
        "score=1").get("conversations").size() == 1);

    AdminConsolePage.signInAsAdmin(browser, node.httpPort(), TENANT);
    browser.findElement(By.cssSelector("[data-view='conversations']")).click();
    await("the conversations", b -> b.findElement(By.id("view-conversations")).isDisplayed());
    script("document.getElementById('conversation-score').value = '1-2'");
    browser.findElement(By.id("conversation-show")).click();
    String row = "#conversations tbody tr[data-session='" + sessionId + "']";
    await("the badly scored conversation listed", b -> !b.findElements(By.cssSelector(row)).isEmpty()
        && b.findElement(By.cssSelector(row)).getText().contains("1 of 5"));

    script("document.querySelector(arguments[0]).click()", row + " button.open");
    await("its view", b -> b.findElement(By.id("transcript")).isDisplayed());
    String facts = browser.findElement(By.id("transcript-facts")).getText();
    assertTrue(facts.contains("1 of 5; not resolved, not grounded, neutral: Off the point."), facts);
    assertTrue(browser.findElement(By.id("to-case-button")).isDisplayed(), "a badly scored conversation may become a case");
    browser.findElement(By.id("to-case-button")).click();
    await("the case made", b -> b.findElement(By.id("to-case-status")).getText().startsWith("Test case"));

    JsonNode cases = JSON.readTree(TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/evaluations/cases?tenant=" + TENANT,
        null).body()).get("cases");
    assertEquals(1, cases.size(), cases.toString());
    assertEquals(List.of("Can I return my lamp?"),
        List.of(cases.get(0).get("definition").get("messages").get(0).asText()));
    assertTrue(browser.findElement(By.id("to-case-status")).getText().endsWith("made of this conversation's 1 customer message."),
        browser.findElement(By.id("to-case-status")).getText());

    // Its question is among those the bot could not answer, and why is said in words, not as the API's code.
    browser.findElement(By.cssSelector("[data-view='overview']")).click();
    await("the question listed as badly judged", b -> {
      String gaps = b.findElement(By.id("gaps-topics")).getText();
      if (gaps.contains("Can I return my lamp?")) return true;
      b.findElement(By.id("overview-show")).click();
      return false;
    });
    String topic = browser.findElement(By.id("gaps-topics")).getText();
    assertTrue(topic.contains("asked once") && topic.contains("its conversation was judged poor: 1"), topic);
    assertFalse(topic.contains("bad_score"), topic);
  }

  @Test
  void anAdminReadsAToolCallAndItsApprovalExportsTheTranscriptsAndSeesTheGreetingUntranslated() throws Exception {
    String tenant = "initech";
    String email = "ada.lovelace@example.com";
    try (ScriptedHttpServer orders = ScriptedHttpServer.start(
        Response.json(200, "{\"cancelled\":\"A-1042\",\"summary\":\"A-1042 cancelled\"}"))) {
      String config = "{\"greeting\": \"Hi! How can I help?\", \"httpTools\": [{\"name\": \"cancel_order\", \"description\":"
          + " \"Cancel an order.\", \"url\": \"" + orders.url("/cancel") + "\", \"approval\": \"customer\", \"parameters\":"
          + " {\"type\": \"object\", \"properties\": {\"order\": {\"type\": \"string\"}}, \"required\": [\"order\"]}}]}";
      assertEquals(200, TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=" + tenant,
          "{\"config\": " + config + "}").statusCode());
      String sessionId;
      try (ChatClient customer = ChatClient.connect(node.httpPort(), tenant)) {
        customer.send(ChatClient.frame("start").put("language", "de"));
        sessionId = customer.expect("session").get("sessionId").asText();
        node.model().enqueue(Reply.toolCalls(new ToolCall("call-1", "cancel_order", "{\"order\":\"A-1042\"}")));
        String turn = customer.say("c-1", "Bitte storniere A-1042, ich bin " + email).get("turnId").asText();
        customer.send(ToolApprovalEndToEndTest.approve(customer.expect("approval").get("approvalId").asText(), true));
        customer.answerOf(turn);
        customer.send(ChatClient.frame("rate").put("score", 5).put("comment", "Schnell! " + email));
        customer.expect("rated");
        customer.send(ChatClient.frame("close").put("reason", "resolved"));
        customer.expect("closed");
      }
      Awaiting.await("the conversation listed closed").atMost(WAIT)
          .until(() -> ConversationsEndToEndTest.list(node.httpPort(), tenant,
          "status=closed").get("conversations").size() == 1);

      AdminConsolePage.signInAsAdmin(browser, node.httpPort(), tenant);
      String german = "#translations-items li[data-language='de']";
      await("the German greeting flagged", b -> !b.findElements(By.cssSelector(german)).isEmpty());
      assertTrue(browser.findElement(By.cssSelector(german)).getText().startsWith("German (de): 1 conversation"),
          browser.findElement(By.cssSelector(german)).getText());
      assertEquals(List.of(), Axe.seriousViolations(browser));
      browser.findElement(By.cssSelector(german + " button")).click();
      await("the draft's JSON to translate it in", b -> "draft-editor".equals(b.switchTo().activeElement().getAttribute("id")));

      AdminConsolePage.openConversation(browser, sessionId);
      @SuppressWarnings("unchecked")
      List<String> order = (List<String>) script("return [...document.querySelectorAll('#transcript-messages > li')]"
          + ".map((item) => item.dataset.role)");
      assertEquals(List.of("assistant", "user", "tool", "assistant"), order, "greeting, question, the call, the answer");
      String call = browser.findElement(By.cssSelector("#transcript-messages li[data-tool='cancel_order']")).getText();
      assertTrue(call.contains("Tool call cancel_order") && call.contains("succeeded in"), call);
      assertTrue(call.contains("Arguments: {\"order\":\"A-1042\"}") && call.contains("Result: A-1042 cancelled"), call);
      assertTrue(call.contains("Approval asked of the customer") && call.contains("approved by the customer"), call);
      assertEquals(List.of(), Axe.seriousViolations(browser));

      // The console's export is the API's: the saved file is read back as the browser got it.
      script("window.exported = null; const keep = URL.createObjectURL;"
          + " URL.createObjectURL = (file) => { window.exported = file; return keep(file); };");
      browser.findElement(By.id("export-transcripts")).click();
      browser.findElement(By.id("conversation-export")).click();
      await("exported", b -> b.findElement(By.id("export-status")).getText()
          .equals("Exported 1 conversation as JSON lines, with the transcripts."));
      String exported = (String) ((JavascriptExecutor) browser).executeAsyncScript(
          "const done = arguments[arguments.length - 1]; window.exported.text().then(done);");
      assertFalse(exported.contains(email), exported);
      JsonNode line = JSON.readTree(exported.strip());
      assertEquals("Schnell! [EMAIL_1]", line.get("ratingComment").asText(), exported);
      assertEquals("Bitte storniere A-1042, ich bin [EMAIL_1]", line.get("transcript").get(1).get("text").asText(), exported);
      assertEquals("approved", line.at("/toolCalls/0/approval/decision").asText(), exported);
    }
  }

  private Object script(String source, Object... arguments) {
    return ((JavascriptExecutor) browser).executeScript(source, arguments);
  }

  private void await(String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).withMessage(what).until(condition::apply);
  }
}
