package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.testing.ScriptedHttpServer;
import io.parley.core.testing.ScriptedHttpServer.Response;
import io.parley.persistence.testing.TestH2;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Tool calls that wait for a person's approval, in real Chromium, on a real node with a fake model
 * and the company's two tools on loopback servers that count their calls: in the widget on the
 * company's page the customer confirms one cancellation (it runs once, and the answer reads its
 * result) and cancels another (it never runs, and the bot says it was not done); in the agent
 * console a refund waiting for an agent is listed for every agent, who opens it and approves it
 * (it runs once) and, in another conversation, refuses another with a reason (it never runs, and
 * the customer hears the reason); a customer whose refund waits for an agent is told so in words
 * in the widget (and in their language on the node's own page), with nothing to press, and is
 * answered meanwhile. axe-core finds no serious or critical violation with the cards
 * shown; the console's screenshot is kept in {@code target/} for people.
 */
class ApprovalBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String KEY = "pk_acme_approvals";

  @TempDir Path dataDir;
  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final WebDriver browser = chromium.browser();
  private final WidgetOnSite page = new WidgetOnSite(browser, WAIT);
  @AutoClose private ScriptedHttpServer orders;
  @AutoClose private ScriptedHttpServer refunds;
  @AutoClose private FakeChatCompletionsServer model;
  private HttpServer site;
  @AutoClose private ParleyNode node;

  @BeforeEach
  void start() throws Exception {
    orders = ScriptedHttpServer.start(Response.json(200, "{\"summary\":\"A-1042 cancelled\"}"));
    refunds = ScriptedHttpServer.start(Response.json(200, "{\"summary\":\"A-1042 refunded, 30 EUR\"}"));
    model = FakeChatCompletionsServer.start(TenantToolsEndToEndTest::answerFromLastResult);
    site = WidgetOnSite.servePage(KEY, () -> node.httpPort());
    node = ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.of(model.baseUrl()),
        WidgetOnSite.tenantsAllowing(KEY, WidgetOnSite.origin(site))));
    publishTools("acme");
  }

  @AfterEach
  void stopSite() {
    if (site != null) site.stop(0);
  }

  @Test
  void aCustomerConfirmsOneCancellationInTheWidgetAndCancelsAnother() throws Exception {
    page.open(WidgetOnSite.origin(site) + "/");

    model.enqueue(Reply.toolCalls(new ToolCall("call-1", "cancel_order", "{\"order\":\"A-1042\"}")));
    say("Please cancel my order A-1042");
    WebElement card = awaitCard();
    assertTrue(card.getText().contains("Cancel one of the customer's orders (order: A-1042)"), card.getText());
    assertEquals(0, orders.requestCount(), "nothing runs before the customer confirms");
    assertEquals(List.of(), Axe.seriousViolations(browser), "the page with the approval card");

    card.findElement(By.cssSelector("button.confirm")).click();
    page.await("the answer with the tool's result", b -> page.answers().stream().anyMatch(a -> a.contains("A-1042 cancelled")));
    page.await("the card gone", b -> page.widget().findElements(By.cssSelector(".approval")).isEmpty());
    assertEquals(1, orders.requestCount(), "run once, after the confirmation");

    model.enqueue(Reply.toolCalls(new ToolCall("call-2", "cancel_order", "{\"order\":\"B-7\"}")));
    say("And cancel B-7 as well");
    awaitCard().findElement(By.cssSelector("button.cancel")).click();
    page.await("the bot says it was not done", b -> page.answers().stream()
        .anyMatch(a -> a.contains("the customer declined it, so it was not run")));
    page.await("the card gone", b -> page.widget().findElements(By.cssSelector(".approval")).isEmpty());
    assertEquals(1, orders.requestCount(), "a cancelled call never runs");
  }

  @Test
  void aCustomerIsToldInWordsThatARefundWaitsForATeamMemberAndIsAnsweredMeanwhile() throws Exception {
    try (ChatClient dana = ChatClient.agent(node.httpPort(), "acme", "agent-dana", "Dana")) {
      dana.expect("hello");
      page.open(WidgetOnSite.origin(site) + "/");

      model.enqueue(Reply.toolCalls(new ToolCall("call-1", "refund_order", "{\"order\":\"A-1042\"}")));
      say("My order A-1042 never came, I want my money back");
      By waiting = By.cssSelector(".approval.waiting");
      page.await("the line saying what waits", b -> !page.widget().findElements(waiting).isEmpty());
      assertEquals("Waiting for a team member to approve: Refund one of the customer's orders (order: A-1042)",
          page.widget().findElement(waiting).getText());
      assertTrue(page.widget().findElements(By.cssSelector(".approval button")).isEmpty(), "nothing for the customer to press");
      assertEquals(List.of(), Axe.seriousViolations(browser), "the widget saying what waits");

      say("Is anyone there?");
      page.await("the answer meanwhile", b -> page.answers().contains("You said: Is anyone there?"));
      JsonNode listed = dana.next(f -> f.get("type").asText().equals("approvals") && f.get("approvals").size() == 1)
          .get("approvals").get(0);
      dana.send(ToolApprovalEndToEndTest.approve(listed.get("approvalId").asText(), true)
          .put("sessionId", listed.get("sessionId").asText()));
      page.await("the refund's answer", b -> page.answers().stream().anyMatch(a -> a.contains("A-1042 refunded, 30 EUR")));
      page.await("the line gone", b -> page.widget().findElements(waiting).isEmpty());
      assertEquals(1, refunds.requestCount(), "run once, after the agent approved");
    }
  }

  @Test
  void theNodesOwnPageSaysWhatWaitsForATeamMemberInTheCustomersLanguage() throws Exception {
    publishTools(TestIdentity.DEFAULT_TENANT);
    browser.get("http://127.0.0.1:" + node.httpPort() + "/?language=de");
    page.await("the page in German", b -> "Nachricht schreiben…".equals(b.findElement(By.id("input")).getDomAttribute("placeholder")));
    model.enqueue(Reply.toolCalls(new ToolCall("call-1", "refund_order", "{\"order\":\"A-1042\"}")));
    browser.findElement(By.id("input")).sendKeys("Bitte erstatten Sie A-1042", Keys.ENTER);
    By waiting = By.cssSelector("#approvals .approval--waiting");
    page.await("the line saying what waits", b -> !b.findElements(waiting).isEmpty());
    assertEquals("Wartet auf die Freigabe durch ein Teammitglied: Refund one of the customer's orders (order: A-1042)",
        browser.findElement(waiting).getText());
    assertTrue(browser.findElements(By.cssSelector("#approvals button")).isEmpty(), "nothing for the customer to press");
  }

  @Test
  void anAgentApprovesOneRefundFromTheListAndRefusesAnotherWithAReason() throws Exception {
    AdminConsolePage.signInAsAgent(browser, node.httpPort(), "acme", "Dana");

    try (ChatClient first = ChatClient.connect(node.httpPort(), "acme");
        ChatClient second = ChatClient.connect(node.httpPort(), "acme")) {
      String firstId = first.startNew();
      model.enqueue(Reply.toolCalls(new ToolCall("call-1", "refund_order", "{\"order\":\"A-1042\"}")));
      first.say("c-1", "My order A-1042 never came, I want my money back");
      WebElement listed = awaitListed(firstId);
      assertTrue(listed.getText().contains("refund_order"), listed.getText());
      assertTrue(listed.getText().contains("Refund one of the customer's orders (order: A-1042)"), listed.getText());
      assertEquals("1", browser.findElement(By.id("to-approve-count")).getText());
      assertEquals(List.of(), Axe.seriousViolations(browser), "the console listing the approval");

      listed.findElement(By.cssSelector("button.open")).click();
      WebElement card = awaitDecisionCard();
      assertTrue(card.getText().contains("waits for an agent's approval"), card.getText());
      assertEquals(List.of(), Axe.seriousViolations(browser), "the console with the approval card");
      Files.createDirectories(Path.of("target"));
      Files.write(Path.of("target/agent-console-approval.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
      assertEquals(0, refunds.requestCount(), "nothing runs before an agent approves");
      card.findElement(By.xpath(".//button[text()='Approve']")).click();
      assertTrue(first.answerOf("turn-1").get("text").asText().contains("A-1042 refunded, 30 EUR"));
      page.await("the approval leaves the list", b -> b.findElements(By.cssSelector("#to-approve li")).isEmpty());
      assertEquals(1, refunds.requestCount(), "run once, after the agent approved");

      String secondId = second.startNew();
      model.enqueue(Reply.toolCalls(new ToolCall("call-2", "refund_order", "{\"order\":\"B-7\"}")));
      second.say("c-1", "Refund B-7 please");
      awaitListed(secondId).findElement(By.cssSelector("button.open")).click();
      WebElement refused = awaitDecisionCard();
      refused.findElement(By.cssSelector("input.approval__reason")).sendKeys("B-7 has shipped already");
      refused.findElement(By.xpath(".//button[text()='Refuse']")).click();
      String told = second.answerOf("turn-1").get("text").asText();
      assertTrue(told.contains("the support team declined it, so it was not run; the reason given: B-7 has shipped already"),
          told);
      page.await("the refused approval leaves the list", b -> b.findElements(By.cssSelector("#to-approve li")).isEmpty());
      assertEquals(1, refunds.requestCount(), "a refused call never runs");
    }
  }

  /** The tenant's two tools: a cancellation the customer confirms, a refund an agent approves. */
  private void publishTools(String tenant) throws Exception {
    String config = "{\"httpTools\": [" + tool("cancel_order", "Cancel one of the customer's orders.", orders, "customer")
        + ", " + tool("refund_order", "Refund one of the customer's orders.", refunds, "agent") + "]}";
    HttpResponse<String> saved = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=" + tenant,
        "{\"config\": " + config + "}");
    assertEquals(200, saved.statusCode(), saved.body());
  }

  private static String tool(String name, String description, ScriptedHttpServer server, String approver) {
    return "{\"name\": \"" + name + "\", \"description\": \"" + description + "\", \"url\": \"" + server.url("/" + name)
        + "\", \"approval\": \"" + approver + "\", \"parameters\": {\"type\": \"object\", \"properties\":"
        + " {\"order\": {\"type\": \"string\"}}, \"required\": [\"order\"]}}";
  }

  private void say(String text) {
    page.widget().findElement(By.cssSelector(".composer textarea")).sendKeys(text, Keys.ENTER);
  }

  private WebElement awaitCard() {
    page.await("the approval card", b -> page.widget().findElement(By.cssSelector(".approval button.confirm")).isEnabled());
    return page.widget().findElement(By.cssSelector(".approval"));
  }

  private WebElement awaitListed(String sessionId) {
    By listed = By.cssSelector("#to-approve li[data-session='" + sessionId + "']");
    page.await("the approval in the console's list", b -> !b.findElements(listed).isEmpty());
    return browser.findElement(listed);
  }

  private WebElement awaitDecisionCard() {
    By card = By.cssSelector("#approvals li.approval");
    page.await("the approval card in the conversation", b -> !b.findElements(card).isEmpty());
    return browser.findElement(card);
  }
}
