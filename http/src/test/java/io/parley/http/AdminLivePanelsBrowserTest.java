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
 * nothing reads on a timer. axe-core finds nothing serious in the panels, light or dark.
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
    assertEquals(url, browser.getCurrentUrl(), "the page was never opened again");

    for (String scheme : List.of("light", "dark")) {
      TestChromium.colourScheme(browser, scheme);
      assertEquals(List.of(), Axe.seriousViolations(browser), "the bot view's panels, " + scheme);
    }
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
