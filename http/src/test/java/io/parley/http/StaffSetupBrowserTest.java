package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A company's first hour in a real headless Chromium, without a shell: the admin console of a
 * fresh node says where the way in is; the setup link from the node's log opens the setup page,
 * which makes the first operator and an admin of the default organisation and lands them signed in
 * on the admin console, the session in an HttpOnly cookie; they sign out, and back in with the
 * password. Signed in by the password alone they try the draft in the widget beside the form (a test
 * conversation on the draft), make a customer's ordinary conversation a test case, open it, see a
 * broken edit refused as it is typed, save it renamed and delete it, and add an HTTP tool in the
 * Tools view, the one place it is edited (the Bot form leads there), its arguments checked as they
 * are typed. They invite a colleague under Staff, resend the pending invitation (the first link
 * stops working) and withdraw another; the colleague's link sets a password, shows the first name
 * she was invited with as the name customers will know her by, which she changes, and opens the
 * agent console signed in, her profile named so; the setup link a second time is refused in words.
 */
class StaffSetupBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension @Order(1) static final SetupLinkLog log = new SetupLinkLog();
  @RegisterExtension @Order(2) static final RunningNode node = RunningNode.offline(Map.of(
      "parley.outbound.allowed-networks", "127.0.0.0/8"));
  @RegisterExtension final BrowserPerTest chromium = BrowserPerTest.plain();
  private final WebDriver browser = chromium.browser();

  @Test
  void theSetupLinkFromTheLogMakesTheFirstAdminWhoThenSignsOutAndBackIn() throws Exception {
    browser.get(url("/admin"));
    await("the way in named", b -> b.findElement(By.id("setup-hint")).isDisplayed());
    assertTrue(browser.findElement(By.id("setup-hint")).getText().contains("First-run setup"));

    String secret = log.secret();
    browser.get(url("/setup#" + secret));
    await("the setup form", b -> b.findElement(By.id("account-form")).isDisplayed());
    assertEquals(url("/setup"), browser.getCurrentUrl(), "the secret leaves the address bar");
    assertEquals(TestIdentity.DEFAULT_TENANT, browser.findElement(By.id("account-tenant")).getAttribute("value"));
    browser.findElement(By.id("account-email")).sendKeys("ada@demo.example");
    browser.findElement(By.id("account-password")).sendKeys("correct horse battery staple");
    browser.findElement(By.id("account-confirm")).sendKeys("correct horse battery staple");
    browser.findElement(By.id("account-submit")).click();

    await("signed in on the admin console", b -> b.getCurrentUrl().endsWith("/admin")
        && "online".equals(b.findElement(By.id("console-status")).getAttribute("data-state")));
    assertEquals("Signed in to " + TestIdentity.DEFAULT_TENANT + " as ada@demo.example",
        browser.findElement(By.id("console-status")).getText());
    Cookie session = browser.manage().getCookieNamed("parley_session");
    assertTrue(session.isHttpOnly(), "no script can read the session");
    assertEquals("Strict", session.getSameSite());

    browser.findElement(By.id("signout")).click();
    await("signed out, on the node too", b -> b.findElement(By.id("password-signin")).isDisplayed()
        && b.manage().getCookieNamed("parley_session") == null);
    browser.navigate().refresh();
    await("still signed out after a reload", b -> b.findElement(By.id("password-signin")).isDisplayed());
    assertFalse(browser.findElement(By.id("setup-hint")).isDisplayed(), "the node is set up now");

    browser.findElement(By.id("signin-email")).sendKeys("ada@demo.example");
    browser.findElement(By.id("signin-password")).sendKeys("not the password at all");
    browser.findElement(By.id("password-signin-button")).click();
    await("refused", b -> b.findElement(By.id("signin-error")).isDisplayed());
    assertEquals("Sign-in refused: wrong email or password", browser.findElement(By.id("signin-error")).getText());
    browser.findElement(By.id("signin-email")).clear();
    browser.findElement(By.id("signin-email")).sendKeys("ada@demo.example");
    browser.findElement(By.id("signin-password")).sendKeys("correct horse battery staple");
    browser.findElement(By.id("password-signin-button")).click();
    await("signed in again", b -> "online".equals(b.findElement(By.id("console-status")).getAttribute("data-state")));

    triesTheDraft();
    makesEditsAndDeletesACase();
    addsAnHttpTool();

    browser.findElement(By.cssSelector("[data-view='staff']")).click();
    await("the staff view", b -> b.findElement(By.id("staff-invite")).isDisplayed());
    String first = invite("grace@demo.example");
    String second = invite("linus@demo.example");
    await("both pending", b -> pendingInvitation(b, "grace@demo.example") != null && pendingInvitation(b, "linus@demo.example") != null);
    pendingInvitation(browser, "grace@demo.example").findElement(By.cssSelector("button.resend")).click();
    await("a new link", b -> !List.of(first, second).contains(b.findElement(By.id("staff-link-value")).getAttribute("value")));
    String invitation = browser.findElement(By.id("staff-link-value")).getAttribute("value");
    assertTrue(invitation.startsWith(url("/account#")), invitation);
    pendingInvitation(browser, "linus@demo.example").findElement(By.cssSelector("button.withdraw")).click();
    await("withdrawn", b -> pendingInvitation(b, "linus@demo.example") == null);
    assertTrue(browser.findElement(By.id("staff-status")).getText().contains("withdrawn"));
    await("the staff listed", b -> b.findElement(By.id("staff")).getText().contains("ada@demo.example (admin, operator)"));

    follow(first);
    await("the first link refused", b -> b.findElement(By.id("account-error")).isDisplayed());
    browser.get(url("/admin"));
    follow(invitation);
    await("the name customers will know her by", b -> b.findElement(By.id("name-form")).isDisplayed());
    assertEquals("grace", browser.findElement(By.id("account-name")).getDomProperty("value"), "the first name she was invited with");
    for (String scheme : List.of("light", "dark")) {
      TestChromium.colourScheme((ChromeDriver) browser, scheme);
      assertEquals(List.of(), Axe.seriousViolations(browser), "the name, " + scheme);
    }
    TestChromium.colourScheme((ChromeDriver) browser, "light");
    browser.findElement(By.id("account-name")).clear();
    browser.findElement(By.id("account-name")).sendKeys("Grace Hopper");
    browser.findElement(By.id("name-submit")).click();
    await("the agent console, signed in by the cookie", b -> b.getCurrentUrl().endsWith("/agent")
        && "online".equals(b.findElement(By.id("console-status")).getAttribute("data-state")));
    await("her profile's button", b -> b.findElement(By.id("profile-button")).isDisplayed());
    browser.findElement(By.id("profile-button")).click();
    await("her profile, with the name she chose", b -> "Grace Hopper".equals(
        b.findElement(By.id("profile-name")).getDomProperty("value")));
    assertTrue(browser.findElement(By.id("console-status")).getText().contains("(" + TestIdentity.DEFAULT_TENANT + ")"),
        browser.findElement(By.id("console-status")).getText());

    browser.get(url("/setup#" + secret));
    await("the used link refused", b -> b.findElement(By.id("account-error")).isDisplayed());
    assertTrue(browser.findElement(By.id("account-error")).getText().contains("set up already"),
        browser.findElement(By.id("account-error")).getText());
  }

  /** Bot view: the draft, greeting in its own words, in the real widget beside the form; the admin's message starts a test conversation. */
  private void triesTheDraft() throws Exception {
    browser.findElement(By.id("tab-json")).click();
    WebElement editor = browser.findElement(By.id("draft-editor"));
    editor.clear();
    editor.sendKeys("{\"greeting\": \"Hello from the draft\"}");
    browser.findElement(By.id("try-draft")).click();
    await("the widget beside the form", b -> b.findElement(By.id("try")).isDisplayed());
    browser.switchTo().frame(browser.findElement(By.id("try-frame")));
    await("the draft's greeting in the widget", b -> "Hello from the draft".equals(script(
        "return document.querySelector('parley-widget')?.shadowRoot?.querySelector('.log li[data-greeting] .text')?.textContent")));
    script("Parley.send('Does the draft answer?')");
    await("the test conversation the admin's message started", b -> script(
        "return document.querySelector('parley-widget').dataset.session") != null);
    String session = (String) script("return document.querySelector('parley-widget').dataset.session");
    browser.switchTo().defaultContent();
    JsonNode tried = JSON.readTree(TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/sessions/" + session + "?tenant="
        + TestIdentity.DEFAULT_TENANT, null).body());
    assertTrue(tried.get("botConfigDraft").asBoolean(), "a test conversation on the draft: " + tried);
  }

  /** A customer's ordinary conversation made a test case from the Conversations view, then opened, edited and deleted. */
  private void makesEditsAndDeletesACase() {
    String sessionId = ConversationsEndToEndTest.converse(node.httpPort(), TestIdentity.DEFAULT_TENANT, Optional.empty(),
        List.of("Where is my parcel?"));
    browser.findElement(By.cssSelector("[data-view='conversations']")).click();
    String row = "#conversations tbody tr[data-session='" + sessionId + "']";
    await("the conversation listed", b -> {
      if (!b.findElements(By.cssSelector(row)).isEmpty()) return true;
      b.findElement(By.id("conversation-show")).click();
      return false;
    });
    script("document.querySelector(arguments[0]).click()", row + " button.open");
    await("its view, which may become a case", b -> b.findElement(By.id("to-case-button")).isDisplayed());
    browser.findElement(By.id("to-case-button")).click();
    await("the case made", b -> b.findElement(By.id("to-case-status")).getText().startsWith("Test case"));

    browser.findElement(By.cssSelector("[data-view='bot']")).click();
    await("the case among the evaluations", b -> b.findElements(By.cssSelector("#evaluation-cases li[data-case]")).size() == 1);
    browser.findElement(By.cssSelector("#evaluation-cases li[data-case] button.edit")).click();
    WebElement definition = browser.findElement(By.id("case-definition"));
    await("the case open", b -> definition.isDisplayed() && definition.getAttribute("value").contains("Where is my parcel?"));
    definition.sendKeys(Keys.END, ",");
    WebElement problem = browser.findElement(By.id("case-definition-problem"));
    await("a broken edit refused as it is typed", b -> problem.isDisplayed() && problem.getText().startsWith("The case: not JSON"));
    assertEquals("true", definition.getAttribute("aria-invalid"));
    definition.clear();
    definition.sendKeys("{\"name\": \"parcel\", \"messages\": [\"Where is my parcel?\"], \"expect\": [{\"contains\": \"parcel\"}]}");
    await("the edit is well formed", b -> !problem.isDisplayed());
    browser.findElement(By.id("case-save")).click();
    await("saved under its new name", b -> b.findElement(By.id("evaluation-cases")).getText().startsWith("parcel"));
    browser.findElement(By.cssSelector("#evaluation-cases li[data-case] button.delete")).click();
    await("asked to confirm", b -> b.findElement(By.id("confirm")).isDisplayed());
    browser.findElement(By.id("confirm-yes")).click();
    await("deleted", b -> b.findElements(By.cssSelector("#evaluation-cases li[data-case]")).isEmpty());
  }

  /** The Bot form's tools lead to the Tools view, where an HTTP tool is added with its arguments checked as typed. */
  private void addsAnHttpTool() {
    browser.findElement(By.id("tab-form")).click();
    await("the form", b -> b.findElement(By.cssSelector("#draft-form-fields [data-field='httpTools'] button")).isDisplayed());
    assertTrue(browser.findElements(By.cssSelector("#draft-form-fields [data-field^='httpTools['] textarea, "
        + "#draft-form-fields [data-field^='httpTools['] input")).isEmpty(), "no second editor in the Bot form");
    browser.findElement(By.cssSelector("#draft-form-fields [data-field='httpTools'] button")).click();
    await("the Tools view", b -> b.findElement(By.id("view-tools")).isDisplayed());
    browser.findElement(By.id("tools-add-http")).click();
    browser.findElement(By.id("tool-name")).sendKeys("order_status");
    browser.findElement(By.id("tool-url")).sendKeys("http://127.0.0.1:9/orders");
    browser.findElement(By.id("tool-description")).sendKeys("Where an order is");
    WebElement arguments = browser.findElement(By.id("tool-parameters"));
    arguments.clear();
    arguments.sendKeys("{\"type\": \"string\"}");
    WebElement problem = browser.findElement(By.id("tool-parameters-problem"));
    await("the arguments refused as typed", b -> problem.isDisplayed() && problem.getText().contains("\"type\" must be \"object\""));
    assertEquals("true", arguments.getAttribute("aria-invalid"));
    arguments.clear();
    arguments.sendKeys("{\"type\": \"object\", \"properties\": {\"orderId\": {\"type\": \"string\"}}, \"required\": [\"orderId\"]}");
    await("well formed", b -> !problem.isDisplayed());
    browser.findElement(By.id("tool-save")).click();
    await("saved into the draft", b -> b.findElement(By.id("tools-status")).getText().startsWith("HTTP tool order_status saved"));
    assertTrue(browser.findElement(By.id("tools-entries")).getText().contains("order_status"));
  }

  /** Opens an invitation link and chooses a password there. */
  private void follow(String link) {
    browser.get(link);
    await("the password form", b -> b.findElement(By.id("account-form")).isDisplayed());
    browser.findElement(By.id("account-password")).sendKeys("grace's own long password");
    browser.findElement(By.id("account-confirm")).sendKeys("grace's own long password");
    browser.findElement(By.id("account-submit")).click();
  }

  private String invite(String email) {
    WebElement field = browser.findElement(By.id("staff-email"));
    field.sendKeys(email);
    browser.findElement(By.id("staff-name")).sendKeys(email.substring(0, email.indexOf('@')));
    browser.findElement(By.cssSelector("#staff-invite button[type='submit']")).click();
    await("the invitation link for " + email, b -> b.findElement(By.id("staff-status")).getText().contains(email));
    return browser.findElement(By.id("staff-link-value")).getAttribute("value");
  }

  private static WebElement pendingInvitation(WebDriver browser, String email) {
    return browser.findElements(By.cssSelector("#staff-invitations li[data-email='" + email + "']")).stream().findFirst().orElse(null);
  }

  private Object script(String source, Object... arguments) {
    return ((JavascriptExecutor) browser).executeScript(source, arguments);
  }

  private static String url(String path) {
    return "http://127.0.0.1:" + node.httpPort() + path;
  }

  /** Waits for {@code condition}; a timeout says what the page showed, its status and any refusal. */
  private void await(String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).withMessage(() -> what + " (at " + browser.getCurrentUrl() + ", the page says: "
        + browser.findElement(By.tagName("body")).getText() + ")").until(condition::apply);
  }
}
