package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console's Tools view in a real headless Chromium against a node on PostgreSQL: a company
 * adds its MCP server (built with the MCP Java SDK, behind a bearer token), tests the connection
 * (wrong credentials refused beside the button, then the server's tools with their schemas), chooses
 * the tools and who approves one of them, saves into the draft, sees the entry with its secret only
 * as "set" and its tools' figures and breakers; tries it again without retyping the secret; an
 * address on a private network is refused beside the button; removing the server asks first; and
 * axe finds nothing serious in light and in dark. Its screenshot is {@code admin-console-tools-dark.png}.
 */
class AdminToolsBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "acme";
  private static final String TOKEN = "mcp-token-browser-93ad";
  private static JavaMcpServer orders;

  @RegisterExtension static final RunningNode node = RunningNode.offline(Map.of(
      "parley.outbound.allowed-networks", "127.0.0.0/8"));
  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final ChromeDriver browser = chromium.browser();

  @BeforeAll
  static void startServer() throws Exception {
    orders = JavaMcpServer.withToken(TOKEN);
  }

  @AfterAll
  static void stopServer() throws Exception {
    orders.close();
  }

  @Test
  void aCompanyAddsItsMcpServerTestsItChoosesApprovalsAndSavesItIntoTheDraft() throws Exception {
    AdminConsolePage.signInAsAdmin(browser, node.httpPort(), TENANT);
    view("tools");
    await("no tools yet", b -> b.findElement(By.id("tools-entries")).getText().contains("None yet"));
    await("the figures", b -> !b.findElements(By.cssSelector("#tools-figures tbody tr")).isEmpty());
    assertNoSeriousViolationInLightAndDark();

    // Wrong credentials: the server's refusal, beside the button that asked.
    browser.findElement(By.id("tools-add-mcp")).click();
    await("the form", b -> b.findElement(By.id("tool-form")).isDisplayed());
    assertFalse(browser.findElement(By.id("tool-http-fields")).isDisplayed());
    browser.findElement(By.id("tool-name")).sendKeys("orders");
    browser.findElement(By.id("tool-url")).sendKeys(orders.url().toString());
    new Select(browser.findElement(By.id("tool-auth"))).selectByValue("bearer");
    browser.findElement(By.id("tool-token")).sendKeys("wrong");
    browser.findElement(By.id("tool-test")).click();
    await("refused beside the test", b -> refusalBeside("tool-test").startsWith("Refused: could not list the tools of "
        + orders.url()));
    assertFalse(browser.findElement(By.id("refusal")).isDisplayed(), "not at the top of the page");

    // The right token: the server's tools, each with its schema.
    browser.findElement(By.id("tool-token")).clear();
    browser.findElement(By.id("tool-token")).sendKeys(TOKEN);
    browser.findElement(By.id("tool-test")).click();
    await("the server's tools", b -> b.findElements(By.cssSelector("#tool-test-tools li[data-tool]")).size() == 6);
    assertEquals("", refusalBeside("tool-test"));
    assertTrue(browser.findElement(By.id("tool-test-status")).getText().contains("offers 6 tools"));
    WebElement orderStatus = tool("order_status");
    assertTrue(orderStatus.getText().startsWith("orders_order_status"), orderStatus.getText());
    orderStatus.findElement(By.tagName("summary")).click();
    assertTrue(orderStatus.findElement(By.tagName("pre")).getText().contains("\"order\""), "its schema");

    // Only the tools it needs, one approved by the customer, one by an agent with a shorter timeout.
    tool("dying").findElement(By.cssSelector(".tool__offer")).click();
    tool("slow").findElement(By.cssSelector(".tool__offer")).click();
    new Select(orderStatus.findElement(By.cssSelector(".tool__approval"))).selectByValue("customer");
    new Select(tool("broken").findElement(By.cssSelector(".tool__approval"))).selectByValue("agent");
    tool("broken").findElement(By.cssSelector(".tool__timeout")).sendKeys("2000");
    tool("long_text").findElement(By.cssSelector(".tool__procedure-only")).click();
    assertNoSeriousViolationInLightAndDark();
    TestChromium.colourScheme(browser, "dark");
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target/admin-console-tools-dark.png"), browser.getScreenshotAs(OutputType.BYTES));
    TestChromium.colourScheme(browser, "light");
    browser.findElement(By.id("tool-save")).click();
    await("saved", b -> b.findElement(By.id("tools-status")).getText().equals("MCP server orders saved into draft 1."));
    assertFalse(browser.findElement(By.id("tool-form")).isDisplayed());
    WebElement row = browser.findElement(By.cssSelector("#tools-entries tr[data-entry='mcp:orders']"));
    assertTrue(row.getText().contains("Bearer token: set"), row.getText());
    assertTrue(row.getText().contains("Nobody; The customer for order_status; An agent for broken"), row.getText());
    assertFalse(browser.getPageSource().contains(TOKEN), "the secret is never in the page once saved");

    JsonNode draft = JSON.readTree(admin("GET", "/v1/config/draft").body()).get("config").at("/mcpServers/0");
    assertEquals(JSON.readTree("{\"type\": \"bearer\", \"token\": {\"set\": true}}"), draft.get("auth"));
    assertEquals(JSON.readTree("[{\"name\": \"order_status\", \"approval\": \"customer\"}, {\"name\": \"long_text\", \"procedureOnly\": true},"
        + " {\"name\": \"broken\", \"timeoutMs\": 2000, \"approval\": \"agent\"}, {\"name\": \"refusing\"}]"),
        draft.get("tools"), draft.toString());

    // Its tools' figures and breakers, as the draft offers them; the node's own marked as such.
    await("the figures of its tools", b -> !b.findElements(By.cssSelector("#tools-figures tr[data-tool='orders_order_status']")).isEmpty());
    WebElement figures = browser.findElement(By.cssSelector("#tools-figures tr[data-tool='orders_order_status']"));
    assertEquals("closed", figures.getAttribute("data-breaker"));
    assertTrue(figures.getText().contains("MCP server orders") && figures.getText().contains("draft"), figures.getText());
    assertTrue(browser.findElements(By.cssSelector("#tools-figures tr[data-tool='orders_dying']")).isEmpty(), "not offered");

    // Edited again without retyping the token: the draft's is used to test it.
    row.findElement(By.cssSelector("button.edit")).click();
    await("the form again", b -> b.findElement(By.id("tool-form")).isDisplayed());
    assertEquals("", browser.findElement(By.id("tool-token")).getAttribute("value"));
    assertTrue(browser.findElement(By.id("tool-token-hint")).getText().startsWith("(set: leave empty to keep it"));
    browser.findElement(By.id("tool-test")).click();
    await("tested with the kept token", b -> b.findElements(By.cssSelector("#tool-test-tools li[data-tool]")).size() == 6);
    assertFalse(tool("dying").findElement(By.cssSelector(".tool__offer")).isSelected(), "as the draft chose");
    browser.findElement(By.id("tool-cancel")).click();

    // An HTTP tool on a private network: refused before anything is sent, naming the field.
    browser.findElement(By.id("tools-add-http")).click();
    browser.findElement(By.id("tool-name")).sendKeys("refund");
    browser.findElement(By.id("tool-url")).sendKeys("http://10.0.0.1/refund");
    browser.findElement(By.id("tool-description")).sendKeys("Start a refund");
    browser.findElement(By.id("tool-test")).click();
    await("refused beside the test", b -> refusalBeside("tool-test").startsWith("Refused: the entry has 1 problem(s)"));
    assertTrue(browser.findElement(By.id("tool-problems")).getText().contains("httpTool.url: 10.0.0.1 is private-use"),
        browser.findElement(By.id("tool-problems")).getText());

    // On the company's own address, called only by procedures' tool steps: saved with its flag.
    browser.findElement(By.id("tool-url")).clear();
    browser.findElement(By.id("tool-url")).sendKeys(orders.url() + "/refund");
    browser.findElement(By.id("tool-procedure-only")).click();
    browser.findElement(By.id("tool-save")).click();
    await("the HTTP tool saved", b -> b.findElement(By.id("tools-status")).getText().equals("HTTP tool refund saved into draft 2."));
    JsonNode refund = JSON.readTree(admin("GET", "/v1/config/draft").body()).get("config").at("/httpTools/0");
    assertTrue(refund.path("procedureOnly").asBoolean(), refund.toString());
    browser.findElement(By.cssSelector("#tools-entries tr[data-entry='http:refund'] button.edit")).click();
    await("the form again", b -> b.findElement(By.id("tool-form")).isDisplayed());
    assertTrue(browser.findElement(By.id("tool-procedure-only")).isSelected(), "the flag as saved");
    browser.findElement(By.id("tool-cancel")).click();

    // Removing asks first; Cancel keeps it.
    By remove = By.cssSelector("#tools-entries tr[data-entry='mcp:orders'] button.remove");
    browser.findElement(remove).click();
    await("asked", b -> b.findElement(By.id("confirm-title")).getText().startsWith("Remove the MCP server orders from the draft?"));
    assertNoSeriousViolationInLightAndDark();
    browser.findElement(By.id("confirm-no")).click();
    assertFalse(browser.findElements(remove).isEmpty(), "still there");
    browser.findElement(remove).click();
    await("asked", b -> b.findElement(By.id("confirm")).isDisplayed());
    browser.findElement(By.id("confirm-yes")).click();
    await("removed", b -> b.findElement(By.id("tools-status")).getText().equals("MCP server orders removed from draft 3."));
    assertTrue(JSON.readTree(admin("GET", "/v1/config/draft").body()).get("config").path("mcpServers").isEmpty());
  }

  private WebElement tool(String name) {
    return browser.findElement(By.cssSelector("#tool-test-tools li[data-tool='" + name + "']"));
  }

  private void assertNoSeriousViolationInLightAndDark() {
    for (String scheme : List.of("light", "dark")) {
      TestChromium.colourScheme(browser, scheme);
      assertEquals(List.of(), Axe.seriousViolations(browser), scheme);
    }
    TestChromium.colourScheme(browser, "light");
  }

  private String refusalBeside(String control) {
    List<WebElement> refusals = browser.findElements(By.cssSelector("[data-refusal-for='" + control + "']"));
    return refusals.isEmpty() ? "" : refusals.get(0).getText();
  }

  private void view(String name) {
    browser.findElement(By.cssSelector("[data-view='" + name + "']")).click();
    await(name + " shown", b -> b.findElement(By.id("view-" + name)).isDisplayed()
        && (name + "-title").equals(b.switchTo().activeElement().getAttribute("id")));
  }

  private HttpResponse<String> admin(String method, String path) throws Exception {
    return TestIdentity.asAdmin(node.httpPort(), method, path + "?tenant=" + TENANT, null);
  }

  private void await(String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).withMessage(what).until(condition::apply);
  }
}
