package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.persistence.testing.TestH2;
import io.parley.voice.media.AudioChunk;
import io.parley.voice.media.Wav;
import io.parley.voice.testing.TestSpeech;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Voice in a real browser: headless Chromium with a fake microphone that plays a spoken question
 * (made by the local TTS engine, then silence), the page's AudioWorklet sending it to the node,
 * the node hearing it, answering in text and aloud, and the page playing the answer.
 */
@RunsAlone
class VoiceBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String ANSWER = "Your parcel left our warehouse on Monday. It should arrive by Friday.";

  @TempDir Path dataDir;
  @RegisterExtension final BrowserPerTest chromium = BrowserPerTest.withArguments(BrowserPerTest.FAKE_MEDIA);
  @AutoClose private FakeChatCompletionsServer model;
  @AutoClose private ParleyNode node;
  private WebDriver browser;

  @BeforeEach
  void start() throws Exception {
    model = FakeChatCompletionsServer.start(request -> ANSWER);
    node = ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.of(model.baseUrl()), Map.of()));
    // The fake device loops its file: one question, then long enough a silence for the whole answer.
    short[] question = TestSpeech.say("Where is my parcel?", 16_000);
    Path microphone = dataDir.resolve("microphone.wav");
    Files.write(microphone, Wav.write(new AudioChunk(Arrays.copyOf(question, question.length + 16_000 * 20), 16_000)));
    browser = chromium.start(List.of("--use-file-for-fake-audio-capture=" + microphone,
        "--autoplay-policy=no-user-gesture-required"));
  }

  @Test
  void aSpokenQuestionIsHeardAnsweredAndPlayed() {
    browser.get("http://127.0.0.1:" + node.httpPort() + "/");
    WebElement microphone = browser.findElement(By.id("voice"));
    await("the microphone offered: the node has voice", b -> microphone.isDisplayed());
    // The fake device's file is clean speech: the browser's own processing would only blur it.
    ((JavascriptExecutor) browser).executeScript(
        "window.parleyVoiceConstraints = {echoCancellation: false, noiseSuppression: false, autoGainControl: false}");
    microphone.click();
    await("voice on", b -> "on".equals(microphone.getAttribute("data-state")));
    assertEquals("true", microphone.getAttribute("aria-pressed"));

    await("the question heard", b -> browser.findElement(By.id("heard")).getText().toLowerCase(Locale.ROOT).contains("parcel"));
    await("the question as a message", b -> texts("#messages > li.msg--user .bubble__text").stream()
        .anyMatch(text -> text.toLowerCase(Locale.ROOT).contains("parcel")));
    await("the answer as text", b -> texts("#messages > li.msg--assistant.is-final .bubble__text").contains(ANSWER));
    await("the answer played", b -> number("return window.parleyVoiceStats.playedMs") > 2_000);
    assertTrue(number("return window.parleyVoiceStats.frames") > 100, "the answer's audio frames arrived");

    microphone.click();
    await("voice off", b -> "off".equals(microphone.getAttribute("data-state")));
  }

  private List<String> texts(String selector) {
    return browser.findElements(By.cssSelector(selector)).stream().map(WebElement::getText).toList();
  }

  private long number(String script) {
    Object value = ((JavascriptExecutor) browser).executeScript(script);
    return value instanceof Number n ? n.longValue() : 0;
  }

  private void await(String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).withMessage(what).until(condition::apply);
  }
}
