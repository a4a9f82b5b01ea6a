package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The agent console's All open in a real headless Chromium, the head of support signed in with
 * their password: every conversation not closed is listed as it stands now. One whose customer
 * asked for a person while nobody was online reads as the ticket it is in, one an agent took and
 * handed back reads as with the bot, one waiting reads as waiting; the filter by who answers lists
 * each under its status alone. The console's buttons read as buttons: the form's primary in the
 * accent, a quiet one framed.
 */
class AllOpenStatusesBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern TICKET = Pattern.compile("T-\\d+");
  private static final String TENANT = "acme";
  private static final String HEAD = "head@shop.example";

  private static StaffNode staff;
  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final WebDriver browser = chromium.browser();

  @BeforeAll
  static void start() throws Exception {
    staff = StaffNode.start(TENANT, HEAD, Map.of());
  }

  @AfterAll
  static void stop() {
    if (staff != null) staff.close();
  }

  @Test
  void eachOpenConversationReadsAsItStandsATicketHandedBackOrWaiting() throws Exception {
    int port = staff.node.httpPort();
    // Each customer connects when they start: a socket that starts nothing for long is closed by the node.
    try (ChatClient ticketed = ChatClient.connectAs(port, TENANT, Optional.of("ada"))) {
      // Nobody is online: the customer's conversation goes to a ticket, and the bot answers again.
      String ticketedId = ticketed.startNew();
      ticketed.say("c-1", "My order 1042 arrived broken. Can I talk to a human?");
      String notice = ticketed.next(f -> ChatClient.isMessage(f, "system"))
          .get("text").asText();
      Matcher ticket = TICKET.matcher(notice);
      assertTrue(ticket.find(), notice);

      AdminConsolePage.signInToAgentConsole(browser, port, TENANT, HEAD, StaffNode.PASSWORD, "");

      String handedBackId;
      try (ChatClient handedBack = ChatClient.connectAs(port, TENANT, Optional.of("bo"))) {
        handedBackId = handedBack.startNew();
        handedBack.say("c-1", "Can I talk to a human?");
        AgentConsoleBrowserTest.take(browser, handedBackId);
        assertEquals(List.of("accent", "filled"), looks("#send"), "Send is the form's primary button, filled with the accent");
        assertEquals(List.of("surface", "framed"), looks("#hand-back"), "a quiet button is framed too");
        browser.findElement(By.id("hand-back")).click();
        await("back with the bot", b -> "bot".equals(b.findElement(By.id("handoff-status")).getAttribute("data-status")));
      }
      try (ChatClient waiting = ChatClient.connectAs(port, TENANT, Optional.of("cy"))) {
        String waitingId = waiting.startNew();
        waiting.say("c-1", "Can I talk to a human?");
        statusesListed(ticketedId, "Ticket " + ticket.group(), handedBackId, waitingId);
      }
    }
  }

  /** All open says each conversation's status, and its filter by who answers lists each under its own alone. */
  private void statusesListed(String ticketedId, String ticketed, String handedBackId, String waitingId) {

    Map<String, String> all = Map.of(ticketedId, ticketed, handedBackId, "With the bot", waitingId, "Waiting for a person");
    all.forEach((session, status) -> awaitCard(session, status));
    assertEquals(List.of(), Axe.seriousViolations(browser));

    new Select(browser.findElement(By.id("all-open-answered"))).selectByVisibleText("Waiting for a person");
    awaitCard(waitingId, "Waiting for a person");
    await("only the waiting one", b -> b.findElements(By.cssSelector("#all-open li")).size() == 1);
    new Select(browser.findElement(By.id("all-open-answered"))).selectByVisibleText("The bot");
    awaitCard(handedBackId, "With the bot");
    awaitCard(ticketedId, ticketed);
    await("the bot's two", b -> b.findElements(By.cssSelector("#all-open li")).size() == 2);
    for (String scheme : List.of("light", "dark")) {
      TestChromium.colourScheme((ChromeDriver) browser, scheme);
      assertEquals(List.of(), Axe.seriousViolations(browser), scheme);
    }
  }

  /**
   * How the button {@code selector} looks: its background ({@code accent}, {@code surface} or what
   * it computes to, a transparent one as the page's) and whether a border frames it.
   */
  @SuppressWarnings("unchecked")
  private List<String> looks(String selector) {
    return (List<String>) ((JavascriptExecutor) browser).executeScript(TestChromium.COLOUR_OF + """
        const style = getComputedStyle(document.querySelector(arguments[0]));
        const background = style.backgroundColor === 'rgba(0, 0, 0, 0)' ? getComputedStyle(document.body).backgroundColor
          : style.backgroundColor;
        const named = { [colour('var(--accent)')]: 'accent', [colour('var(--surface)')]: 'surface', [colour('var(--bg)')]: 'surface' };
        const framed = parseFloat(style.borderTopWidth) >= 1 && style.borderTopColor !== 'rgba(0, 0, 0, 0)'
          && style.borderTopColor !== background;
        return [named[background] ?? background, framed ? 'framed' : 'filled'];""", selector);
  }

  /** Waits until All open lists {@code session} saying {@code status}, refreshing it meanwhile (the read model follows the sessions). */
  private void awaitCard(String session, String status) {
    By card = By.cssSelector("#all-open li[data-session='" + session + "']");
    await(session + " listed as " + status, b -> {
      if (!b.findElements(card).isEmpty() && b.findElement(card).getText().contains(status)) return true;
      b.findElement(By.id("all-open-refresh")).click();
      return false;
    });
  }

  private void await(String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).pollingEvery(Duration.ofMillis(500)).withMessage(what)
        .ignoring(StaleElementReferenceException.class).ignoring(NoSuchElementException.class).until(condition::apply);
  }
}
