package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The agent console across languages, in a real headless Chromium with a model speaking the
 * OpenAI-compatible wire format: an English-speaking agent sees that a waiting customer writes
 * German, in the queue and in the conversation, reads the customer's message translated without
 * asking, and replies in English, reading (at a phone's width) the German translation before sending
 * it; the customer reads German, and the console marks the message as the model's
 * translation with what the agent wrote. The agent's internal note is in the admin's view of the
 * conversation, and the admin adds, changes and deletes a saved reply in the console. When the model fails, the reply stays in the box and the
 * agent is told nothing was sent. When the customer switches to French, the open conversation says so. axe-core finds nothing serious, light or dark.
 */
class AgentConsoleLanguagesBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Map<String, String> DICTIONARY = Map.of(
      "Ich möchte mit einem Menschen sprechen", "I would like to talk to a person",
      "Your replacement ships today.", "Ihr Ersatz wird heute verschickt.");

  @RegisterExtension final RunningNode node = RunningNode.withModel(
      () -> FakeChatCompletionsServer.start(FakeTranslator.answering(DICTIONARY)));
  @RegisterExtension final BrowserPerTest chromium = new BrowserPerTest(new Dimension(1366, 900));
  private ChromeDriver browser;

  @Test
  void anAgentSeesTheLanguageReadsATranslationAndRepliesTranslated() throws Exception {
    browser = chromium.browser();
    String dana = AdminConsolePage.signInAsAgent(browser, node.httpPort(), "acme", "Dana");
    new Select(browser.findElement(By.id("agent-language"))).selectByValue("en");

    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      String sessionId = customer.startIn("de");
      customer.say("c-1", "Ich möchte mit einem Menschen sprechen");
      By waitingCard = By.cssSelector("#queue li[data-session='" + sessionId + "']");
      await("the customer in the queue, in German", b -> !b.findElements(waitingCard).isEmpty()
          && b.findElement(waitingCard).getText().contains("German"));

      browser.findElement(waitingCard).findElement(By.cssSelector("button.take")).click();
      await("the conversation held by this agent", b -> "agent".equals(
          b.findElement(By.id("handoff-status")).getAttribute("data-status")));
      assertEquals("Language: German (de)", browser.findElement(By.id("conversation-language")).getText());
      assertEquals("de", browser.findElement(By.id("conversation-language")).getAttribute("data-language"));

      assertEquals("Translate into English", browser.findElement(By.id("translate")).getText());
      By translated = By.cssSelector("#transcript .msg--user .bubble__translation");
      await("the customer's message in English, unasked", b -> !b.findElements(translated).isEmpty());
      assertEquals("English (machine translation): I would like to talk to a person",
          browser.findElement(translated).getText());
      assertEquals("en", browser.findElement(translated).getAttribute("lang"));

      assertTrue(browser.findElement(By.id("translate-reply")).isSelected(), "a reply goes out in German unless unticked");
      assertEquals("Translate into German by the model, to read before sending",
          browser.findElement(By.id("translate-reply-box")).getText());
      // At a phone's width: the translation is shown to read and edit; nothing is sent before the agent sends it.
      browser.manage().window().setSize(new Dimension(375, 812));
      browser.findElement(By.id("reply")).sendKeys("Your replacement ships today.", Keys.ENTER);
      await("the translation, previewed", b -> b.findElement(By.id("reply-preview")).isDisplayed());
      assertEquals("Ihr Ersatz wird heute verschickt.", browser.findElement(By.id("reply-preview-text")).getAttribute("value"));
      assertEquals("reply-preview-text", browser.switchTo().activeElement().getAttribute("id"));
      assertTrue(customer.drain(Duration.ofMillis(500)).stream().noneMatch(f -> f.get("type").asText().equals("message")
          && f.get("role").asText().equals("agent")), "nothing sent before the agent sends the translation");
      assertEquals(Boolean.TRUE, browser.executeScript(
          "return document.documentElement.scrollWidth <= document.documentElement.clientWidth"), "the preview fits 375 px");
      assertEquals(List.of(), Axe.seriousViolations(browser), "the preview at 375 px");
      browser.findElement(By.id("reply-preview-send")).click();
      browser.manage().window().setSize(new Dimension(1366, 900));
      JsonNode received = customer.next(f -> ChatClient.isMessage(f, "agent"));
      assertEquals("Ihr Ersatz wird heute verschickt.", received.get("text").asText());
      By marked = By.cssSelector("#transcript .msg--agent .bubble[data-translated='true']");
      await("the reply shown as sent, marked as a translation", b -> !b.findElements(marked).isEmpty());
      WebElement bubble = browser.findElement(marked);
      assertEquals("Ihr Ersatz wird heute verschickt.", bubble.findElement(By.className("bubble__text")).getText());
      assertEquals("de", bubble.findElement(By.className("bubble__text")).getAttribute("lang"));
      assertEquals("Machine translation into German of what was written in English: “Your replacement ships today.”",
          bubble.findElement(By.className("bubble__translation")).getText());
      await("the reply box emptied once stored", b -> b.findElement(By.id("reply")).getAttribute("value").isEmpty());

      for (String scheme : List.of("light", "dark")) {
        TestChromium.colourScheme(browser, scheme);
        assertEquals(List.of(), Axe.seriousViolations(browser), scheme);
      }
      TestChromium.colourScheme(browser, "light");
      Files.createDirectories(Path.of("target"));
      Files.write(Path.of("target/agent-console-languages.png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

      // The model fails on every attempt: nothing is sent, and the agent's words stay in the box.
      node.model().enqueue(Reply.error(503, "overloaded"), Reply.error(503, "overloaded"), Reply.error(503, "overloaded"));
      browser.findElement(By.id("reply")).sendKeys("Anything else?", Keys.ENTER);
      WebElement refused = browser.findElement(By.id("conversation-error"));
      await("the failed translation, told", b -> refused.isDisplayed());
      assertTrue(refused.getText().startsWith("Refused: the model did not translate; try again. Your reply was not sent"),
          refused.getText());
      assertEquals("Anything else?", browser.findElement(By.id("reply")).getAttribute("value"));
      assertTrue(customer.drain(Duration.ofMillis(500)).stream().noneMatch(f -> f.get("type").asText().equals("message")
          && f.get("role").asText().equals("agent")), "nothing reached the customer");

      // The customer switches to French: the open conversation follows without being opened again.
      assertEquals("ack", customer.say("c-2", "Bonjour, je voudrais savoir quand ma commande arrivera chez moi, merci.")
          .get("type").asText());
      await("the conversation's new language", b -> "fr".equals(
          b.findElement(By.id("conversation-language")).getAttribute("data-language")));
      assertEquals("Language: French (fr)", browser.findElement(By.id("conversation-language")).getText());
      assertEquals("Translate into French by the model, to read before sending",
          browser.findElement(By.id("translate-reply-box")).getText());
      AdminConsolePage.addNote(browser, "Wants the replacement before Friday.");
      await("the note, listed", b -> b.findElement(By.id("notes")).getText().contains("before Friday"));
      anAdminReadsTheLanguageAndTheMarkedTranslation(sessionId, dana);
      anAdminWritesASavedReply();
    }
  }

  /** The Language column of a conversation's row in the admin console's list. */
  private static String languageCell(WebElement row) {
    return row.findElements(By.tagName("td")).get(8).getText();
  }

  /**
   * The admin console lists the conversation with its language, filters by it, and its view marks the
   * translation; the note of the agent signed in as {@code dana} is theirs, named without the email's domain.
   */
  private void anAdminReadsTheLanguageAndTheMarkedTranslation(String sessionId, String dana) throws Exception {
    AdminConsolePage.signInAsAdmin(browser, node.httpPort(), "acme");
    browser.findElement(By.cssSelector("[data-view='conversations']")).click();
    browser.findElement(By.id("conversation-language")).sendKeys("fr");
    By row = By.cssSelector("#conversations tbody tr[data-session='" + sessionId + "']");
    // The list is a projection: asked again until it has the conversation in French. The view's
    // first listing, unfiltered, may show it still in German, as the projection had it then.
    new WebDriverWait(browser, Duration.ofSeconds(90)).withMessage("the conversation listed as French")
        .ignoring(StaleElementReferenceException.class).until(b -> {
          List<WebElement> listed = b.findElements(row);
          if (!listed.isEmpty() && languageCell(listed.get(0)).equals("French (fr)")) return true;
          b.findElement(By.id("conversation-show")).click();
          return false;
        });

    browser.findElement(By.id("conversation-language")).clear();
    browser.findElement(By.id("conversation-language")).sendKeys("de");
    browser.findElement(By.id("conversation-show")).click();
    await("no German conversation any more", b -> b.findElements(row).isEmpty()
        && b.findElement(By.cssSelector("#conversations tbody")).getText().equals("No conversations."));
    browser.findElement(By.id("conversation-language")).clear();
    browser.findElement(By.id("conversation-show")).click();
    await("listed again", b -> !b.findElements(row).isEmpty());
    browser.findElement(row).findElement(By.cssSelector("button.open")).click();
    await("the transcript", b -> b.findElement(By.id("transcript")).isDisplayed());
    assertTrue(browser.findElement(By.id("transcript-facts")).getText().contains("French (fr), from detected"),
        browser.findElement(By.id("transcript-facts")).getText());
    WebElement translated = browser.findElement(By.cssSelector("#transcript-messages li[data-translated='true']"));
    assertTrue(translated.getText().contains("Ihr Ersatz wird heute verschickt.\n"
        + "Machine translation into German (de) of the agent's words in English (en):\nYour replacement ships today."),
        translated.getText());
    assertTrue(browser.findElement(By.id("transcript-notes")).getText().contains(dana.substring(0, dana.indexOf('@')) + " · ")
        && browser.findElement(By.id("transcript-notes")).getText().contains("Wants the replacement before Friday."),
        "the agent's note, in the admin's view of the conversation");
    assertEquals(List.of(), Axe.seriousViolations(browser), "the admin console");
  }

  /** The admin console's Saved replies: one added, changed and deleted, no curl needed. */
  private void anAdminWritesASavedReply() {
    browser.findElement(By.cssSelector("[data-view='replies']")).click();
    await("no saved replies yet", b -> b.findElement(By.id("saved-replies-admin")).getText().equals("No saved replies yet."));
    browser.findElement(By.id("saved-reply-title")).sendKeys("Shipping");
    browser.findElement(By.id("saved-reply-body")).sendKeys("Hello {{customer.name}}, your parcel ships today.");
    browser.findElement(By.id("saved-reply-save")).click();
    By item = By.cssSelector("#saved-replies-admin li[data-reply]");
    await("the reply, listed", b -> !b.findElements(item).isEmpty() && b.findElement(item).getText().contains("Shipping"));
    assertEquals(List.of(), Axe.seriousViolations(browser), "the saved replies view");
    clickOnceThere("the reply's edit button", b -> b.findElement(item).findElement(By.cssSelector("button.edit")));
    browser.findElement(By.id("saved-reply-title")).clear();
    browser.findElement(By.id("saved-reply-title")).sendKeys("Shipping today");
    browser.findElement(By.id("saved-reply-save")).click();
    await("the reply, changed", b -> b.findElement(By.id("saved-replies-status")).getText().equals("Changed \"Shipping today\".")
        && b.findElement(item).getText().contains("Shipping today"));
    clickOnceThere("the reply's delete button", b -> b.findElement(item).findElement(By.cssSelector("button.delete")));
    await("the reply, deleted", b -> b.findElements(item).isEmpty());
  }

  /** Clicks what {@code target} finds, found again if the list it is in was drawn anew meanwhile. */
  private void clickOnceThere(String what, Function<WebDriver, WebElement> target) {
    await(what, b -> {
      target.apply(b).click();
      return true;
    });
  }

  private void await(String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).withMessage(what).ignoring(StaleElementReferenceException.class)
        .until(condition::apply);
  }
}
