package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.persistence.testing.TestH2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The agent console in a real headless Chromium at desktop size: an agent signs in with a password,
 * sees a customer who asked for a person waiting, takes the conversation over with its briefing,
 * writes to the customer (a WebSocket client, who gets the agent's signed message), sees the
 * customer's answer live, and hands the conversation back to the bot; each sees the other typing, and the
 * agent sees the customer's rating. A customer who asked for a person while nobody was online is in a
 * ticket the agent finds in the Tickets view, filters, opens with its conversation, takes and closes.
 * At a phone's width (375 px), with nothing of the console wider than the screen, an agent sets the
 * display name customers see, joins a conversation the bot answers from all the open ones, inserts
 * a saved reply with the keyboard and adds a note the customer never gets. The screenshots are
 * kept in {@code target/} for people; the assertions read the DOM.
 */
class AgentConsoleBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dataDir;
  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(BrowserPerTest.DESKTOP);
  private final WebDriver browser = chromium.browser();
  @AutoClose private ParleyNode node;

  @BeforeEach
  void start() {
    node = ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.empty(), Map.of()));
  }

  @Test
  void anAgentSignsInTakesAWaitingCustomerRepliesAndHandsBack() throws Exception {
    AdminConsolePage.signInAsAgent(browser, node.httpPort(), "acme", "Dana");
    assertTrue(browser.findElement(By.id("console-status")).getText().contains("Dana"));

    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      String sessionId = customer.startNew();
      customer.say("c-1", "My order 1042 arrived broken.");
      customer.next(f -> ChatClient.isMessage(f, "assistant"));
      customer.say("c-2", "Can I talk to a human?");
      By waitingCard = By.cssSelector("#queue li[data-session='" + sessionId + "']");
      await("the customer in the queue", b -> !b.findElements(waitingCard).isEmpty());
      assertTrue(browser.findElement(waitingCard).getText().contains("Can I talk to a human?"));

      browser.findElement(waitingCard).findElement(By.cssSelector("button.take")).click();
      await("the conversation held by this agent", b -> "agent".equals(
          b.findElement(By.id("handoff-status")).getAttribute("data-status")));
      assertTrue(browser.findElement(By.id("briefing")).getText().contains("1042"), "the briefing comes first");
      assertEquals("Lead score 4: 2 messages (+4)", browser.findElement(By.id("lead")).getText(),
          "the lead score with its explanation");
      await("the queue emptied", b -> b.findElements(waitingCard).isEmpty());
      assertTrue(transcriptTexts().contains("Can I talk to a human?"), transcriptTexts().toString());

      // No model on this node: the suggestion is refused beside the conversation's buttons, in the
      // error's colours, and the status line still says who is signed in.
      browser.findElement(By.id("suggest")).click();
      WebElement refused = browser.findElement(By.id("conversation-error"));
      await("the refusal beside the buttons", b -> refused.isDisplayed());
      assertTrue(refused.getText().startsWith("Refused: no model is configured"), refused.getText());
      assertTrue(browser.findElement(By.id("console-status")).getText().startsWith("Signed in as Dana"));
      assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript(TestChromium.COLOUR_OF + """
          const shown = getComputedStyle(arguments[0]).color;
          return shown === colour('var(--error-text)') && shown !== colour('var(--ok)');""", refused));
      for (String scheme : List.of("light", "dark")) {
        TestChromium.colourScheme((ChromeDriver) browser, scheme);
        assertEquals(List.of(), Axe.seriousViolations(browser), scheme);
      }
      TestChromium.colourScheme((ChromeDriver) browser, "light");

      customer.send(ChatClient.frame("composing"));
      await("the customer typing, shown", b -> b.findElement(By.id("customer-composing")).isDisplayed());

      WebElement reply = browser.findElement(By.id("reply"));
      assertTrue(reply.isEnabled());
      reply.sendKeys("Hello, I'm Dana. I'll send a replacement today.", Keys.ENTER);
      assertEquals("Dana", customer.expect("composing").get("author").asText(), "the customer saw Dana typing first");
      JsonNode written = customer.next(f -> ChatClient.isMessage(f, "agent"));
      assertEquals("Dana", written.get("author").asText());
      assertEquals("Hello, I'm Dana. I'll send a replacement today.", written.get("text").asText());

      customer.say("c-3", "Thank you!");
      await("the customer's answer, live", b -> transcriptTexts().contains("Thank you!"));
      Files.createDirectories(Path.of("target"));
      Files.write(Path.of("target/agent-console.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

      browser.findElement(By.id("hand-back")).click();
      await("back with the bot", b -> "bot".equals(b.findElement(By.id("handoff-status")).getAttribute("data-status")));
      assertFalse(browser.findElement(By.id("reply")).isEnabled(), "only the agent holding it writes");
      assertEquals("bot", customer.next(f -> f.get("type").asText().equals("handoff")
          && f.get("status").asText().equals("bot")).get("status").asText());

      customer.send(ChatClient.frame("rate").put("score", 5).put("comment", "Thanks, Dana"));
      await("the customer's rating, live", b -> b.findElement(By.id("rating")).isDisplayed());
      assertEquals("Rated 5 of 5: “Thanks, Dana”", browser.findElement(By.id("rating")).getText());
    }
  }

  @Test
  void aTicketOpenedWhileNobodyWasOnlineIsListedOpenedTakenAndClosed() throws Exception {
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      customer.startNew();
      customer.say("c-1", "My order 1042 arrived broken. Can I talk to a human?");
      String notice = customer.next(f -> ChatClient.isMessage(f, "system"))
          .get("text").asText();
      assertTrue(notice.contains("ticket T-1001"), notice);
    }
    AdminConsolePage.signInAsAgent(browser, node.httpPort(), "acme", "Dana");
    browser.findElement(By.cssSelector("[data-agent-view='tickets-view']")).click();
    await("the Tickets view, its heading focused", b -> b.findElement(By.id("tickets-view")).isDisplayed()
        && "tickets-title".equals(b.switchTo().activeElement().getAttribute("id")));
    assertFalse(browser.findElement(By.id("workspace")).isDisplayed(), "one view at a time");
    By row = By.cssSelector("#tickets-rows tr[data-ticket='T-1001']");
    await("the ticket, listed as open", b -> !b.findElements(row).isEmpty());
    assertEquals(List.of("T-1001", "Open", "Normal", "Nobody"), cells(row, 0, 2, 3, 5));

    select("tickets-assignee", "Mine");
    await("none of the agent's own yet", b -> b.findElements(row).isEmpty()
        && b.findElement(By.id("tickets-summary")).getText().equals("No tickets match."));
    select("tickets-assignee", "Unassigned");
    await("the ticket, nobody's", b -> !b.findElements(row).isEmpty());

    browser.findElement(row).findElement(By.cssSelector("button.tickets__open")).sendKeys(Keys.ENTER);
    await("the ticket opened with its conversation", b -> b.findElement(By.id("ticket")).isDisplayed()
        && b.findElement(By.id("ticket-transcript")).getText().contains("Customer\nMy order 1042 arrived broken."));
    assertTrue(browser.findElement(By.id("ticket-title")).getText().startsWith("T-1001: "));
    assertTrue(browser.findElement(By.id("ticket-transcript")).getText().contains("ticket T-1001"), "the notice the customer read");
    for (String scheme : List.of("light", "dark")) {
      TestChromium.colourScheme((ChromeDriver) browser, scheme);
      assertEquals(List.of(), Axe.seriousViolations(browser), scheme);
    }
    TestChromium.colourScheme((ChromeDriver) browser, "light");

    browser.findElement(By.id("ticket-assign")).click();
    await("assigned to the agent", b -> b.findElement(By.id("ticket-facts")).getText().endsWith("assigned to you")
        && !b.findElement(By.id("ticket-assign")).isDisplayed());
    await("no longer unassigned", b -> b.findElements(row).isEmpty());
    select("tickets-assignee", "Mine");
    await("the agent's own", b -> !b.findElements(row).isEmpty());
    assertEquals(List.of("You"), cells(row, 5));

    assertTrue(browser.findElement(By.id("ticket-contact")).getText().startsWith("No email address"));
    browser.findElement(By.id("ticket-reply-text")).sendKeys("A new kettle ships today.");
    browser.findElement(By.cssSelector(".tickets__reply button[type=submit]")).click();
    await("the reply, in the conversation", b -> b.findElement(By.id("ticket-replies")).getText()
        .contains("(in the conversation)\nA new kettle ships today."));

    browser.findElement(By.id("ticket-status")).click();
    await("closed", b -> b.findElement(By.id("ticket-status")).getText().equals("Reopen")
        && b.findElements(row).isEmpty());
    assertTrue(browser.findElement(By.id("ticket-history")).getText().contains("Status open → closed"));
    select("tickets-status", "Closed");
    await("among the closed", b -> !b.findElements(row).isEmpty());
    assertEquals(List.of("Closed", "You"), cells(row, 2, 5));
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target/agent-console-tickets.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }

  private void select(String id, String label) {
    new Select(browser.findElement(By.id(id))).selectByVisibleText(label);
  }

  private List<String> cells(By row, int... columns) {
    List<WebElement> cells = browser.findElement(row).findElements(By.tagName("td"));
    return Arrays.stream(columns).mapToObj(column -> cells.get(column).getText()).toList();
  }

  @Test
  void atAPhonesWidthAnAgentNamesThemselfJoinsFromAllOpenInsertsASavedReplyAndAddsANote() throws Exception {
    assertEquals(201, rest("POST", "/v1/saved-replies", TestIdentity.adminKey("acme"),
        "{\"title\":\"Greeting\",\"body\":\"Hello {{customer.name}}, {{agent.name}} here.\"}").statusCode());
    browser.manage().window().setSize(new Dimension(375, 812));
    assertEquals(375L, ((JavascriptExecutor) browser).executeScript("return window.innerWidth"), "a 375 px viewport");
    AdminConsolePage.signInAsAgent(browser, node.httpPort(), "acme", "Dana Fernández-Olavarría");
    assertFitsTheScreen("signed in, the queue");

    browser.findElement(By.id("profile-button")).click();
    await("the profile, read", b -> b.findElement(By.id("profile-status")).getText().startsWith("Customers see you as"));
    assertFitsTheScreen("the profile");
    browser.findElement(By.id("profile-name")).sendKeys("Dana F.");
    browser.findElement(By.id("profile-save")).click();
    await("signed in again under the display name", b -> b.findElement(By.id("console-status")).getText()
        .startsWith("Signed in as Dana F. ("));
    browser.findElement(By.id("profile-cancel")).click();

    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme");
        ChatClient botsCustomer = ChatClient.connect(node.httpPort(), "acme")) {
      String sessionId = customer.startNew();
      customer.say("c-1", "Can I talk to a human?");
      By waitingCard = By.cssSelector("#queue li[data-session='" + sessionId + "']");
      await("the customer in the queue", b -> !b.findElements(waitingCard).isEmpty());
      assertFitsTheScreen("a customer waiting");

      // A conversation the bot answers is among all the open ones, not in the queue; the agent joins it from there.
      String botsId = botsCustomer.startNew();
      botsCustomer.say("c-1", "Where is my parcel?");
      new Select(browser.findElement(By.id("all-open-answered"))).selectByVisibleText("The bot");
      By openCard = By.cssSelector("#all-open li[data-session='" + botsId + "']");
      new WebDriverWait(browser, Duration.ofSeconds(60)).withMessage("the bot's conversation among all open")
          .ignoring(StaleElementReferenceException.class).until(b -> {
            if (!b.findElements(openCard).isEmpty()) return true;
            b.findElement(By.id("all-open-refresh")).click();
            return false;
          });
      assertTrue(browser.findElement(openCard).getText().contains("The bot answers"), browser.findElement(openCard).getText());
      assertFitsTheScreen("all open conversations");
      browser.findElement(openCard).findElement(By.xpath(".//button[text()='Join']")).click();
      await("the bot's conversation held by this agent", b -> "agent".equals(
          b.findElement(By.id("handoff-status")).getAttribute("data-status")));
      JsonNode joined = botsCustomer.next(f -> f.get("type").asText().equals("handoff") && f.get("status").asText().equals("agent"));
      assertEquals("Dana F.", joined.get("agent").asText(), "the customer sees the display name");
      assertFitsTheScreen("a conversation open");

      // A saved reply, chosen with the keyboard, filled for the conversation: no name known, so that variable stays.
      browser.findElement(By.id("reply")).sendKeys(Keys.chord(Keys.ALT, "r"));
      await("the picker, its search focused", b -> "saved-replies-search".equals(b.switchTo().activeElement().getAttribute("id")));
      browser.switchTo().activeElement().sendKeys("greet");
      await("the saved reply found", b -> b.findElement(By.id("saved-replies-list")).getText().contains("Greeting"));
      assertFitsTheScreen("the saved replies");
      browser.switchTo().activeElement().sendKeys(Keys.ENTER);
      await("the reply inserted", b -> "Hello {{customer.name}}, Dana F. here.".equals(
          b.findElement(By.id("reply")).getAttribute("value")));
      assertEquals("Fill in before sending: {{customer.name}}", browser.findElement(By.id("saved-replies-status")).getText());
      assertEquals("reply", browser.switchTo().activeElement().getAttribute("id"), "back in the reply box");

      AdminConsolePage.addNote(browser, "Asked twice about the parcel; check the courier.");
      await("the note, listed", b -> b.findElement(By.id("notes")).getText().contains("check the courier")
          && b.findElement(By.id("notes-count")).getText().equals("1"));
      assertTrue(browser.findElement(By.id("notes")).getText().startsWith("Dana F. · "), browser.findElement(By.id("notes")).getText());
      assertFitsTheScreen("a note added");
      assertTrue(botsCustomer.drain(Duration.ofMillis(300)).stream().noneMatch(f -> f.toString().contains("courier")),
          "the note never reaches the customer");
      assertEquals(List.of(), Axe.seriousViolations(browser), "at 375 px");
      Files.createDirectories(Path.of("target"));
      Files.write(Path.of("target/agent-console-phone.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
  }

  private java.net.http.HttpResponse<String> rest(String method, String path, String credential, String body) throws Exception {
    return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + node.httpPort() + path))
        .header("Authorization", "Bearer " + credential).header("Content-Type", "application/json")
        .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  private void assertFitsTheScreen(String when) {
    assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript(
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
        when + ": " + ((JavascriptExecutor) browser).executeScript(
            "return document.documentElement.scrollWidth + ' px wide in ' + document.documentElement.clientWidth"));
  }

  /** Takes the conversation {@code sessionId} from the queue, once it is there, and waits until this agent holds it. */
  static void take(WebDriver browser, String sessionId) {
    By waitingCard = By.cssSelector("#queue li[data-session='" + sessionId + "']");
    WebDriverWait waiting = new WebDriverWait(browser, WAIT);
    waiting.withMessage("the customer in the queue").until(b -> !b.findElements(waitingCard).isEmpty());
    browser.findElement(waitingCard).findElement(By.cssSelector("button.take")).click();
    waiting.withMessage("the conversation held by this agent").ignoring(NoSuchElementException.class)
        .until(b -> "agent".equals(b.findElement(By.id("handoff-status")).getDomAttribute("data-status")));
  }

  private List<String> transcriptTexts() {
    return browser.findElements(By.cssSelector("#transcript .bubble__text")).stream().map(WebElement::getText).toList();
  }

  private void await(String what, Function<WebDriver, Boolean> condition) {
    // The transcript is drawn again as messages come: a bubble read while it is replaced is read again.
    new WebDriverWait(browser, WAIT).withMessage(what).ignoring(StaleElementReferenceException.class)
        .until(condition::apply);
  }
}
