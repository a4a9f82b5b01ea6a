package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat page (web/index.html) in its own headless Chromium ({@link TestChromium}, a fresh
 * profile), as the customer sees and uses it: the microphone button, the notices, typing a message
 * and its answer. A JUnit extension on a static field: one browser for the test class. Everything
 * is waited for, never slept on.
 */
final class ChatPage implements BeforeAllCallback, AfterAllCallback {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private final List<String> arguments;
  private final Map<String, Object> preferences;
  private Path profile;
  private ChromeDriver browser;

  private ChatPage(List<String> arguments, Map<String, Object> preferences) {
    this.arguments = arguments;
    this.preferences = preferences;
  }

  /** Chromium with these command-line {@code arguments} and {@code preferences} (see {@link TestChromium}). */
  static ChatPage inChromium(List<String> arguments, Map<String, Object> preferences) {
    return new ChatPage(arguments, preferences);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    profile = Files.createTempDirectory("parley-chromium");
    browser = TestChromium.start(profile, arguments, preferences);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (browser != null) browser.quit();
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    }
  }

  ChromeDriver browser() {
    return browser;
  }

  /**
   * Loads the page of the node on {@code port} with nothing stored from an earlier visit, so it
   * starts a conversation of its own, and waits until it has joined it.
   */
  void openNewConversation(int port) {
    String origin = "http://127.0.0.1:" + port;
    browser.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", origin, "storageTypes", "local_storage"));
    browser.get(origin + "/");
    await("the page online", b -> "online".equals(b.findElement(By.id("status")).getAttribute("data-state")));
  }

  WebElement microphone() {
    return browser.findElement(By.id("voice"));
  }

  /** The note under the message box saying the node has no voice. */
  WebElement voiceOffNote() {
    return browser.findElement(By.id("voice-off"));
  }

  /** The text of the notice the page shows under {@code key} (voice's is "voice"), once it is shown. */
  String awaitNotice(String key) {
    By notice = By.cssSelector("#notices .notice[data-key='" + key + "'] .notice__text");
    await("a " + key + " notice", b -> b.findElements(notice).stream().anyMatch(WebElement::isDisplayed));
    return browser.findElement(notice).getText();
  }

  /**
   * Types {@code question}, waits for the answer and checks it mentions {@code about}: the page is
   * a text chat whatever voice did. Expects a conversation without answers yet.
   */
  void assertTypedQuestionAnswered(String question, String about) {
    browser.findElement(By.id("input")).sendKeys(question, Keys.ENTER);
    await("the answer to \"" + question + "\"", b -> !answers().isEmpty());
    assertTrue(answers().get(0).toLowerCase(Locale.ROOT).contains(about), answers().toString());
  }

  List<String> answers() {
    return browser.findElements(By.cssSelector("#messages > li.msg--assistant.is-final .bubble__text")).stream()
        .map(WebElement::getText).toList();
  }

  void await(String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).withMessage(what).until(condition::apply);
  }
}
