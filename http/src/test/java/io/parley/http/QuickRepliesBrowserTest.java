package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.persistence.testing.TestH2;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

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
  private final WidgetOnSite page = new WidgetOnSite(browser, WAIT);
  @AutoClose private FakeChatCompletionsServer model;
  @AutoClose private ParleyNode node;
  private HttpServer site;

  @BeforeEach
  void start() throws Exception {
    model = FakeChatCompletionsServer.start(FakeChatCompletionsServer::echo);
    site = WidgetOnSite.servePage(KEY, () -> node.httpPort());
    node = ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.of(model.baseUrl()),
        WidgetOnSite.tenantsAllowing(KEY, siteOrigin())));
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
    page.await("the launcher", b -> page.widget().findElement(By.cssSelector(".launcher")).isDisplayed());
    page.widget().findElement(By.cssSelector(".launcher")).click();
    page.await("the greeting's options", b -> buttons().size() == 2);
    assertEquals(List.of("Track my order", "Return an item"), buttons().stream().map(WebElement::getText).toList());
    WebElement group = page.widget().findElement(By.cssSelector(".replies"));
    assertEquals("group", group.getDomAttribute("role"));
    assertEquals("Suggested replies", group.getDomAttribute("aria-label"));
    assertEquals(List.of(), Axe.seriousViolations(browser), "the widget with the buttons");

    model.enqueue(Reply.toolCalls(new ToolCall("call-1", "suggest_replies",
        "{\"options\": [{\"label\": \"Change the address\", \"value\": \"Please change the delivery address\"},"
            + " {\"label\": \"That's all\", \"value\": \"That's all, thanks\"}]}"))
        .withText("Order A-1 is on its way."));
    buttons().get(0).click();
    page.await("the tap sent as the customer's message", b -> page.customerTexts().equals(List.of("Where is my order A-1?")));
    assertFalse(buttons().stream().anyMatch(b -> b.getText().equals("Track my order")), "the greeting's buttons go with the tap");
    page.await("the answer's own options", b -> buttons().stream().map(WebElement::getText).toList()
        .equals(List.of("Change the address", "That's all")));
    assertTrue(page.answers().contains("Order A-1 is on its way."), page.answers().toString());
    assertEquals("Where is my order A-1?", model.requests().stream().filter(r -> r.stream())
        .map(r -> r.lastUserMessage()).findFirst().orElseThrow());

    // From the keyboard: the button takes the focus, Enter presses it.
    buttons().get(1).sendKeys(Keys.ENTER);
    page.await("the second tap sent", b -> page.customerTexts().equals(List.of("Where is my order A-1?", "That's all, thanks")));
    page.await("its answer", b -> page.answers().size() == 3);
    assertTrue(page.widget().findElements(By.cssSelector(".replies button")).isEmpty(), "the echo's answer offers nothing");

    browser.navigate().refresh();
    page.await("the conversation again, the panel still open", b -> page.customerTexts().size() == 2 && page.answers().size() == 3);
    assertTrue(buttons().isEmpty(), "options the customer answered stay gone after a reload");
  }

  private String siteOrigin() {
    return WidgetOnSite.origin(site);
  }


  private List<WebElement> buttons() {
    return page.widget().findElements(By.cssSelector(".replies:not([hidden]) button"));
  }




}
