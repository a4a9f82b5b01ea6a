package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.voice.media.AudioChunk;
import io.parley.voice.media.Wav;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
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
  /** The rate of the fake microphone's sound, and of the page's voice. */
  static final int MICROPHONE_RATE = 16_000;

  private final List<String> arguments;
  private final Map<String, Object> preferences;
  private final Optional<Supplier<short[]>> microphone;
  private Path directory;
  private ChromeDriver browser;

  private ChatPage(List<String> arguments, Map<String, Object> preferences, Optional<Supplier<short[]>> microphone) {
    this.arguments = arguments;
    this.preferences = preferences;
    this.microphone = microphone;
  }

  /** Chromium with these command-line {@code arguments} and {@code preferences} (see {@link TestChromium}). */
  static ChatPage inChromium(List<String> arguments, Map<String, Object> preferences) {
    return new ChatPage(arguments, preferences, Optional.empty());
  }

  /**
   * Chromium whose fake microphone, once the page opens it, plays {@code sound} (mono at
   * {@link #MICROPHONE_RATE}) once and then silence: {@code %noloop}, so nothing is heard twice.
   * Every site may use it, and the page may play audio without a click first.
   */
  static ChatPage withMicrophone(Supplier<short[]> sound) {
    return new ChatPage(List.of("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        "--autoplay-policy=no-user-gesture-required"), Map.of(), Optional.of(sound));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    directory = Files.createTempDirectory("parley-chromium");
    List<String> all = new ArrayList<>(arguments);
    if (microphone.isPresent()) {
      // Past its end Chromium repeats the file's last buffer: a second of silence ends it.
      short[] sound = microphone.get().get();
      Path wav = directory.resolve("microphone.wav");
      short[] ended = Arrays.copyOf(sound, sound.length + MICROPHONE_RATE);
      Files.write(wav, Wav.write(new AudioChunk(ended, MICROPHONE_RATE)));
      all.add("--use-file-for-fake-audio-capture=" + wav + "%noloop");
    }
    browser = TestChromium.start(directory.resolve("profile"), all, preferences);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (browser != null) browser.quit();
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    }
  }

  ChromeDriver browser() {
    return browser;
  }

  /**
   * Loads the page of the node on {@code port} with nothing stored from an earlier visit, so its
   * first message (or the microphone) starts a conversation of its own, and waits until the node
   * answered the page.
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

  /**
   * Clicks the microphone and waits until voice is on. The browser's own processing of the
   * microphone is off: the fake device's sound is clean speech, which it would only blur.
   */
  void startVoice() {
    WebElement microphone = microphone();
    await("the microphone offered: the node has voice", b -> microphone.isDisplayed());
    browser.executeScript(
        "window.parleyVoiceConstraints = {echoCancellation: false, noiseSuppression: false, autoGainControl: false}");
    microphone.click();
    await("voice on", b -> "on".equals(microphone.getAttribute("data-state")));
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
    await(what, WAIT, condition);
  }

  /** The same for what takes longer, such as what the fake microphone says later in its sound. */
  void await(String what, Duration within, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, within).withMessage(what).until(condition::apply);
  }
}
