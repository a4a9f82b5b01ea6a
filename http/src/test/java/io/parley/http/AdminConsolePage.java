package io.parley.http;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The consoles as their browser tests open them: the page of a node, signed in as people do, with a
 * staff member's email and password (the account made beforehand), or with an API key typed and
 * Enter by the tests about keys.
 */
final class AdminConsolePage {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final AtomicInteger ACCOUNTS = new AtomicInteger();

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

  /**
   * Opens the conversation {@code sessionId} from the agent console's All open, refreshing the list
   * until it shows it (the list's read model follows the sessions).
   */
  static void openFromAllOpen(WebDriver browser, String sessionId) {
    By card = By.cssSelector("#all-open li[data-session='" + sessionId + "']");
    new WebDriverWait(browser, WAIT).withMessage("the conversation among all open")
        .ignoring(NoSuchElementException.class).ignoring(StaleElementReferenceException.class).until(b -> {
          if (!b.findElements(card).isEmpty()) return true;
          b.findElement(By.id("all-open-refresh")).click();
          return false;
        });
    browser.findElement(card).findElement(By.xpath(".//button[text()='Open']")).click();
  }

  /**
   * Writes {@code text} as an internal note on the agent console's open conversation. The notes are
   * opened as a person does, clicking again when a click did not open them: one that lands while
   * the panel above redraws (a new language, say) hits what moved under it.
   */
  static void addNote(WebDriver browser, String text) {
    new WebDriverWait(browser, WAIT).withMessage("the notes open").ignoring(StaleElementReferenceException.class)
        .until(b -> {
          if (b.findElement(By.id("note-text")).isDisplayed()) return true;
          b.findElement(By.cssSelector("#notes-box summary")).click();
          return false;
        });
    browser.findElement(By.id("note-text")).sendKeys(text);
    browser.findElement(By.id("note-add")).click();
  }

  /**
   * Opens the admin console of the node on {@code port} as a new admin of {@code tenant}, signed in
   * with their password: the admin's email, which names them in the history and on what they do.
   */
  static String signInAsAdmin(WebDriver browser, int port, String tenant) throws Exception {
    String email = newAccount(port, tenant, "admin");
    signInWithPassword(browser, port, email, StaffNode.PASSWORD);
    return email;
  }

  /**
   * Opens the agent console of the node on {@code port} as a new agent of {@code tenant}, signed in
   * with their email and password, whom customers see as {@code name}: the agent's email, which
   * names them to the node (their notes', for one).
   */
  static String signInAsAgent(WebDriver browser, int port, String tenant, String name) throws Exception {
    String email = newAccount(port, tenant, "agent");
    signInToAgentConsole(browser, port, tenant, email, StaffNode.PASSWORD, name);
    return email;
  }

  /**
   * Opens the agent console of the node on {@code port} for {@code tenant} and signs in as {@code
   * email} with {@code password}, as people do; {@code name}, when not empty, is the one customers see.
   */
  static void signInToAgentConsole(WebDriver browser, int port, String tenant, String email, String password, String name) {
    browser.get("http://127.0.0.1:" + port + "/agent?tenant=" + tenant);
    browser.findElement(By.id("agent-email")).sendKeys(email);
    browser.findElement(By.id("agent-password")).sendKeys(password);
    if (!name.isEmpty()) browser.findElement(By.id("agent-name")).sendKeys(name);
    browser.findElement(By.id("signin-button")).click();
    new WebDriverWait(browser, WAIT).withMessage("signed in")
        .until(b -> "online".equals(b.findElement(By.id("console-status")).getAttribute("data-state")));
  }

  /** A staff account of {@code tenant} with {@code role} and {@link StaffNode#PASSWORD}, new to the node: its email. */
  private static String newAccount(int port, String tenant, String role) throws Exception {
    String email = role + "-" + ACCOUNTS.incrementAndGet() + "@" + tenant + ".example";
    StaffNode.account(port, tenant, email, role);
    return email;
  }
}
