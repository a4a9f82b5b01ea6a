package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

/**
 * A node that can talk, and a browser where voice cannot work: the page says why when the
 * microphone is clicked, voice stays off, and typing still gets answers. One node (offline mode)
 * and one browser for the class. The browser has a (fake) microphone, blocked for every site by
 * its settings, as a customer who refused it has it; without {@code --use-fake-ui-for-media-stream},
 * which would accept every request, that setting decides. Nothing here plays audio, and the node
 * never loads a speech engine.
 */
class VoiceFallbackBrowserTest {
  /** Run before the page's own scripts: a browser without AudioWorklet. */
  private static final String NO_AUDIO_WORKLET = """
      delete window.AudioWorkletNode;
      Object.defineProperty(BaseAudioContext.prototype, 'audioWorklet', { get: () => undefined, configurable: true });
      """;

  @RegisterExtension
  static final RunningNode NODE = RunningNode.offline();
  @RegisterExtension
  static final ChatPage PAGE = ChatPage.inChromium(List.of("--use-fake-device-for-media-stream"),
      Map.of("profile.default_content_setting_values.media_stream_mic", 2));

  @Test
  void aBlockedMicrophoneIsSaidAndTheChatGoesOn() {
    PAGE.openNewConversation(NODE.httpPort());
    WebElement microphone = offeredMicrophone();
    microphone.click();
    assertEquals("Microphone access was not allowed, so voice is off. You can go on typing.", PAGE.awaitNotice("voice"));
    assertVoiceOff(microphone);
    PAGE.assertTypedQuestionAnswered("How do I reset my password?", "password");
  }

  @Test
  void noAudioWorkletIsSaidAndTheChatGoesOn() {
    String script = (String) PAGE.browser().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
        Map.of("source", NO_AUDIO_WORKLET)).get("identifier");
    try {
      PAGE.openNewConversation(NODE.httpPort());
      assertEquals("undefined", PAGE.browser().executeScript("return typeof window.AudioWorkletNode"));
      WebElement microphone = offeredMicrophone();
      microphone.click();
      assertEquals("This browser cannot process audio (no AudioWorklet).", PAGE.awaitNotice("voice"));
      assertVoiceOff(microphone);
      PAGE.assertTypedQuestionAnswered("How do I reset my password?", "password");
    } finally {
      PAGE.browser().executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", script));
    }
  }

  /** The node said it can talk: the microphone is offered, and no note says otherwise. */
  private static WebElement offeredMicrophone() {
    WebElement microphone = PAGE.microphone();
    PAGE.await("the microphone offered", b -> microphone.isDisplayed());
    assertFalse(PAGE.voiceOffNote().isDisplayed());
    return microphone;
  }

  private static void assertVoiceOff(WebElement microphone) {
    assertEquals("off", microphone.getAttribute("data-state"));
    assertEquals("false", microphone.getAttribute("aria-pressed"));
    assertTrue(microphone.isDisplayed(), "the microphone can be tried again");
  }
}
