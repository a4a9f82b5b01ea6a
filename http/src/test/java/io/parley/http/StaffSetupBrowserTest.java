package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A company's first hour in a real headless Chromium, without a shell: the admin console of a
 * fresh node says where the way in is; the setup link from the node's log opens the setup page,
 * which makes the first operator and an admin of the default organisation and lands them signed in
 * on the admin console, the session in an HttpOnly cookie; they sign out, and back in with the
 * password; they invite a colleague, whose link sets a password and opens the agent console signed
 * in; the setup link a second time is refused in words.
 */
class StaffSetupBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  @RegisterExtension @Order(1) static final SetupLinkLog log = new SetupLinkLog();
  @RegisterExtension @Order(2) static final RunningNode node = RunningNode.offline();
  @RegisterExtension final BrowserPerTest chromium = BrowserPerTest.plain();
  private final WebDriver browser = chromium.browser();

  @Test
  void theSetupLinkFromTheLogMakesTheFirstAdminWhoThenSignsOutAndBackIn() {
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

    browser.findElement(By.cssSelector("[data-view='keys']")).click();
    await("the staff section", b -> b.findElement(By.id("staff-invite")).isDisplayed());
    browser.findElement(By.id("staff-email")).sendKeys("grace@demo.example");
    browser.findElement(By.cssSelector("#staff-invite button[type='submit']")).click();
    await("the invitation link", b -> !b.findElement(By.id("staff-link-value")).getAttribute("value").isEmpty());
    String invitation = browser.findElement(By.id("staff-link-value")).getAttribute("value");
    assertTrue(invitation.startsWith(url("/account#")), invitation);
    await("the staff listed", b -> b.findElement(By.id("staff")).getText().contains("ada@demo.example (admin, operator)"));

    browser.get(invitation);
    await("the password form", b -> b.findElement(By.id("account-form")).isDisplayed());
    browser.findElement(By.id("account-password")).sendKeys("grace's own long password");
    browser.findElement(By.id("account-confirm")).sendKeys("grace's own long password");
    browser.findElement(By.id("account-submit")).click();
    await("the agent console, signed in by the cookie", b -> b.getCurrentUrl().endsWith("/agent")
        && "online".equals(b.findElement(By.id("console-status")).getAttribute("data-state")));
    assertTrue(browser.findElement(By.id("console-status")).getText().contains("(" + TestIdentity.DEFAULT_TENANT + ")"),
        browser.findElement(By.id("console-status")).getText());

    browser.get(url("/setup#" + secret));
    await("the used link refused", b -> b.findElement(By.id("account-error")).isDisplayed());
    assertTrue(browser.findElement(By.id("account-error")).getText().contains("set up already"),
        browser.findElement(By.id("account-error")).getText());
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
