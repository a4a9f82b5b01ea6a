package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.testing.LoopbackHttpServers;
import io.parley.persistence.DatabaseSettings;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

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
  private static final Path SOURCES = Path.of("src/test/mcp-typescript");
  private static final Path WORK = Path.of("target/mcp-typescript");
  private static NodeServer shop;

  @TempDir Path dataDir;
  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final WebDriver browser = chromium.browser();
  @AutoClose private FakeChatCompletionsServer model;
  private HttpServer site;
  @AutoClose private ParleyNode node;

  @BeforeAll
  static void startShop() throws Exception {
    NodeTool.requireNodeAndNpm("run an MCP server of the TypeScript SDK");
    NodeTool.installPinned(SOURCES, WORK, List.of("package.json", "package-lock.json", "server.mjs"),
        "@modelcontextprotocol/server");
    shop = NodeServer.start("the TypeScript SDK's server", WORK, List.of("node", "server.mjs"));
  }

  @AfterAll
  static void stopShop() throws InterruptedException {
    if (shop != null) shop.close();
  }

  @BeforeEach
  void start() throws Exception {
    model = FakeChatCompletionsServer.start(TenantToolsEndToEndTest::answerFromLastResult);
    site = LoopbackHttpServers.create();
    node = ParleyNode.start(TestNode.config(DatabaseSettings.h2(dataDir), Optional.of(model.baseUrl()),
        WidgetOnSite.tenantsAllowing(KEY, WidgetOnSite.origin(site))));
    servePage();
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
    openWidget();
    model.enqueue(Reply.toolCalls(new ToolCall("call-1", "shop_replace_card", "{\"card\": \"debit\"}")));
    say("My debit card broke, please send a new one");
    await("the form in the approval card", b -> !widget().findElements(By.cssSelector(".approval .approval__form")).isEmpty());
    WebElement card = widget().findElement(By.cssSelector(".approval"));
    assertTrue(card.getText().contains("To go on, please fill in:"), card.getText());
    assertTrue(card.getText().contains("Where should we send the new card?"), card.getText());
    assertTrue(card.getText().contains("Street and number *"), card.getText());
    assertTrue(card.getText().contains("Delivery time *"), card.getText());
    assertEquals(List.of(), Axe.seriousViolations(browser), "the widget with the form");

    card.findElement(By.cssSelector("button.confirm")).click();
    await("what is missing marked", b -> field("street").getDomAttribute("aria-invalid") != null);
    assertTrue(card.getText().contains("Please fill this in."), card.getText());
    assertTrue(card.getText().contains("Please check the marked fields."), card.getText());

    field("street").sendKeys("Baker Street 221b");
    field("floor").sendKeys("2");
    new Select(field("slot")).selectByValue("pm");
    field("signature").click();
    card.findElement(By.cssSelector("button.confirm")).click();
    await("the answer with the server's result",
        b -> answers().stream().anyMatch(a -> a.contains("New debit card sent to [street], floor 2, in the pm")));
    await("the card gone", b -> widget().findElements(By.cssSelector(".approval")).isEmpty());
    String served = Files.readAllLines(shop.log()).stream().filter(line -> line.startsWith("answer ")).toList().getLast();
    assertTrue(served.contains("\"street\":\"Baker Street 221b\"") && served.contains("\"signature\":true"), served);
  }

  private WebElement field(String name) {
    return widget().findElement(By.cssSelector(".approval__field [name='" + name + "']"));
  }

  /** The company's page on another origin than the node's, embedding the widget with the tenant's publishable key. */
  private void servePage() {
    byte[] page = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Acme cards</title>"
        + "<script src=\"http://localhost:" + node.httpPort() + "/widget.js\" data-tenant=\"acme\" data-key=\"" + KEY
        + "\" async></script></head><body><main><h1>Acme cards</h1></main></body></html>").getBytes(StandardCharsets.UTF_8);
    site.createContext("/", exchange -> {
      exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, page.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(page);
      }
    });
    site.start();
  }

  private void openWidget() {
    browser.get(WidgetOnSite.origin(site) + "/");
    await("the launcher", b -> widget().findElement(By.cssSelector(".launcher")).isDisplayed());
    widget().findElement(By.cssSelector(".launcher")).click();
    await("the widget ready", b -> List.of("idle", "open").contains(
        browser.findElement(By.cssSelector("parley-widget")).getAttribute("data-state")));
  }

  private SearchContext widget() {
    return browser.findElement(By.cssSelector("parley-widget")).getShadowRoot();
  }

  private void say(String text) {
    widget().findElement(By.cssSelector(".composer textarea")).sendKeys(text, Keys.ENTER);
  }

  private List<String> answers() {
    return widget().findElements(By.cssSelector(".log > li[data-role=assistant][data-final] .text")).stream()
        .map(answer -> answer.getDomProperty("textContent")).toList();
  }

  private void await(String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).withMessage(what).ignoring(NoSuchElementException.class).until(condition::apply);
  }
}
