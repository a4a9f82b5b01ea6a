package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.openqa.selenium.support.ui.Select;

/**
 * A form a tenant's MCP server asks the customer to fill in, in real Chromium: the MCP TypeScript SDK v2's server
 * (http/src/test/mcp-typescript) asks, in its replace_card call, for a delivery address; the widget on the company's
 * page draws it in the approval card, a labelled input per field (a text, a whole number, a choice, a yes or no),
 * marks what is missing in the conversation's words when confirmed empty, and sends the answers once filled in; the
 * server gets them, and the bot's answer reads the server's result with the street taken out. axe-core finds no
 * serious or critical violation with the form shown.
 */
class McpFormBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String KEY = "pk_acme_card_forms";

  @RegisterExtension static final TypeScriptMcpServer shop = new TypeScriptMcpServer();
  @TempDir Path dataDir;
  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final WebDriver browser = chromium.browser();
  private final WidgetOnSite page = new WidgetOnSite(browser, WAIT);
  @AutoClose private FakeChatCompletionsServer model;
  private HttpServer site;
  @AutoClose private ParleyNode node;

  @BeforeEach
  void start() throws Exception {
    model = FakeChatCompletionsServer.start(TenantToolsEndToEndTest::answerFromLastResult);
    site = WidgetOnSite.servePage(KEY, () -> node.httpPort());
    node = ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.of(model.baseUrl()),
        WidgetOnSite.tenantsAllowing(KEY, WidgetOnSite.origin(site))));
    HttpResponse<String> saved = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=acme",
        "{\"config\": {\"mcpServers\": [{\"name\": \"shop\", \"url\": \"http://127.0.0.1:" + shop.port() + "/mcp\"}]}}");
    assertEquals(200, saved.statusCode(), saved.body());
  }

  @AfterEach
  void stopSite() {
    if (site != null) site.stop(0);
  }

  @Test
  void theCustomerFillsInTheServersFormInTheWidget() throws Exception {
    page.open(WidgetOnSite.origin(site) + "/");
    model.enqueue(Reply.toolCalls(new ToolCall("call-1", "shop_replace_card", "{\"card\": \"debit\"}")));
    say("My debit card broke, please send a new one");
    page.await("the form in the approval card",
        b -> !page.widget().findElements(By.cssSelector(".approval .approval__form")).isEmpty());
    WebElement card = page.widget().findElement(By.cssSelector(".approval"));
    assertTrue(card.getText().contains("To go on, please fill in:"), card.getText());
    assertTrue(card.getText().contains("Where should we send the new card?"), card.getText());
    assertTrue(card.getText().contains("Street and number *"), card.getText());
    assertTrue(card.getText().contains("Delivery time *"), card.getText());
    assertEquals(List.of(), Axe.seriousViolations(browser), "the widget with the form");

    card.findElement(By.cssSelector("button.confirm")).click();
    page.await("what is missing marked", b -> field("street").getDomAttribute("aria-invalid") != null);
    assertTrue(card.getText().contains("Please fill this in."), card.getText());
    assertTrue(card.getText().contains("Please check the marked fields."), card.getText());

    field("street").sendKeys("Baker Street 221b");
    field("floor").sendKeys("2");
    new Select(field("slot")).selectByValue("pm");
    field("signature").click();
    card.findElement(By.cssSelector("button.confirm")).click();
    page.await("the answer with the server's result",
        b -> page.answers().stream().anyMatch(a -> a.contains("New debit card sent to [street], floor 2, in the pm")));
    page.await("the card gone", b -> page.widget().findElements(By.cssSelector(".approval")).isEmpty());
    String served = shop.logged("answer").getLast().toString();
    assertTrue(served.contains("\"street\":\"Baker Street 221b\"") && served.contains("\"signature\":true"), served);
  }

  private WebElement field(String name) {
    return page.widget().findElement(By.cssSelector(".approval__field [name='" + name + "']"));
  }

  private void say(String text) {
    page.widget().findElement(By.cssSelector(".composer textarea")).sendKeys(text, Keys.ENTER);
  }
}
