package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin console's Getting-started checklist and Experiments panel following the node while they
 * are on screen, in real Chromium: an admin signed in with a password watches the bot view while
 * another admin, through the REST API, publishes the bot's name, adds an article and starts an
 * experiment on a draft. Each step ticks and the experiment shows running within a few seconds,
 * without a reload or a click: the node tells the console of each change (GET /v1/admin/changes),
 * nothing reads on a timer. A customer's first chat ticks its step and counts in the experiment's
 * arms, and another customer's is listed in the open Conversations view, as they come. axe-core finds
 * nothing serious in the panels, light or dark.
 */
class AdminLivePanelsBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(40);
  /** How soon a change shows: the node's notice and the panel's reads, with room for a loaded machine. */
  private static final Duration PUSHED = Duration.ofSeconds(4);
  private static final String TENANT = "acme";

  @RegisterExtension static final RunningNode node = RunningNode.offline();
  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final ChromeDriver browser = chromium.browser();

  @Test
  void stepsDoneThroughTheApiTickInTheOpenConsole() throws Exception {
    AdminConsolePage.signInAsAdmin(browser, node.httpPort(), TENANT);
    await("the checklist", b -> b.findElement(By.id("checklist")).isDisplayed());
    assertEquals("false", done("name"));
    assertEquals("false", done("article"));
    await("no experiment yet", b -> b.findElement(By.id("experiment-list")).getText().equals("No experiment yet."));
    String url = browser.getCurrentUrl();

    assertEquals(200, admin("PUT", "/v1/config", "{\"config\": {\"assistantName\": \"Ava\"}}").statusCode());
    assertEquals(201, admin("POST", "/v1/kb/documents",
        "{\"title\": \"Returns\", \"content\": \"Returns are free within 30 days.\", \"format\": \"text\"}").statusCode());
    soon("the name and the article ticked", b -> "true".equals(done("name")) && "true".equals(done("article")));
    assertEquals("false", done("case"), "a step not done stays to do");

    assertEquals(200, admin("PUT", "/v1/config/draft", "{\"config\": {\"assistantName\": \"Max\"}}").statusCode());
    assertEquals(201, admin("POST", "/v1/experiments", "{\"candidate\": \"draft\", \"share\": 0.5}").statusCode());
    soon("the experiment running", b -> b.findElement(By.id("experiment-watch")).isDisplayed()
        && b.findElement(By.id("experiment-watch-title")).getText().startsWith("Experiment 1: draft 1 against version 1"));

    assertEquals("false", done("live"));
    customerWrites("Where is my parcel?");
    soon("the first conversation ticked and counted in an arm", b -> "true".equals(done("live"))
        && b.findElement(By.id("experiment-since")).getText().matches(".*Conversations so far: (1 live, 0|0 live, 1) on the candidate\\..*"));

    browser.findElement(By.cssSelector("[data-view='conversations']")).click();
    await("the first conversation listed", b -> rows() == 1);
    customerWrites("Can I change the address?");
    soon("the second conversation listed", b -> rows() == 2);
    assertEquals(url, browser.getCurrentUrl(), "the page was never opened again");
    browser.findElement(By.cssSelector("[data-view='bot']")).click();
    await("the bot view again", b -> b.findElement(By.id("checklist")).isDisplayed());

    for (String scheme : List.of("light", "dark")) {
      TestChromium.colourScheme(browser, scheme);
      assertEquals(List.of(), Axe.seriousViolations(browser), "the bot view's panels, " + scheme);
    }
  }

  /** A customer of the tenant starts a conversation over the chat socket and writes {@code text}. */
  private void customerWrites(String text) {
    try (ChatClient customer = ChatClient.connect(node.httpPort(), TENANT)) {
      customer.startNew();
      customer.answerTo("c-1", text);
    }
  }

  /** The conversations the Conversations view lists. */
  private int rows() {
    return browser.findElements(By.cssSelector("#conversations tbody tr[data-session]")).size();
  }

  /** Whether the checklist's item {@code id} is done, as the page shows it. */
  private String done(String id) {
    return browser.findElement(By.cssSelector("#checklist-items li[data-item='" + id + "']")).getDomAttribute("data-done");
  }

  private HttpResponse<String> admin(String method, String path, String body) throws Exception {
    return TestIdentity.asAdmin(node.httpPort(), method, path + "?tenant=" + TENANT, body);
  }

  private void await(String what, Function<WebDriver, Boolean> condition) {
    wait(WAIT, what, condition);
  }

  /** {@code condition} within {@link #PUSHED}: a change the node told the console of. */
  private void soon(String what, Function<WebDriver, Boolean> condition) {
    wait(PUSHED, what + " within " + PUSHED.toSeconds() + " s", condition);
  }

  private void wait(Duration within, String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, within).withMessage(what).ignoring(StaleElementReferenceException.class).until(condition::apply);
  }
}
