package io.parley.http.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.MessageRules;
import io.parley.core.session.Refusal;
import io.parley.core.session.Translation;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A reply's translation previewed, then sent as it stands with what was written: the frames as the console writes them. */
class AgentFramesTest {
  private final AgentFrames frames = new AgentFrames(new ObjectMapper(), new MessageRules(4096));

  @Test
  void aPreviewAsksForTheTranslationOfWhatTheAgentWrote() {
    assertEquals(new AgentFrame.PreviewReply("s-1", "Your parcel ships today.", "en"), frames.parse(
        "{\"type\":\"previewReply\",\"sessionId\":\"s-1\",\"text\":\"Your parcel ships today.\",\"translateFrom\":\"en\"}"));
    Refusal refused = assertThrows(Refusal.class, () -> frames.parse(
        "{\"type\":\"previewReply\",\"sessionId\":\"s-1\",\"text\":\"Hi\",\"translateFrom\":\"klingon!\"}"));
    assertEquals(ErrorCode.BAD_REQUEST, refused.code());
    assertEquals(ErrorCode.BAD_REQUEST, assertThrows(Refusal.class, () -> frames.parse(
        "{\"type\":\"previewReply\",\"sessionId\":\"s-1\",\"text\":\"Hi\"}")).code());
  }

  @Test
  void aPreviewedTranslationIsSentWithWhatWasWritten() {
    assertEquals(new AgentFrame.Reply("s-1", "a-1", "Ihr Paket geht heute raus.", Optional.empty(),
        Optional.of(new Translation("Your parcel ships today.", "en", "de")), List.of(), false), frames.parse("{\"type\":\"reply\","
        + "\"sessionId\":\"s-1\",\"clientMsgId\":\"a-1\",\"text\":\"Ihr Paket geht heute raus.\","
        + "\"translated\":{\"original\":\"Your parcel ships today.\",\"from\":\"en\",\"to\":\"de\"}}"));
    assertEquals(ErrorCode.BAD_REQUEST, assertThrows(Refusal.class, () -> frames.parse("{\"type\":\"reply\","
        + "\"sessionId\":\"s-1\",\"clientMsgId\":\"a-1\",\"text\":\"Hallo\",\"translated\":\"yes\"}")).code());
    assertEquals(ErrorCode.BAD_REQUEST, assertThrows(Refusal.class, () -> frames.parse("{\"type\":\"reply\","
        + "\"sessionId\":\"s-1\",\"clientMsgId\":\"a-1\",\"text\":\"Hallo\",\"translated\":{\"original\":\"Hi\",\"from\":\"en\"}}"))
        .code(), "the language it was translated into is named");
  }
}
