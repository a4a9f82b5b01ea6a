package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A company's first hour in the admin console, in a real headless Chromium against a node on
 * PostgreSQL: the Install view gives the widget's tag with the tenant's publishable key and its
 * allowed sites, and checks pages of the company's site (a server on this machine, which the node
 * may reach: its outbound policy allows loopback here) for the tag, its organisation and its key,
 * and refuses to fetch a private address; the bot's settings come in sections by task, with one
 * greeting and no environment variable's name; publish, rollback and revoking a key ask first and
 * show what they change; refusals appear beside the control that caused them; the history names
 * the admin signed in with their password, the audit log the key that made another; the overview's
 * charts have axes with units, tooltips and definitions; loading the console asks for nothing that
 * is not there (no 404); and axe finds nothing serious in light and in dark.
 */
class AdminConsoleFirstHourBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "acme";
  private static final String KEY = "pk_acme_first_hour";
  private static final String TAG = "<script src=\"https://support.acme.example/widget.js\" data-tenant=\"acme\" data-key=\"%s\" async></script>";
  /** The company's site: a page with the widget's tag, one with another key, one with none. */
  // Served for the fork's whole life: a failed test's rerun runs in this JVM after the class's
  // @AfterAll, where a static site once stopped would stay stopped.
  private static final HttpServer SITE = TestSite.serve(Map.of(
      "/help", () -> "<!doctype html><title>Help</title>" + TAG.formatted(KEY),
      "/old", () -> "<!doctype html><title>Old</title>" + TAG.formatted("pk_acme_retired"),
      "/bare", () -> "<!doctype html><title>Bare</title><p>No chat here."));
  private static final String SITE_ORIGIN = "http://127.0.0.1:" + SITE.getAddress().getPort();

  @RegisterExtension static final RunningNode node = RunningNode.offline(Map.of(
      "parley.identity.tenants", tenants(), "parley.outbound.allowed-networks", "127.0.0.0/8"));
  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final ChromeDriver browser = chromium.browser();


  @Test
  void aCompanyInstallsTheWidgetSetsUpItsBotAndReadsItsFigures() throws Exception {
    String admin = AdminConsolePage.signInAsAdmin(browser, node.httpPort(), TENANT);
    await("the form drawn", b -> !b.findElements(By.cssSelector("#draft-form-fields section")).isEmpty());
    assertEquals(List.of(), failedRequests(), "nothing published and no draft yet is no error");

    // The bot's settings by task, widget first, one greeting, in a company's words.
    assertEquals(List.of("Widget and greeting", "Assistant and instructions", "Knowledge", "Tools", "Handoff", "Voice",
        "Limits", "Advanced"), texts("#draft-form-fields section > h4"));
    assertEquals(List.of("Greeting"), browser.findElements(By.cssSelector("#draft-form-fields label")).stream()
        .map(WebElement::getText).filter(label -> label.toLowerCase().contains("greeting")).toList());
    assertFalse(browser.findElement(By.id("draft-form-fields")).getText().contains("PARLEY_"));
    assertEquals("Widget and greeting", browser.findElement(By.cssSelector("[data-path='greeting']"))
        .findElement(By.xpath("./ancestor::section[@data-section][1]")).getAttribute("data-section"));
    browser.findElement(By.cssSelector("[data-path='greeting']")).sendKeys("Hello from Acme.");
    browser.findElement(By.cssSelector("[data-path='widget.accentColor']")).sendKeys("#0a7f5a");
    assertTrue(browser.findElement(By.id("draft-editor")).getAttribute("value").contains("\"greeting\": \"Hello from Acme.\""));
    // Procedures are built as cards in the Tools section (ProcedureEditorBrowserTest); the last removed, they are unset again.
    WebElement procedures = browser.findElement(By.cssSelector("[data-field='procedures']"));
    assertEquals("Tools", procedures.findElement(By.xpath("./ancestor::section[@data-section][1]")).getAttribute("data-section"));
    ((JavascriptExecutor) browser).executeScript("document.getElementById('procedures-add').click()");
    await("a procedure added", b -> b.findElement(By.id("draft-editor")).getAttribute("value").contains("\"say\": \"\""));
    ((JavascriptExecutor) browser).executeScript("document.querySelector('[aria-label=\"Remove procedure procedure_1\"]').click()");
    assertFalse(browser.findElement(By.id("draft-editor")).getAttribute("value").contains("procedures"));

    // Publishing asks first, with what it changes; Cancel publishes nothing.
    browser.findElement(By.id("publish")).click();
    await("asked", b -> b.findElement(By.id("confirm")).isDisplayed());
    assertEquals("Publish the draft? New conversations run on it at once.", browser.findElement(By.id("confirm-title")).getText());
    assertTrue(texts("#confirm-diff .diff__added").stream().anyMatch(line -> line.contains("Hello from Acme.")));
    assertEquals(List.of(), Axe.seriousViolations(browser), "the dialog");
    browser.findElement(By.id("confirm-no")).click();
    assertEquals(404, admin("GET", "/v1/config").statusCode(), "nothing published");
    browser.findElement(By.id("publish")).click();
    confirm();
    await("published", b -> b.findElement(By.id("draft-status")).getText().equals("Published as version 1."));
    await("the history names the admin", b -> b.findElement(By.id("history")).getText().contains(admin));
    assertTrue(browser.findElement(By.id("live-summary")).getText().contains("by " + admin));

    // A rollback shows, before it happens, both the lines it removes and those it brings back.
    assertEquals(200, admin("PUT", "/v1/config", "{\"config\": {\"greeting\": \"Welcome back.\"}}").statusCode());
    view("bot");
    assertFalse(browser.findElement(By.id("diff-box")).isDisplayed(), "no empty box before a comparison");
    browser.findElement(By.cssSelector("#history li[data-version='1'] button.rollback")).click();
    await("asked", b -> b.findElement(By.id("confirm")).isDisplayed());
    assertTrue(texts("#confirm-diff .diff__removed").stream().anyMatch(line -> line.contains("Welcome back.")));
    assertTrue(texts("#confirm-diff .diff__added").stream().anyMatch(line -> line.contains("Hello from Acme.")));
    assertDiffReadable();
    confirm();
    await("rolled back", b -> b.findElement(By.id("draft-status")).getText().equals("Version 1 is live again, as version 3."));

    // Install: the tag with the tenant's key, the allowed site, and pages checked.
    view("install");
    String tag = browser.findElement(By.id("install-tag")).getAttribute("value");
    assertEquals("<script src=\"" + url("") + "/widget.js\" data-tenant=\"acme\" data-key=\"" + KEY + "\" async></script>", tag);
    assertEquals(List.of(SITE_ORIGIN), texts("#install-origins li"));
    browser.findElement(By.id("install-copy")).click();
    await("copied, or selected for copying", b -> !b.findElement(By.id("install-copy-status")).getText().isEmpty());
    assertEquals(List.of(true, true, true, true, true), check(SITE_ORIGIN + "/help"));
    assertEquals(List.of(true, true, true, true, false), check(SITE_ORIGIN + "/old"), "another key");
    assertTrue(reportText().contains("none of your public keys"), reportText());
    assertEquals(List.of(true, true, false), check(SITE_ORIGIN + "/bare"));
    String elsewhere = "http://localhost:" + SITE.getAddress().getPort() + "/help";
    assertEquals(List.of(false, true, true, true, true), check(elsewhere), "a site not allowed, with the right tag");
    assertTrue(reportText().contains("http://localhost:" + SITE.getAddress().getPort() + " is not among the sites allowed"), reportText());
    assertEquals(List.of(false, false), check("http://10.0.0.1/help"), "a private address, neither allowed nor fetched");
    assertTrue(reportText().contains("could not be fetched: the node may not connect there"), reportText());
    // An address that is no web page's: refused by the server, in its words, beside the button.
    ((JavascriptExecutor) browser).executeScript("document.getElementById('install-url').value = 'ftp://files.acme.example/help'");
    browser.findElement(By.id("install-check-button")).click();
    await("refused beside the check", b -> refusalBeside("install-check-button").startsWith("Refused: url must be the address of a page"));
    assertFalse(browser.findElement(By.id("refusal")).isDisplayed(), "not at the top of the page");
    assertNoSeriousViolationInLightAndDark();

    // A refused search clears what the search before found, and says so beside its button.
    assertEquals(201, admin("POST", "/v1/kb/documents",
        "{\"title\": \"Returns\", \"format\": \"text\", \"content\": \"Lamps are refunded within 30 days.\"}").statusCode());
    view("kb");
    browser.findElement(By.id("kb-query")).sendKeys("refund", Keys.ENTER);
    await("found", b -> b.findElement(By.id("kb-hits")).getText().contains("refunded"));
    browser.findElement(By.id("kb-query")).clear();
    browser.findElement(By.id("kb-query")).sendKeys("   ", Keys.ENTER);
    await("refused beside the search", b -> refusalBeside("kb-search-button").equals("Refused: missing query parameter: q"));
    assertEquals("", browser.findElement(By.id("kb-hits")).getText(), "no stale results");

    // Revoking a key asks first; Cancel keeps it.
    assertEquals(201, admin("POST", "/v1/keys", "{\"name\": \"crm\", \"roles\": [\"agent\"]}").statusCode());
    view("keys");
    By revoke = By.cssSelector("#keys li[data-active='true'] button.revoke");
    await("listed", b -> !b.findElements(revoke).isEmpty());
    browser.findElement(revoke).click();
    await("asked", b -> b.findElement(By.id("confirm-title")).getText().startsWith("Revoke the key crm?"));
    browser.findElement(By.id("confirm-no")).click();
    assertFalse(browser.findElements(revoke).isEmpty(), "still active");
    browser.findElement(revoke).click();
    confirm();
    await("revoked", b -> !b.findElements(By.cssSelector("#keys li[data-active='false']")).isEmpty());
    view("audit");
    await("the audit log names the key", b -> b.findElement(By.id("audit")).getText().contains("API key \"test-admin\""));
    assertFalse(browser.findElement(By.id("audit")).getText().contains("key:test-admin"));

    // The overview: charts with axes, units, shared scales, tooltips and definitions.
    view("overview");
    await("the charts", b -> b.findElements(By.cssSelector("#overview-charts .chart[role='img'] canvas")).size() == 7);
    assertTrue(browser.findElement(By.id("overview-summary")).getText().contains("closed conversations only"));
    assertEquals("Up: percent, 0 % to 100 %.", axesOf("containment").replaceFirst(" Along:.*", ""));
    assertEquals("Up: percent, 0 % to 100 %.", axesOf("handoff-rate").replaceFirst(" Along:.*", ""));
    assertEquals(axesOf("first-response-median").replaceFirst(" Along:.*", ""), axesOf("first-response-p90").replaceFirst(" Along:.*", ""));
    assertTrue(axesOf("conversations").contains("Along: hours, "), axesOf("conversations"));
    for (String figure : List.of("conversations", "containment", "cost")) {
      assertTrue(inkedLeftOfPlot(figure) > 20, "the vertical axis's values are drawn: " + figure);
    }
    WebElement plot = browser.findElement(By.cssSelector("figure[data-figure='conversations'] .u-over"));
    new Actions(browser).moveToElement(plot).perform();
    WebElement tip = browser.findElement(By.cssSelector("figure[data-figure='conversations'] .chart__tooltip"));
    await("the tooltip", b -> tip.isDisplayed() && tip.getText().matches(".+: \\d+"));
    WebElement definition = browser.findElement(By.cssSelector("figure[data-figure='containment'] details"));
    definition.findElement(By.tagName("summary")).click();
    assertTrue(definition.getText().contains("still open"), definition.getText());
    assertTrue(definition.getText().contains("docs/analytics.md"), definition.getText());
    assertNoSeriousViolationInLightAndDark();
    TestChromium.colourScheme(browser, "dark");
    browser.findElement(By.id("overview-show")).click();
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target/admin-console-overview-dark.png"), browser.getScreenshotAs(OutputType.BYTES));
    TestChromium.colourScheme(browser, "light");

    // Loading the console again asks for nothing that is not there.
    assertEquals(200, admin("PUT", "/v1/config/draft", "{\"config\": {\"greeting\": \"Draft hello.\"}}").statusCode());
    browser.navigate().refresh();
    await("the draft shown", b -> b.findElement(By.id("draft-summary")).getText().startsWith("(draft "));
    assertEquals(List.of(), failedRequests());

    // An agent's key may neither read the tag's key nor make the node fetch a page.
    assertEquals(403, TestIdentity.call(node.httpPort(), "GET", "/v1/widget/install", "Bearer " + TestIdentity.agentKey(TENANT), null)
        .statusCode());
    assertEquals(403, TestIdentity.call(node.httpPort(), "POST", "/v1/widget/install/check", "Bearer " + TestIdentity.agentKey(TENANT),
        "{\"url\": \"" + SITE_ORIGIN + "/help\"}").statusCode());
  }

  /** The Install view's check of {@code page}: each line of its report, passed or not. */
  private List<Boolean> check(String page) {
    ((JavascriptExecutor) browser).executeScript("document.getElementById('install-report').replaceChildren()");
    WebElement field = browser.findElement(By.id("install-url"));
    field.clear();
    field.sendKeys(page, Keys.ENTER);
    await("the report of " + page, b -> reportText().contains(page.replaceFirst("^(https?://[^/]+).*", "$1")));
    return browser.findElements(By.cssSelector("#install-report li")).stream()
        .map(line -> Boolean.parseBoolean(line.getAttribute("data-passed"))).toList();
  }

  private String reportText() {
    return browser.findElement(By.id("install-report")).getText();
  }

  private String axesOf(String figure) {
    return browser.findElement(By.cssSelector("figure[data-figure='" + figure + "'] .chart__axes")).getText();
  }

  /** How many pixels uPlot drew left of the plot, where the vertical axis's values are. */
  private long inkedLeftOfPlot(String figure) {
    return (Long) ((JavascriptExecutor) browser).executeScript("""
        const chart = document.querySelector(`figure[data-figure='${arguments[0]}'] .chart`);
        const canvas = chart.querySelector('canvas');
        const left = chart.querySelector('.u-over').offsetLeft * devicePixelRatio;
        const pixels = canvas.getContext('2d').getImageData(0, 0, Math.max(1, Math.floor(left)), canvas.height).data;
        let inked = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
        return inked;""", figure);
  }

  /** Both kinds of line keep a contrast of at least 4.5 against their own background, in light and in dark. */
  private void assertDiffReadable() {
    for (String scheme : List.of("light", "dark")) {
      TestChromium.colourScheme(browser, scheme);
      assertEquals(List.of(), Axe.seriousViolations(browser), "the rollback's diff, " + scheme);
    }
    TestChromium.colourScheme(browser, "light");
  }

  private void assertNoSeriousViolationInLightAndDark() {
    for (String scheme : List.of("light", "dark")) {
      TestChromium.colourScheme(browser, scheme);
      assertEquals(List.of(), Axe.seriousViolations(browser), scheme);
    }
    TestChromium.colourScheme(browser, "light");
  }

  /** The requests of this page that the server answered with an error (a 404 for a draft there is none of). */
  @SuppressWarnings("unchecked")
  private List<String> failedRequests() {
    return (List<String>) ((JavascriptExecutor) browser).executeScript(
        "return performance.getEntriesByType('resource').filter((entry) => entry.responseStatus >= 400)"
            + ".map((entry) => entry.responseStatus + ' ' + entry.name)");
  }

  private void confirm() {
    await("asked", b -> b.findElement(By.id("confirm")).isDisplayed());
    browser.findElement(By.id("confirm-yes")).click();
    await("the dialog closed", b -> !b.findElement(By.id("confirm")).isDisplayed());
  }

  private String refusalBeside(String control) {
    List<WebElement> refusals = browser.findElements(By.cssSelector("[data-refusal-for='" + control + "']"));
    return refusals.isEmpty() ? "" : refusals.get(0).getText();
  }

  private List<String> texts(String css) {
    return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).map(String::strip).toList();
  }

  private void view(String name) {
    browser.findElement(By.cssSelector("[data-view='" + name + "']")).click();
    await(name + " shown", b -> b.findElement(By.id("view-" + name)).isDisplayed()
        && (name + "-title").equals(b.switchTo().activeElement().getAttribute("id")));
  }

  private HttpResponse<String> admin(String method, String path) throws Exception {
    return admin(method, path, null);
  }

  private HttpResponse<String> admin(String method, String path, String body) throws Exception {
    return TestIdentity.asAdmin(node.httpPort(), method, path + (path.contains("?") ? "&" : "?") + "tenant=" + TENANT, body);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + node.httpPort() + path;
  }

  private void await(String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).withMessage(what).until(condition::apply);
  }

  /** The test tenants, acme with a publishable key and the company's site among its allowed origins. */
  private static String tenants() {
    try {
      ObjectNode all = (ObjectNode) JSON.readTree(TestIdentity.tenantsJson());
      ObjectNode acme = (ObjectNode) all.get(TENANT);
      acme.putArray("publishableKeys").add(KEY);
      acme.putArray("allowedOrigins").add(SITE_ORIGIN);
      return JSON.writeValueAsString(all);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

}
