package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The article an answer cites, as a link under the answer, in real Chromium on a real node whose
 * model speaks OpenAI's streaming format: the model searches the knowledge base and cites [1] and a
 * made-up [7]. The chat page shows the real article as a link that opens apart, and nothing of the
 * made-up one; an agent signed in with a password opens the conversation in the agent console and
 * sees the same link under the answer. axe-core finds no serious or critical violation on either.
 */
class CitationsBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TENANT = TestIdentity.DEFAULT_TENANT;
  private static final String URL = "https://help.example.com/gift-wrapping";
  private static final String AGENT = "noor@shop.example";

  private static FakeChatCompletionsServer model;
  private static StaffNode staff;
  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final WebDriver browser = chromium.browser();

  @BeforeAll
  static void start() throws Exception {
    model = FakeChatCompletionsServer.start();
    staff = StaffNode.start(TENANT, "head@shop.example", Map.of(), Optional.of(model.baseUrl()));
    HttpResponse<String> added = staff.send("POST", "/v1/kb/documents?tenant=" + TENANT, staff.operator.address(),
        staff.operator, null, StaffNode.JSON.createObjectNode().put("title", "Gift wrapping").put("format", "text")
            .put("content", "Every order can be gift wrapped for 3 euros; choose it at checkout.").put("url", URL).toString());
    assertEquals(201, added.statusCode(), added.body());
    staff.join(staff.operator, null, AGENT, "agent");
  }

  @AfterAll
  static void stop() {
    if (staff != null) staff.close();
    if (model != null) model.close();
  }

  @Test
  void theCitedArticleIsALinkUnderTheAnswerInThePageAndInTheAgentConsole() throws Exception {
    model.enqueue(Reply.toolCalls(new ToolCall("call-1", "kb_search", "{\"query\": \"gift wrapping\"}")),
        Reply.answer("Gift wrapping costs 3 euros [1]. It is free at Christmas [7]."));
    browser.get(url("/"));
    await("the page online", b -> "online".equals(b.findElement(By.id("status")).getAttribute("data-state")));
    browser.findElement(By.id("input")).sendKeys("Can you gift wrap my order?", Keys.ENTER);
    By answer = By.cssSelector("#messages > li.msg--assistant.is-final");
    await("the answer with its source", b -> !b.findElements(By.cssSelector("#messages > li.msg--assistant.is-final .citations a")).isEmpty());
    assertEquals("Gift wrapping costs 3 euros [1]. It is free at Christmas.",
        browser.findElement(answer).findElement(By.className("bubble__text")).getText());
    assertTheLinkTo(browser.findElement(answer));
    assertEquals(List.of(), Axe.seriousViolations(browser), "the page with the answer's source");
    String sessionId = (String) ((org.openqa.selenium.JavascriptExecutor) browser)
        .executeScript("return localStorage.getItem('parley.session.default')");

    browser.manage().deleteAllCookies();
    AdminConsolePage.signInToAgentConsole(browser, staff.node.httpPort(), TENANT, AGENT, "a long enough password", "");
    AdminConsolePage.openFromAllOpen(browser, sessionId);
    By cited = By.cssSelector("#transcript .msg--assistant .citations a");
    await("the answer's source in the console", b -> !b.findElements(cited).isEmpty());
    WebElement console = browser.findElement(By.cssSelector("#transcript .msg--assistant"));
    assertTheLinkTo(console);
    assertFalse(console.getText().contains("[7]"), console.getText());
    assertEquals(List.of(), Axe.seriousViolations(browser), "the console with the answer's source");
  }

  private static void assertTheLinkTo(WebElement message) {
    List<WebElement> links = message.findElements(By.cssSelector(".citations a"));
    assertEquals(1, links.size(), message.getText());
    WebElement link = links.get(0);
    assertEquals(URL, link.getDomAttribute("href"));
    assertEquals("noopener noreferrer", link.getDomAttribute("rel"));
    assertEquals("[1] Gift wrapping", link.getText());
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + staff.node.httpPort() + path;
  }

  private void await(String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).withMessage(what).ignoring(StaleElementReferenceException.class).until(condition::apply);
  }
}
