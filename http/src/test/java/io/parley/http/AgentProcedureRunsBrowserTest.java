package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.Reply;
import io.parley.core.testing.ScriptedHttpServer.Response;
import io.parley.persistence.testing.TestH2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The agent console in a real headless Chromium shows the procedure a conversation is running,
 * kept current: an agent reads along while the refund procedure asks its customer to confirm (the
 * run still running at the question, which waits), the customer confirms, the refund is over the
 * limit and the run hands over; without opening the conversation again, the agent's view says so,
 * opens on the run and marks the step that handed over, beside the limit's check that did not hold
 * and what it saw. The agent takes the conversation from the queue and still reads the run; the
 * refund tool was never called. axe-core finds nothing serious on it, in light and dark colours.
 */
class AgentProcedureRunsBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TENANT = "acme";
  private static final String RUN = "#procedures li[data-procedure='refund']";

  @TempDir Path dataDir;
  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final WebDriver browser = chromium.browser();
  @AutoClose private RefundNode refund;

  /** The refund procedure with a limit of 20, and an order of 30.5 that was delivered. */
  @BeforeEach
  void start() throws Exception {
    refund = RefundNode.start(TestH2.migratedIn(dataDir));
    refund.orders().answerWith(Response.json(200, RefundProcedure.DELIVERED));
    RefundProcedure.publish(refund.node().httpPort(), RefundProcedure.withLimit(refund.orders(), refund.refunds(), 20));
  }

  @Test
  void anAgentSeesARunGoOnAndTheStepThatHandedOverBeforeTakingTheConversation() throws Exception {
    int port = refund.node().httpPort();
    AdminConsolePage.signInAsAgent(browser, port, TENANT, "Dana");
    try (ChatClient customer = ChatClient.connect(port, TENANT)) {
      String sessionId = customer.startNew();
      refund.model().enqueue(Reply.toolCalls(new ToolCall("call-1", "procedure_refund", "{\"order\":\"A-1042\"}")));
      assertEquals("Shall I refund €30.50 for A-1042? Yes or no?", customer.answerTo("c-1", "Money back for A-1042 please"));

      // Read along from all the open conversations, while the run waits for the customer's answer.
      By openCard = By.cssSelector("#all-open li[data-session='" + sessionId + "']");
      new WebDriverWait(browser, WAIT).withMessage("the conversation among all open")
          .ignoring(StaleElementReferenceException.class).until(b -> {
            if (!b.findElements(openCard).isEmpty()) return true;
            b.findElement(By.id("all-open-refresh")).click();
            return false;
          });
      browser.findElement(openCard).findElement(By.xpath(".//button[text()='Open']")).click();
      await("the procedures beside the conversation", b -> b.findElement(By.cssSelector("#procedures-box summary")).isDisplayed());
      assertEquals("1", browser.findElement(By.id("procedures-count")).getText());
      assertNull(browser.findElement(By.id("procedures-box")).getDomAttribute("open"), "closed while nothing handed over");
      browser.findElement(By.cssSelector("#procedures-box summary")).click();
      WebElement running = browser.findElement(By.cssSelector(RUN));
      assertEquals("running", running.getDomAttribute("data-outcome"));
      assertTrue(running.getText().contains("still running, at refund.steps[2]"), running.getText());
      String waiting = browser.findElement(By.cssSelector(RUN + " li[data-mark='waiting']")).getText();
      assertTrue(waiting.startsWith("refund.steps[2] · ") && waiting.contains("Asked the customer")
          && waiting.contains("Waiting for the customer's answer."), waiting);
      browser.findElement(By.cssSelector("#procedures-box summary")).click(); // the agent closes it again

      customer.say("c-2", "Yes please");
      customer.next(f -> f.get("type").asText().equals("handoff") && f.get("status").asText().equals("waiting_for_agent"));
      await("the run handed over, drawn again without opening the conversation again, the box opened on it",
          b -> "handed_over".equals(b.findElement(By.cssSelector(RUN)).getDomAttribute("data-outcome"))
              && b.findElement(By.id("procedures-box")).getDomAttribute("open") != null);
      assertHandedOverAtTheLimit();

      AgentConsoleBrowserTest.take(browser, sessionId);
      assertHandedOverAtTheLimit();
      for (String scheme : List.of("light", "dark")) {
        TestChromium.colourScheme((ChromeDriver) browser, scheme);
        assertEquals(List.of(), Axe.seriousViolations(browser), scheme);
      }
      TestChromium.colourScheme((ChromeDriver) browser, "light");
      ((JavascriptExecutor) browser).executeScript("document.querySelector(arguments[0]).scrollIntoView()", RUN);
      Files.createDirectories(Path.of("target"));
      Files.write(Path.of("target/agent-console-procedure-run.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
    assertEquals(0, refund.refunds().requestCount(), "over the limit, nothing was refunded");
  }

  /** The run as the agent reads it once it handed over: the confirmed answer, the limit's check, the step that handed over. */
  private void assertHandedOverAtTheLimit() {
    WebElement run = browser.findElement(By.cssSelector(RUN));
    assertTrue(run.getText().startsWith("Procedure refund · started ")
        && run.getText().contains("handed over to a person (refund over 20)"), run.getText());
    String limit = browser.findElement(By.cssSelector(RUN + " li[data-step='refund.steps[4]']")).getText();
    assertTrue(limit.contains("Check double(status.total) <= 20.0: did not hold") && limit.contains("It saw")
        && limit.contains("30.5"), limit);
    List<WebElement> marked = browser.findElements(By.cssSelector(RUN + " li[data-mark]"));
    assertEquals(1, marked.size(), "the question waits no more; one step handed over");
    assertEquals("handedOver", marked.getFirst().getDomAttribute("data-mark"));
    assertEquals("refund.steps[4].otherwise[0]", marked.getFirst().getDomAttribute("data-step"));
    assertTrue(marked.getFirst().getText().contains("Ended: refund over 20")
        && marked.getFirst().getText().contains("The conversation was handed over to a person here."), marked.getFirst().getText());
    assertTrue(browser.findElement(By.cssSelector(RUN + " li[data-kind='answer']")).getText()
        .contains("The customer answered confirm: yes"));
  }

  private void await(String what, Function<WebDriver, Boolean> condition) {
    // The runs are drawn again as the conversation moves on: an element read while it is replaced is read again.
    new WebDriverWait(browser, WAIT).withMessage(what).ignoring(StaleElementReferenceException.class).until(condition::apply);
  }
}
