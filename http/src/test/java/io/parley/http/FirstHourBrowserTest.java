package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A company's first hour on a fresh node, as its people live it, in real headless Chromiums against
 * a node on PostgreSQL answering offline: the setup link from the node's log makes the first
 * operator, who invites the company's admin; the admin sets a password, signs in to the admin
 * console, makes a publishable key, allows the company's site and copies the Install view's tag onto
 * a page of that site (another origin: a server on another port); a customer, in a browser of their
 * own, loads that page twice without writing (no conversation), then chats and rates the
 * conversation once it ends; the admin finds it, with its rating, in the conversation list, and
 * reads the Overview's figures. The admin's first landing lists what to do before customers chat,
 * and the site, its key and the widget seen live are done once they are. Axe finds nothing serious
 * in dark mode nor at a phone's width.
 */
class FirstHourBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** The company's organisation, new on the node: the setup makes it a tenant of the API, whose keys and sites its admins change. */
  private static final String ORGANISATION = "northwind";
  private static final String OPERATOR = "ada@northwind.example";
  private static final String ADMIN = "hedy@northwind.example";
  private static final String ADMIN_PASSWORD = "hedy's own long password";
  /** The help page of the company's site, once its admin has pasted the widget's tag into it. */
  private static final AtomicReference<String> HELP_PAGE = new AtomicReference<>("<!doctype html><title>Help</title>");
  // Served for the fork's whole life: a failed test's rerun runs in this JVM after the class's
  // @AfterAll, where a static site once stopped would stay stopped.
  private static final HttpServer SITE = TestSite.serve(Map.of("/help", HELP_PAGE::get));
  private static final String SITE_ORIGIN = "http://127.0.0.1:" + SITE.getAddress().getPort();
  @RegisterExtension @Order(1) static final SetupLinkLog log = new SetupLinkLog();
  @RegisterExtension @Order(2) static final RunningNode node = RunningNode.offline();

  @RegisterExtension final BrowserPerTest staffBrowser = new BrowserPerTest(new Dimension(1366, 900));
  @RegisterExtension final BrowserPerTest customerBrowser = new BrowserPerTest(new Dimension(1024, 800));


  @Test
  void aCompanySetsUpInstallsTheWidgetAndReadsItsFirstRatedConversation() throws Exception {
    ChromeDriver staff = staffBrowser.browser();

    // The operator follows the setup link of the node's log, and invites the company's admin.
    staff.get(url("/setup#" + log.secret()));
    await(staff, "the setup form", b -> b.findElement(By.id("account-form")).isDisplayed());
    WebElement organisation = staff.findElement(By.id("account-tenant"));
    await(staff, "the default organisation offered", b -> !organisation.getAttribute("value").isEmpty());
    organisation.clear();
    organisation.sendKeys("North Wind");
    assertEquals(Boolean.FALSE, staff.executeScript("return arguments[0].checkValidity()", organisation),
        "the organisation's pattern, compiled by Chromium with the v flag, refuses capitals and spaces");
    organisation.clear();
    organisation.sendKeys(ORGANISATION);
    staff.findElement(By.id("account-email")).sendKeys(OPERATOR);
    staff.findElement(By.id("account-password")).sendKeys("correct horse battery staple");
    staff.findElement(By.id("account-confirm")).sendKeys("correct horse battery staple");
    staff.findElement(By.id("account-submit")).click();
    await(staff, "the operator on the admin console", b -> b.getCurrentUrl().endsWith("/admin") && online(b));
    view(staff, "staff");
    await(staff, "the staff view", b -> b.findElement(By.id("staff-invite")).isDisplayed());
    staff.findElement(By.id("staff-email")).sendKeys(ADMIN);
    staff.findElement(By.id("staff-name")).sendKeys("Grace");
    staff.findElement(By.cssSelector("input[name='staff-role'][value='agent']")).click();
    staff.findElement(By.cssSelector("input[name='staff-role'][value='admin']")).click();
    staff.findElement(By.cssSelector("#staff-invite button[type='submit']")).click();
    await(staff, "the invitation link", b -> !b.findElement(By.id("staff-link-value")).getAttribute("value").isEmpty());
    String invitation = staff.findElement(By.id("staff-link-value")).getAttribute("value");
    staff.findElement(By.id("signout")).click();
    await(staff, "the operator signed out", b -> b.findElement(By.id("password-signin")).isDisplayed());

    // The admin sets a password by the invitation, then signs in with it.
    staff.get(invitation);
    await(staff, "the password form", b -> b.findElement(By.id("account-form")).isDisplayed());
    staff.findElement(By.id("account-password")).sendKeys(ADMIN_PASSWORD);
    staff.findElement(By.id("account-confirm")).sendKeys(ADMIN_PASSWORD);
    staff.findElement(By.id("account-submit")).click();
    await(staff, "the name customers see, as invited", b -> b.findElement(By.id("name-form")).isDisplayed());
    assertEquals("Grace", staff.findElement(By.id("account-name")).getDomProperty("value"));
    staff.findElement(By.id("name-submit")).click();
    await(staff, "the admin on the admin console", b -> b.getCurrentUrl().endsWith("/admin") && online(b));
    staff.findElement(By.id("signout")).click();
    await(staff, "signed out", b -> b.findElement(By.id("password-signin")).isDisplayed());
    staff.findElement(By.id("signin-email")).sendKeys(ADMIN);
    staff.findElement(By.id("signin-password")).sendKeys(ADMIN_PASSWORD);
    staff.findElement(By.id("password-signin-button")).click();
    await(staff, "signed in with the password", FirstHourBrowserTest::online);
    assertEquals("Signed in to " + ORGANISATION + " as " + ADMIN,
        staff.findElement(By.id("console-status")).getText());

    // The first landing lists what to do before customers chat, nothing done yet; each item opens its place.
    await(staff, "the getting-started checklist", b -> b.findElements(By.cssSelector("#checklist-items li")).size() == 6);
    assertEquals(List.of("false"), checklist(staff).values().stream().distinct().toList(), "a new company: " + checklist(staff));
    assertNoSeriousViolationDarkAndAtPhoneWidth(staff, "the first landing");
    staff.findElement(By.cssSelector("#checklist-items li[data-item='site'] button")).click();
    await(staff, "the keys and sites section, from the checklist",
        b -> b.findElement(By.id("view-keys")).isDisplayed() && b.switchTo().activeElement().getAttribute("id").equals("site-key-create"));

    // A publishable key and the company's site, in the keys and sites section.
    view(staff, "keys");
    await(staff, "the sites section", b -> b.findElement(By.id("site-key-create")).isDisplayed());
    staff.findElement(By.id("site-key-create")).click();
    await(staff, "the new key", b -> !b.findElement(By.id("site-new-key-value")).getAttribute("value").isEmpty());
    String key = staff.findElement(By.id("site-new-key-value")).getAttribute("value");
    await(staff, "the key listed as the page will carry it", b -> texts(b, "#site-keys li code").equals(List.of(key)));
    WebElement sites = staff.findElement(By.id("site-origin-list"));
    sites.clear();
    sites.sendKeys(SITE_ORIGIN);
    staff.findElement(By.cssSelector("#site-origins button[type='submit']")).click();
    await(staff, "the site saved", b -> b.findElement(By.id("site-status")).getText().equals("Allowed sites saved."));

    // The Install view's tag, pasted into the help page of the site.
    view(staff, "install");
    await(staff, "the tag with the key", b -> b.findElement(By.id("install-tag")).getAttribute("value").contains(key));
    String tag = staff.findElement(By.id("install-tag")).getAttribute("value");
    assertEquals("<script src=\"" + url("/widget.js") + "\" data-tenant=\"" + ORGANISATION
        + "\" data-key=\"" + key + "\" async></script>", tag);
    await(staff, "the site listed", b -> texts(b, "#install-origins li").equals(List.of(SITE_ORIGIN)));
    assertNoSeriousViolationDarkAndAtPhoneWidth(staff, "the Install view");
    HELP_PAGE.set("<!doctype html><html lang=\"en\"><title>Northwind help</title><h1>Help</h1>" + tag + "</html>");

    // The customer's page loads, twice, without a word written: no conversation.
    ChromeDriver customer = customerBrowser.browser();
    customer.get(SITE_ORIGIN + "/help");
    await(customer, "the launcher", b -> widget(b).findElement(By.cssSelector(".launcher")).isDisplayed());
    customer.navigate().refresh();
    await(customer, "the launcher again", b -> widget(b).findElement(By.cssSelector(".launcher")).isDisplayed());

    // The customer chats, and rates the conversation once it ends.
    widget(customer).findElement(By.cssSelector(".launcher")).click();
    await(customer, "the panel", b -> widget(b).findElement(By.cssSelector(".panel")).isDisplayed());
    widget(customer).findElement(By.cssSelector(".composer textarea")).sendKeys("How do I return a lamp?", Keys.ENTER);
    await(customer, "the answer", b -> !widget(b).findElements(By.cssSelector(".log > li[data-role=assistant][data-final]"))
        .isEmpty());
    String session = customer.findElement(By.cssSelector("parley-widget")).getAttribute("data-session");
    widget(customer).findElement(By.cssSelector(".head button.end")).click();
    WebElement rating = widget(customer).findElement(By.cssSelector(".rating"));
    await(customer, "the rating asked for", b -> rating.isDisplayed());
    widget(customer).findElement(By.cssSelector(".rating textarea")).sendKeys("Quick and clear");
    widget(customer).findElement(By.cssSelector(".rating button[aria-label='4 of 5']")).click();
    await(customer, "the thanks", b -> widget(b).findElement(By.cssSelector(".rating [role=status]")).getText()
        .equals("Thank you for your rating!"));

    // The admin finds it, rated, in the conversation list, and reads the Overview.
    view(staff, "conversations");
    By row = By.cssSelector("#conversations tr[data-session='" + session + "']");
    await(staff, "the conversation listed with its rating (the list is a projection: shown again until it is)", b -> {
      b.findElement(By.id("conversation-show")).click();
      return b.findElements(By.cssSelector("#conversations tr[data-session='" + session + "'] td:nth-child(6)")).stream()
          .anyMatch(cell -> cell.getText().equals("4"));
    });
    // The list is drawn again as the conversation's changes come (its close, its rating): a row read
    // or clicked while it is replaced is read or clicked again.
    await(staff, "the conversation opened from the list", b -> {
      b.findElement(row).findElement(By.tagName("button")).click();
      return true;
    });
    await(staff, "its rating with the comment", b -> b.findElement(By.id("view-conversations")).getText()
        .contains("4 of 5: Quick and clear"));
    // Offline, the bot's answers use no model: nothing of the conversation was priced.
    assertTrue(staff.findElement(By.id("transcript-facts")).getText().contains("Cost\nnothing priced yet"),
        staff.findElement(By.id("transcript-facts")).getText());
    assertNoSeriousViolationDarkAndAtPhoneWidth(staff, "the conversation list");

    view(staff, "overview");
    await(staff, "the charts", b -> b.findElements(By.cssSelector("#overview-charts .chart[role='img'] canvas")).size() == 7);
    assertTrue(staff.findElement(By.cssSelector("figure[data-figure='csat'] .chart")).getAttribute("aria-label")
        .matches(".*\\b4(\\.0+)?\\b.*"), "the CSAT chart reads the rating: "
        + staff.findElement(By.cssSelector("figure[data-figure='csat'] .chart")).getAttribute("aria-label"));
    await(staff, "the spend against the budgets", b -> b.findElement(By.id("overview-spend-total")).getText()
        .equals("Costs in the range: $0.00."));
    assertTrue(staff.findElement(By.id("overview-spend")).getText().contains("Today\n$0.00"),
        staff.findElement(By.id("overview-spend")).getText());
    assertNoSeriousViolationDarkAndAtPhoneWidth(staff, "the Overview");

    // The two page loads without a message made no conversation: the one chatted in is all there is.
    assertEquals(List.of(session), sessionsOf(conversations(cookieOf(staff))), "the conversations listed by the API");
    assertEquals(1, staff.findElements(By.cssSelector("#conversations tbody tr[data-session]")).size(),
        "the conversations listed by the console");
    assertTrue(staff.findElement(By.id("overview-summary")).getText().startsWith("1 conversation from "),
        staff.findElement(By.id("overview-summary")).getText());

    // Back on the landing: the site and key are done, and the widget was seen live; hidden, the list stays hidden.
    view(staff, "bot");
    await(staff, "the checklist with the site and the live widget done", b -> checklist(b).equals(Map.of("name", "false",
        "greeting", "false", "article", "false", "site", "true", "live", "true", "case", "false")));
    staff.findElement(By.id("checklist-dismiss")).click();
    await(staff, "the checklist hidden", b -> !b.findElement(By.id("checklist")).isDisplayed());
    staff.navigate().refresh();
    await(staff, "signed in again by the cookie", b -> online(b) && b.findElement(By.id("view-bot")).isDisplayed());
    assertTrue(!staff.findElement(By.id("checklist")).isDisplayed(), "dismissed, it stays away in this browser");
  }

  /** The admin's sign-in cookie, as the browser holds it, to call the API as a script of the company would. */
  private static String cookieOf(ChromeDriver browser) {
    return "parley_session=" + browser.manage().getCookieNamed("parley_session").getValue();
  }

  private static JsonNode conversations(String admin) throws Exception {
    HttpResponse<String> page = get("/v1/conversations", admin);
    assertEquals(200, page.statusCode(), page.body());
    return JSON.readTree(page.body()).get("conversations");
  }

  private static List<String> sessionsOf(JsonNode conversations) {
    List<String> sessions = new java.util.ArrayList<>();
    conversations.forEach(conversation -> sessions.add(conversation.get("sessionId").asText()));
    return sessions;
  }

  private static HttpResponse<String> get(String path, String cookie) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).header("Cookie", cookie).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void assertNoSeriousViolationDarkAndAtPhoneWidth(ChromeDriver browser, String what) {
    TestChromium.colourScheme(browser, "dark");
    assertEquals(List.of(), Axe.seriousViolations(browser), what + ", dark");
    TestChromium.colourScheme(browser, "light");
    Dimension wide = browser.manage().window().getSize();
    browser.manage().window().setSize(new Dimension(390, 844));
    assertEquals(List.of(), Axe.seriousViolations(browser), what + ", at a phone's width");
    browser.manage().window().setSize(wide);
  }

  /** The checklist's items, each as done ("true") or not. */
  private static Map<String, String> checklist(WebDriver browser) {
    Map<String, String> items = new java.util.HashMap<>();
    browser.findElements(By.cssSelector("#checklist-items li"))
        .forEach(item -> items.put(item.getAttribute("data-item"), item.getAttribute("data-done")));
    return items;
  }

  private static boolean online(WebDriver browser) {
    return "online".equals(browser.findElement(By.id("console-status")).getAttribute("data-state"));
  }

  private static SearchContext widget(WebDriver browser) {
    return browser.findElement(By.cssSelector("parley-widget")).getShadowRoot();
  }

  private static List<String> texts(WebDriver browser, String css) {
    return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).map(String::strip).toList();
  }

  private static void view(WebDriver browser, String name) {
    browser.findElement(By.cssSelector("[data-view='" + name + "']")).click();
    await(browser, name + " shown", b -> b.findElement(By.id("view-" + name)).isDisplayed());
  }

  /** Waits for {@code condition}; a timeout says what the page showed. */
  private static void await(WebDriver browser, String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).withMessage(() -> what + " (at " + browser.getCurrentUrl() + ", the page says: "
        + browser.findElement(By.tagName("body")).getText() + ")").ignoring(StaleElementReferenceException.class)
        .until(condition::apply);
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + node.httpPort() + path;
  }

}
