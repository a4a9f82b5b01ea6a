package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a customer reads, worded per language in the admin console's bot form, in a real headless
 * Chromium, the head of support signed in with their password: a German bot's greeting, the name in
 * the widget's header and the launcher's label, each written for every language and then in Arabic
 * through the field's language switcher (the German text the placeholder of the Arabic field until it
 * has its own), published; a German page's widget shows the German ones, an Arabic page's
 * ({@code dir="rtl"}) the Arabic ones; the German message box shows its whole placeholder. axe-core finds nothing serious in the form, light and dark,
 * nor in the Arabic widget.
 */
class BotWordingBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "acme";
  private static final String HEAD = "head@shop.example";
  private static final String KEY = "pk_acme_wording_test";
  private static final String GREETING_DE = "Moin! Wie können wir helfen?";
  private static final String GREETING_AR = "مرحبا! كيف يمكننا مساعدتك؟";
  private static final String NAME_DE = "Hilfe";
  private static final String NAME_AR = "المساعد";
  private static final String LAUNCHER_DE = "Fragen Sie uns";
  private static final String LAUNCHER_AR = "تحدث معنا";

  private static HttpServer site;
  private static StaffNode staff;

  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final WebDriver browser = chromium.browser();

  @BeforeAll
  static void start() throws Exception {
    site = TestSite.serve(Map.of("/de", () -> page("de", "ltr"), "/ar", () -> page("ar", "rtl")));
    // The node's operator gives the shop its key and allows its site (PARLEY_TENANTS).
    ObjectNode tenants = (ObjectNode) JSON.readTree(TestIdentity.tenantsJson());
    ((ObjectNode) tenants.get(TENANT)).put("publishableKey", KEY).putArray("allowedOrigins")
        .add("http://127.0.0.1:" + site.getAddress().getPort());
    // The shop's visitors reach the node directly, no proxy naming them: the peer is the client.
    staff = StaffNode.start(TENANT, HEAD, Map.of("parley.identity.tenants", tenants.toString(),
        "parley.chat.client-address-header", ""));
  }

  @AfterAll
  static void stop() {
    if (staff != null) staff.close();
    if (site != null) site.stop(0);
  }

  @Test
  void theGreetingHeaderAndLauncherAreWordedPerLanguageInTheFormAndShownInThePagesLanguage() throws Exception {
    AdminConsolePage.signInWithPassword(browser, staff.node.httpPort(), HEAD, StaffNode.PASSWORD);
    await("the bot's form", b -> b.findElement(By.id("setting-greeting")).isDisplayed());

    browser.findElement(By.id("setting-widget-language")).sendKeys("de");
    word("setting-greeting", GREETING_DE, GREETING_AR);
    word("setting-widget-name", NAME_DE, NAME_AR);
    word("setting-widget-launcherText", LAUNCHER_DE, LAUNCHER_AR);

    JsonNode draft = JSON.readTree(browser.findElement(By.id("draft-editor")).getDomProperty("value"));
    assertEquals(GREETING_DE, draft.path("greeting").asText(), draft.toString());
    assertEquals(GREETING_AR, draft.path("texts").path("ar").path("greeting").asText(), draft.toString());
    assertEquals(NAME_AR, draft.path("texts").path("ar").path("name").asText(), draft.toString());
    assertEquals(LAUNCHER_AR, draft.path("widget").path("texts").path("ar").path("launcher").asText(), draft.toString());
    for (String scheme : List.of("light", "dark")) {
      TestChromium.colourScheme((ChromeDriver) browser, scheme);
      assertEquals(List.of(), Axe.seriousViolations(browser), scheme);
    }
    TestChromium.colourScheme((ChromeDriver) browser, "light");

    browser.findElement(By.id("publish")).click();
    await("asked to publish", b -> b.findElement(By.id("confirm")).isDisplayed());
    browser.findElement(By.id("confirm-yes")).click();
    await("published", b -> b.findElement(By.id("draft-status")).getText().startsWith("Published as version"));

    assertEquals(List.of(LAUNCHER_DE, NAME_DE, GREETING_DE), widgetOn("de"));
    WebElement input = shadow().findElement(By.cssSelector("#parley-input"));
    assertEquals("Nachricht schreiben…", input.getDomAttribute("placeholder"));
    assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript(
        "return arguments[0].scrollHeight <= arguments[0].clientHeight", input), "the German placeholder is not cut off");
    assertEquals(List.of(LAUNCHER_AR, NAME_AR, GREETING_AR), widgetOn("ar"));
    assertEquals("rtl", shadow().findElement(By.cssSelector(".panel")).getDomAttribute("dir"));
    assertEquals(List.of(), Axe.seriousViolations(browser));
  }

  /**
   * Writes {@code everyLanguage} into the field {@code id}, then switches it to Arabic, where every
   * language's text is its placeholder, and writes {@code arabic}.
   */
  private void word(String id, String everyLanguage, String arabic) {
    browser.findElement(By.id(id)).sendKeys(everyLanguage);
    new Select(browser.findElement(By.id(id + "-language"))).selectByValue("ar");
    await(id + " in Arabic", b -> "ar".equals(b.findElement(By.id(id)).getDomAttribute("lang")));
    WebElement arabicField = browser.findElement(By.id(id));
    assertEquals("", arabicField.getDomProperty("value"), "no Arabic text yet");
    assertEquals(everyLanguage, arabicField.getDomAttribute("placeholder"), "every language's text stands in");
    assertEquals("auto", arabicField.getDomAttribute("dir"));
    assertEquals(id + "-language", browser.switchTo().activeElement().getDomAttribute("id"), "the switcher keeps the focus");
    arabicField.sendKeys(arabic);
  }

  /** The widget on the page of {@code language}, opened: its launcher's label, the name in its header and its greeting. */
  private List<String> widgetOn(String language) {
    browser.get("http://127.0.0.1:" + site.getAddress().getPort() + "/" + language);
    // The shop's pages share the widget's memory: the panel opened on one page is open on the next.
    await("the widget's launcher, labelled", b -> !shadow().findElement(By.cssSelector(".launcher span"))
        .getDomProperty("textContent").isEmpty());
    String launcher = shadow().findElement(By.cssSelector(".launcher span")).getDomProperty("textContent");
    if (shadow().findElement(By.cssSelector(".launcher")).isDisplayed()) shadow().findElement(By.cssSelector(".launcher")).click();
    await("the greeting", b -> !shadow().findElements(By.cssSelector(".log > li[data-greeting] .text")).isEmpty());
    return List.of(launcher, shadow().findElement(By.cssSelector("#parley-title")).getDomProperty("textContent"),
        shadow().findElement(By.cssSelector(".log > li[data-greeting] .text")).getDomProperty("textContent"));
  }

  private SearchContext shadow() {
    return browser.findElement(By.cssSelector("parley-widget")).getShadowRoot();
  }

  /**
   * A shop's page in {@code language}; the widget comes from the node by another host name than the
   * admin console's, as from a shop's own domain, so the head's sign-in cookie is not the widget's.
   */
  private static String page(String language, String direction) {
    return "<!doctype html><html lang=\"" + language + "\" dir=\"" + direction + "\"><head><meta charset=\"utf-8\">"
        + "<title>Shop</title><script src=\"http://localhost:" + staff.node.httpPort() + "/widget.js\" data-tenant=\"" + TENANT
        + "\" data-key=\"" + KEY + "\" async></script></head><body><main><h1>Shop</h1></main></body></html>";
  }

  private void await(String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).withMessage(what).ignoring(StaleElementReferenceException.class)
        .ignoring(NoSuchElementException.class).until(condition::apply);
  }
}
