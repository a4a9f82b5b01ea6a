package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.testing.Awaiting;
import io.parley.core.testing.ScriptedHttpServer;
import io.parley.core.testing.ScriptedHttpServer.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console in a real headless Chromium shows the refund procedure a conversation ran:
 * a delivered order, confirmed by its customer, is refunded, and the conversation's view lists the
 * run completed, step by step, with the check's condition, what it saw and that it held, the
 * question put to the customer and the answer, what the refund tool returned and the end at the last
 * step; axe-core finds nothing serious on it.
 */
class ProcedureRunsBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String TENANT = "acme";

  @RegisterExtension static final RunningNode node = RunningNode.withModel(FakeChatCompletionsServer::start);
  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final WebDriver browser = chromium.browser();
  @AutoClose private final ScriptedHttpServer orders = ScriptedHttpServer.start(Response.json(200, RefundProcedure.DELIVERED));
  @AutoClose private final ScriptedHttpServer refunds = ScriptedHttpServer.start(Response.json(200, RefundProcedure.REFUNDED));

  ProcedureRunsBrowserTest() throws Exception {}

  @Test
  void anAdminReadsTheRefundARunGaveStepByStep() throws Exception {
    RefundProcedure.publish(node.httpPort(), orders, refunds);
    String sessionId;
    try (ChatClient customer = ChatClient.connect(node.httpPort(), TENANT)) {
      sessionId = customer.startNew();
      node.model().enqueue(Reply.toolCalls(new ToolCall("call-1", "procedure_refund", "{\"order\":\"A-1042\"}")));
      assertEquals("Shall I refund €30.50 for A-1042? Yes or no?", customer.answerTo("c-1", "Money back for A-1042 please"));
      assertEquals("Done: €30.50 are on their way back to you.", customer.answerTo("c-2", "Yes please"));
      customer.send(ChatClient.frame("close").put("reason", "resolved"));
      customer.expect("closed");
    }
    Awaiting.await("the conversation listed closed").atMost(WAIT)
        .until(() -> ConversationsEndToEndTest.list(node.httpPort(), TENANT,
        "status=closed").get("conversations").size() == 1);

    AdminConsolePage.signInAsAdmin(browser, node.httpPort(), TENANT);
    browser.findElement(By.cssSelector("[data-view='conversations']")).click();
    await("the conversations", b -> b.findElement(By.id("view-conversations")).isDisplayed());
    browser.findElement(By.id("conversation-show")).click();
    String row = "#conversations tbody tr[data-session='" + sessionId + "']";
    await("the conversation listed", b -> !b.findElements(By.cssSelector(row)).isEmpty());
    ((JavascriptExecutor) browser).executeScript("document.querySelector(arguments[0]).click()", row + " button.open");
    await("its view", b -> b.findElement(By.id("transcript")).isDisplayed());

    String run = "#transcript-procedures li[data-procedure='refund']";
    assertTrue(browser.findElement(By.cssSelector(run)).getText().startsWith("Procedure refund · started"),
        browser.findElement(By.cssSelector(run)).getText());
    assertEquals("completed", browser.findElement(By.cssSelector(run)).getAttribute("data-outcome"));
    String check = browser.findElement(By.cssSelector(run + " li[data-step='refund.steps[1]']")).getText();
    assertTrue(check.contains("Check status.delivered == true: held"), check);
    assertTrue(check.contains("It saw") && check.contains("\"delivered\":true"), check);
    String answer = browser.findElement(By.cssSelector(run + " li[data-kind='answer']")).getText();
    assertTrue(answer.contains("The customer answered confirm: yes"), answer);
    String refund = browser.findElement(By.cssSelector(run + " li[data-step='refund.steps[4]']")).getText();
    assertTrue(refund.contains("Tool refund_order returned") && refund.contains("R-7"), refund);
    @SuppressWarnings("unchecked")
    List<String> kinds = (List<String>) ((JavascriptExecutor) browser).executeScript(
        "return [...document.querySelectorAll(arguments[0])].map((step) => step.dataset.kind)", run + " li");
    String asked = browser.findElement(By.cssSelector(run + " li[data-kind='ask']")).getText();
    assertTrue(asked.contains("Asked the customer: Shall I refund €30.50 for A-1042? Yes or no?"), asked);
    assertEquals(List.of("start", "tool", "check", "ask", "answer", "check", "tool", "say", "end"), kinds, "the steps in order");
    String end = browser.findElement(By.cssSelector(run + " li[data-kind='end']")).getText();
    assertTrue(end.startsWith("refund.steps[5]") && end.contains("Ended"), "the run ended at its last step: " + end);
    assertEquals(List.of(), Axe.seriousViolations(browser));
    ((JavascriptExecutor) browser).executeScript("document.querySelector(arguments[0]).scrollIntoView()", run);
    Files.write(Path.of("target/admin-console-procedure-run.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  private void await(String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).withMessage(what).until(condition::apply);
  }
}
