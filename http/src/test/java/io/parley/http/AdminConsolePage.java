package io.parley.http;

import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The admin console as its browser tests open it: the page of a node, signed in with an API key typed and Enter, or a password. */
final class AdminConsolePage {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private AdminConsolePage() {}

  /** Opens the console of the node on {@code port}, signs in with {@code key} from the keyboard and waits until it is online. */
  static void signIn(WebDriver browser, int port, String key) {
    browser.get("http://127.0.0.1:" + port + "/admin");
    browser.findElement(By.id("api-key")).sendKeys(key, Keys.ENTER);
    new WebDriverWait(browser, WAIT).withMessage("signed in")
        .until(b -> "online".equals(b.findElement(By.id("console-status")).getAttribute("data-state")));
  }

  /** Opens the console of the node on {@code port} and signs in as {@code email} with {@code password}, as people do. */
  static void signInWithPassword(WebDriver browser, int port, String email, String password) {
    browser.get("http://127.0.0.1:" + port + "/admin");
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    wait.withMessage("the admin sign-in").until(b -> b.findElement(By.id("password-signin")).isDisplayed());
    browser.findElement(By.id("signin-email")).sendKeys(email);
    browser.findElement(By.id("signin-password")).sendKeys(password);
    browser.findElement(By.id("password-signin-button")).click();
    wait.withMessage("signed in with the password")
        .until(b -> "online".equals(b.findElement(By.id("console-status")).getAttribute("data-state")));
  }

  /** Opens the conversation {@code sessionId} from the console's conversations, as an admin clicks through to it. */
  static void openConversation(WebDriver browser, String sessionId) {
    WebDriverWait wait = new WebDriverWait(browser, WAIT);
    browser.findElement(By.cssSelector("[data-view='conversations']")).click();
    wait.withMessage("the conversations").until(b -> b.findElement(By.id("view-conversations")).isDisplayed());
    browser.findElement(By.id("conversation-show")).click();
    String row = "#conversations tbody tr[data-session='" + sessionId + "']";
    wait.withMessage("the conversation listed").until(b -> !b.findElements(By.cssSelector(row)).isEmpty());
    ((JavascriptExecutor) browser).executeScript("document.querySelector(arguments[0]).click()", row + " button.open");
    wait.withMessage("its view").until(b -> b.findElement(By.id("transcript")).isDisplayed());
  }
}
