package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.persistence.DatabaseSettings;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Replies to tap in the widget on a company's page, in real Chromium on a real node with a fake
 * model: the configured greeting shows its options as buttons before there is a conversation; a tap
 * sends the option's value as the customer's message and the buttons go; the model's suggested
 * replies come as buttons under its answer, pressed from the keyboard; after a reload, options the
 * customer already answered stay gone. axe-core finds no serious or critical violation with the
 * buttons shown.
 */
class QuickRepliesBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String KEY = "pk_acme_quick_replies";

  @TempDir Path dataDir;
  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final WebDriver browser = chromium.browser();
  @AutoClose private FakeChatCompletionsServer model;
  @AutoClose private ParleyNode node;
  private HttpServer site;

  @BeforeEach
  void start() throws Exception {
    model = FakeChatCompletionsServer.start(FakeChatCompletionsServer::echo);
    site = TestSite.serve(Map.of("/", () -> "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<title>Acme orders</title><script src=\"http://localhost:" + node.httpPort() + "/widget.js\" data-tenant=\"acme\""
        + " data-key=\"" + KEY + "\" async></script></head><body><main><h1>Acme orders</h1></main></body></html>"));
    ObjectNode tenants = (ObjectNode) new ObjectMapper().readTree(TestIdentity.tenantsJson());
    ((ObjectNode) tenants.get("acme")).put("publishableKey", KEY).putArray("allowedOrigins").add(siteOrigin());
    node = ParleyNode.start(TestNode.config(DatabaseSettings.h2(dataDir), Optional.of(model.baseUrl()),
        Map.of("parley.identity.tenants", tenants.toString())));
    HttpResponse<String> published = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=acme", """
        {"config": {"greeting": "Hi! What can I do for you?", "suggestReplies": true,
                    "greetingOptions": [{"label": "Track my order", "value": "Where is my order A-1?"},
                                        {"label": "Return an item"}]}}
        """);
    assertEquals(200, published.statusCode(), published.body());
  }

  @AfterEach
  void stopSite() {
    if (site != null) site.stop(0);
  }

  @Test
  void theGreetingsOptionsAreButtonsATapSendsTheValueAndTheButtonsGo() throws Exception {
    browser.get(siteOrigin() + "/");
    await("the launcher", b -> widget().findElement(By.cssSelector(".launcher")).isDisplayed());
    widget().findElement(By.cssSelector(".launcher")).click();
    await("the greeting's options", b -> buttons().size() == 2);
    assertEquals(List.of("Track my order", "Return an item"), buttons().stream().map(WebElement::getText).toList());
    WebElement group = widget().findElement(By.cssSelector(".replies"));
    assertEquals("group", group.getDomAttribute("role"));
    assertEquals("Suggested replies", group.getDomAttribute("aria-label"));
    assertEquals(List.of(), Axe.seriousViolations(browser), "the widget with the buttons");

    model.enqueue(Reply.toolCalls(new ToolCall("call-1", "suggest_replies",
        "{\"options\": [{\"label\": \"Change the address\", \"value\": \"Please change the delivery address\"},"
            + " {\"label\": \"That's all\", \"value\": \"That's all, thanks\"}]}"))
        .withText("Order A-1 is on its way."));
    buttons().get(0).click();
    await("the tap sent as the customer's message", b -> customerTexts().equals(List.of("Where is my order A-1?")));
    assertFalse(buttons().stream().anyMatch(b -> b.getText().equals("Track my order")), "the greeting's buttons go with the tap");
    await("the answer's own options", b -> buttons().stream().map(WebElement::getText).toList()
        .equals(List.of("Change the address", "That's all")));
    assertTrue(answers().contains("Order A-1 is on its way."), answers().toString());
    assertEquals("Where is my order A-1?", model.requests().stream().filter(r -> r.stream())
        .map(r -> r.lastUserMessage()).findFirst().orElseThrow());

    // From the keyboard: the button takes the focus, Enter presses it.
    buttons().get(1).sendKeys(Keys.ENTER);
    await("the second tap sent", b -> customerTexts().equals(List.of("Where is my order A-1?", "That's all, thanks")));
    await("its answer", b -> answers().size() == 3);
    assertTrue(widget().findElements(By.cssSelector(".replies button")).isEmpty(), "the echo's answer offers nothing");

    browser.navigate().refresh();
    await("the conversation again, the panel still open", b -> customerTexts().size() == 2 && answers().size() == 3);
    assertTrue(buttons().isEmpty(), "options the customer answered stay gone after a reload");
  }

  private String siteOrigin() {
    return "http://127.0.0.1:" + site.getAddress().getPort();
  }

  private SearchContext widget() {
    return browser.findElement(By.cssSelector("parley-widget")).getShadowRoot();
  }

  private List<WebElement> buttons() {
    return widget().findElements(By.cssSelector(".replies:not([hidden]) button"));
  }

  private List<String> customerTexts() {
    return texts(".log > li[data-role=user] .text");
  }

  private List<String> answers() {
    return texts(".log > li[data-role=assistant][data-final] .text");
  }

  private List<String> texts(String selector) {
    return widget().findElements(By.cssSelector(selector)).stream().map(e -> e.getDomProperty("textContent")).toList();
  }

  private void await(String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).withMessage(what).ignoring(NoSuchElementException.class)
        // The log is drawn anew as messages arrive: an element read meanwhile is read again at the next poll.
        .ignoring(StaleElementReferenceException.class).until(condition::apply);
  }
}
