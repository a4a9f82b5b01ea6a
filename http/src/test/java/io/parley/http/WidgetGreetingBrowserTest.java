package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.parley.persistence.testing.TestH2;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The greeting a widget shows before the first message, in a real headless Chromium, for a bot
 * whose own language is German and that greets in English and Arabic too (its {@code texts}): an
 * English page greets in English, an Arabic page ({@code <html lang="ar" dir="rtl">}) in Arabic,
 * a Hebrew page, for which the bot has no greeting, in German; every bubble's text goes in its own
 * script's direction ({@code dir="auto"}), so a German greeting in a right-to-left panel keeps its
 * question mark at its end.
 */
class WidgetGreetingBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "acme";
  private static final String KEY = "pk_acme_greeting_test";
  private static final String GERMAN = "Moin! Wie können wir helfen?";
  private static final String ENGLISH = "Hello! How can we help?";
  private static final String ARABIC = "مرحبا! كيف يمكننا مساعدتك؟";

  @TempDir static Path dataDir;
  @RegisterExtension final BrowserPerTest chromium = BrowserPerTest.plain();
  private final WebDriver browser = chromium.browser();
  private static HttpServer site;
  private static ParleyNode node;

  @BeforeAll
  static void start() throws Exception {
    site = site();
    ObjectNode tenants = (ObjectNode) JSON.readTree(TestIdentity.tenantsJson());
    ((ObjectNode) tenants.get(TENANT)).put("publishableKey", KEY).putArray("allowedOrigins").add(siteOrigin());
    node = ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.empty(),
        Map.of("parley.identity.tenants", tenants.toString())));
    ObjectNode config = JSON.createObjectNode();
    config.putObject("widget").put("language", "de").put("greeting", GERMAN);
    ObjectNode texts = config.putObject("texts");
    texts.putObject("en").put("greeting", ENGLISH);
    texts.putObject("ar").put("greeting", ARABIC);
    HttpResponse<String> published = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=" + TENANT,
        JSON.createObjectNode().set("config", config).toString());
    assertEquals(200, published.statusCode(), published.body());
  }

  @AfterAll
  static void stop() {
    if (node != null) node.close();
    if (site != null) site.stop(0);
  }

  @Test
  void anEnglishPageIsGreetedInEnglish() {
    assertEquals(ENGLISH, greetingOn("en"));
    assertEquals("ltr", script("return getComputedStyle(arguments[0]).direction", greetingText()));
    assertEveryBubbleInItsOwnDirection();
  }

  @Test
  void anArabicPageIsGreetedInArabicRightToLeft() {
    assertEquals(ARABIC, greetingOn("ar"));
    assertEquals("rtl", script("return getComputedStyle(arguments[0]).direction", greetingText()));
    assertEveryBubbleInItsOwnDirection();
  }

  @Test
  void aRightToLeftPageWithoutAGreetingOfItsOwnShowsTheBotsLeftToRight() {
    assertEquals(GERMAN, greetingOn("he"));
    assertEquals("rtl", shadow().findElement(By.cssSelector(".panel")).getDomAttribute("dir"));
    // The German greeting in a right-to-left panel still reads "helfen?", not "?helfen".
    assertEquals("ltr", script("return getComputedStyle(arguments[0]).direction", greetingText()));
    assertEveryBubbleInItsOwnDirection();
  }

  /** Opens the widget on the page of {@code language}; the greeting it shows before any message. */
  private String greetingOn(String language) {
    browser.get("http://127.0.0.1:" + site.getAddress().getPort() + "/" + language);
    await("the launcher", b -> shadow().findElement(By.cssSelector(".launcher")).isDisplayed());
    shadow().findElement(By.cssSelector(".launcher")).click();
    await("the greeting", b -> !shadow().findElements(By.cssSelector(".log > li[data-greeting] .text")).isEmpty());
    assertEquals(List.of(), Axe.seriousViolations(browser));
    assertEquals(1, shadow().findElements(By.cssSelector(".log > li")).size(), "no message yet: the greeting alone");
    return greetingText().getDomProperty("textContent");
  }

  private void assertEveryBubbleInItsOwnDirection() {
    for (WebElement bubble : shadow().findElements(By.cssSelector(".log > li"))) {
      assertEquals("auto", bubble.getDomAttribute("dir"));
      assertEquals("auto", bubble.findElement(By.cssSelector(".text")).getDomAttribute("dir"));
    }
  }

  private WebElement greetingText() {
    return shadow().findElement(By.cssSelector(".log > li[data-greeting] .text"));
  }

  private SearchContext shadow() {
    return browser.findElement(By.cssSelector("parley-widget")).getShadowRoot();
  }

  private Object script(String source, Object... arguments) {
    return ((JavascriptExecutor) browser).executeScript(source, arguments);
  }

  private void await(String what, java.util.function.Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).withMessage(what).ignoring(NoSuchElementException.class).until(condition::apply);
  }

  private static String siteOrigin() {
    return "http://127.0.0.1:" + site.getAddress().getPort();
  }

  /** A shop's pages on 127.0.0.1 with the widget's tag, one a language: {@code /<language>} in {@code direction}. */
  private static HttpServer site() {
    return TestSite.serve(Map.of("/en", () -> page("en", "ltr"), "/ar", () -> page("ar", "rtl"),
        "/he", () -> page("he", "rtl")));
  }

  private static String page(String language, String direction) {
    return "<!doctype html><html lang=\"" + language + "\" dir=\"" + direction + "\"><head><meta charset=\"utf-8\">"
        + "<title>Shop</title><script src=\"http://localhost:" + node.httpPort() + "/widget.js\" data-tenant=\"" + TENANT
        + "\" data-key=\"" + KEY + "\" async></script></head><body><main><h1>Shop</h1></main></body></html>";
  }
}
