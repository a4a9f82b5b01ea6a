package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.WebElement;

/**
 * A node with voice turned off ({@code PARLEY_VOICE_ENABLED=false}) in a real browser: its
 * {@code session} frame says so, the page offers no microphone and tells the customer, under the
 * message box, that voice is not available, and typing still gets answers. The operator's view of
 * sharding says the node does not run the voice spend, rather than counting none.
 */
class VoiceOffBrowserTest {
  @RegisterExtension
  static final RunningNode NODE = RunningNode.offline(Map.of("parley.voice.enabled", false,
      "parley.management.ops-token", OpsClient.TOKEN));
  @RegisterExtension
  static final ChatPage PAGE = ChatPage.inChromium(List.of(), Map.of());

  @Test
  void thePageSaysVoiceIsUnavailableAndStaysATextChat() {
    try (ChatClient client = ChatClient.connect(NODE.httpPort(), TestIdentity.DEFAULT_TENANT)) {
      client.send(ChatClient.frame("start"));
      JsonNode session = client.expect("session");
      assertFalse(session.get("voice").asBoolean(true), "the session frame says no voice: " + session);
    }

    PAGE.openNewConversation(NODE.httpPort());
    WebElement note = PAGE.voiceOffNote();
    PAGE.await("the note that voice is not available", b -> note.isDisplayed());
    assertEquals("Voice is not available on this server, so this chat is text only.", note.getText());
    assertFalse(PAGE.microphone().isDisplayed(), "no microphone offered");
    PAGE.assertTypedQuestionAnswered("How do I reset my password?", "password");
    assertTrue(note.isDisplayed());
  }

  @Test
  void theShardingReportSaysTheNodeDoesNotRunTheVoiceSpend() {
    JsonNode types = OpsClient.withToken(NODE.node().managementPort()).json("/cluster/sharding").get("entityTypes");
    for (JsonNode type : types) {
      boolean voiceSpend = type.get("name").asText().equals("TenantVoiceSpend");
      assertEquals(!voiceSpend, type.get("started").asBoolean(), type.toString());
      if (voiceSpend) {
        assertFalse(type.get("answered").asBoolean(), type.toString());
        assertTrue(type.get("entities").isNull(), "no count, not a count of zero: " + type);
      }
    }
  }
}
