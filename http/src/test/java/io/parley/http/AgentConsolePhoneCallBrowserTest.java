package io.parley.http;

import static io.parley.http.PhoneEndToEndTest.await;
import static io.parley.http.PhoneEndToEndTest.awaitQuiet;
import static io.parley.http.PhoneEndToEndTest.awaitSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * A phone call handed warmly to the agent console, over real SIP and RTP on loopback and a real
 * browser: the caller (the test phone) says what they want and presses 0; the call rings on the
 * console phone of an agent signed in with a password in headless Chromium (a fake microphone
 * playing a tone), with the brief. Accepted, the two are bridged through the node: the caller hears
 * the agent's microphone as RTP with energy, the agent's page receives the caller's tone, and the
 * session records the transfer as accepted; an agent of another tenant, online with its console
 * phone, never hears it ring. Declined, the caller stays with the bot and the session says so.
 */
@RunsAlone
class AgentConsolePhoneCallBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static TestPhoneNode.Line line;

  @TempDir Path work;
  @RegisterExtension final BrowserPerTest chromium = BrowserPerTest.withArguments(BrowserPerTest.FAKE_MEDIA);
  private WebDriver browser;

  @BeforeAll
  static void start() throws Exception {
    line = TestPhoneNode.Line.start("Your ticket is open.", Map.of("parley.sip.outbound.person-decides", "45s"));
    assertEquals(200, TestIdentity.asAdmin(line.node().httpPort(), "PUT", "/v1/config?tenant=" + TestIdentity.DEFAULT_TENANT,
        "{\"config\": {\"phoneTransferTarget\": \"console\", \"voice\": {\"transferMode\": \"warm\"}}}").statusCode());
  }

  @AfterAll
  static void stop() {
    line.close();
  }

  @BeforeEach
  void agentSignedIn() throws Exception {
    // The fake microphone loops a steady tone at 16 kHz: the agent talking.
    short[] tone = new short[16_000 * 2];
    for (int i = 0; i < tone.length; i++) tone[i] = (short) (6000 * Math.sin(2 * Math.PI * 440 * i / 16_000.0));
    Path microphone = work.resolve("agent.wav");
    Files.write(microphone, Wav.write(new AudioChunk(tone, 16_000)));
    browser = chromium.start(List.of("--use-file-for-fake-audio-capture=" + microphone,
        "--autoplay-policy=no-user-gesture-required", "--window-size=1366,900"));
    AdminConsolePage.signInAsAgent(browser, line.node().httpPort(), TestIdentity.DEFAULT_TENANT, "Dana");
    // The tone is clean: the browser's own processing would only blur it.
    ((JavascriptExecutor) browser).executeScript(
        "window.parleyVoiceConstraints = {echoCancellation: false, noiseSuppression: false, autoGainControl: false}");
    awaitPage("the console's phone ready", b -> "ready".equals(phone().getAttribute("data-state")) && phone().isDisplayed());
  }

  @Test
  void anAgentAcceptsInTheBrowserAndTheCallerAndTheAgentHearEachOther() throws Exception {
    try (TestPhone caller = new TestPhone(LoopbackPorts.port());
        ChatClient stranger = ChatClient.open(line.node().httpPort(),
            "/v1/agent/phone?token=" + TestIdentity.agentToken("initech", "agent-eve"))) {
      stranger.expect("ready");
      String sessionId = askedForAPerson(caller);
      awaitPage("the call ringing with its brief", b -> "ringing".equals(phone().getAttribute("data-state")));
      assertTrue(stranger.drain(Duration.ofMillis(500)).stream().noneMatch(frame -> frame.get("type").asText().equals("ringing")),
          "another tenant's agent's phone does not ring");
      String brief = browser.findElement(By.id("phone-brief")).getText().toLowerCase(Locale.ROOT);
      assertTrue(brief.contains("ticket"), "the brief tells what the caller said: " + brief);
      assertEquals(List.of(), Axe.seriousViolations(browser), "a call ringing");
      int onHold = caller.packetsReceived();
      await("the hold tone", () -> caller.packetsReceived() > onHold + 100);

      browser.findElement(By.id("phone-accept")).click();
      awaitPage("connected", b -> "connected".equals(phone().getAttribute("data-state")));
      JsonNode accepted = awaitSession(line.node().httpPort(), sessionId, view -> view.path("transfers").size() > 0);
      JsonNode transfer = accepted.get("transfers").get(0);
      assertEquals("console", transfer.get("target").asText());
      assertEquals("accepted", transfer.get("outcome").asText(), accepted.toString());
      assertTrue(transfer.get("transferred").asBoolean());

      // The agent's microphone reaches the caller as loud RTP.
      int beforeAgent = caller.heard().size();
      await("the agent's voice in the caller's ear", () -> loudSince(caller, beforeAgent) > 50);
      // The caller's tone reaches the agent's page.
      caller.speak(tone8k(2_000));
      awaitPage("the caller's voice in the agent's browser",
          b -> number("return window.parleyPhoneStats.loudFramesHeard") > 25);
      assertTrue(number("return window.parleyPhoneStats.framesSent") > 50, "the microphone's frames went out");

      caller.hangUp();
      awaitPage("the call ended in the console", b -> "ready".equals(phone().getAttribute("data-state"))
          && browser.findElement(By.id("phone-state")).getText().contains("The caller hung up"));
    }
  }

  @Test
  void anAgentWhoDeclinesLeavesTheCallerWithTheBotAndTheReasonInTheSession() throws Exception {
    try (TestPhone caller = new TestPhone(LoopbackPorts.port())) {
      String sessionId = askedForAPerson(caller);
      awaitPage("the call ringing", b -> "ringing".equals(phone().getAttribute("data-state")));
      browser.findElement(By.id("phone-decline")).click();
      JsonNode declined = awaitSession(line.node().httpPort(), sessionId, view -> view.path("transfers").size() > 0);
      JsonNode transfer = declined.get("transfers").get(0);
      assertEquals("declined", transfer.get("outcome").asText(), declined.toString());
      assertFalse(transfer.get("transferred").asBoolean());
      assertEquals("open", declined.get("status").asText());
      awaitSession(line.node().httpPort(), sessionId, view -> view.get("messages").toString().contains("couldn't put you through"));
      assertFalse(caller.hungUpByNode().isDone(), "the caller is still with the bot");
      assertEquals("ready", phone().getAttribute("data-state"));
      caller.hangUp();
    }
  }

  /** Calls in, says what it is about, and presses 0 for a person: the session's id. */
  private static String askedForAPerson(TestPhone caller) throws Exception {
    String sessionId = caller.answeredCall(line.sipPort());
    awaitQuiet(caller);
    short[] said = TestSpeech.say("What is the status of my ticket?", 8_000);
    caller.speak(Arrays.copyOf(said, said.length + 8_000));
    awaitSession(line.node().httpPort(), sessionId, view -> view.get("messages").size() >= 3);
    caller.press('0');
    return sessionId;
  }

  private static long loudSince(TestPhone caller, int from) {
    List<TestPhone.Heard> heard = caller.heard();
    return heard.subList(Math.min(from, heard.size()), heard.size()).stream().filter(packet -> !packet.quiet()).count();
  }

  /** A loud 1 kHz tone of {@code millis} at 8 kHz. */
  private static short[] tone8k(int millis) {
    short[] samples = new short[8 * millis];
    for (int i = 0; i < samples.length; i++) samples[i] = (short) (8000 * Math.sin(2 * Math.PI * 1000 * i / 8000.0));
    return samples;
  }

  private WebElement phone() {
    return browser.findElement(By.id("phone"));
  }

  private long number(String script) {
    Object value = ((JavascriptExecutor) browser).executeScript(script);
    return value instanceof Number n ? n.longValue() : 0;
  }

  private void awaitPage(String what, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(browser, WAIT).withMessage(what).until(condition::apply);
  }
}
