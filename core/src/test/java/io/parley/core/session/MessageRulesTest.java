package io.parley.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessageRulesTest {
  private final MessageRules rules = new MessageRules(10);

  @Test
  void wellFormedTextWithinTheLimitPasses() {
    assertEquals("hi ✈️", rules.text("hi ✈️"));
    assertEquals("😀😀", rules.text("😀😀"), "surrogate pairs are fine: 8 bytes");
  }

  @Test
  void emptyOversizedAndMalformedTextIsRefusedWithItsCode() {
    assertEquals(ErrorCode.BAD_REQUEST, assertThrows(Refusal.class, () -> rules.text("  ")).code());
    assertEquals(ErrorCode.TOO_LARGE, assertThrows(Refusal.class, () -> rules.text("12345678901")).code());
    Refusal lone = assertThrows(Refusal.class, () -> rules.text("a\ud800b"));
    assertEquals(ErrorCode.BAD_REQUEST, lone.code());
    assertEquals("text holds an unpaired UTF-16 surrogate at position 1; send well-formed Unicode text", lone.getMessage());
    assertThrows(Refusal.class, () -> rules.text("\udc00"), "a low surrogate alone");
    assertThrows(Refusal.class, () -> rules.text("ab\ud83d"), "a high surrogate at the end");
  }

  @Test
  void idsAreTrimmedBoundedAndWellFormed() {
    assertEquals("m-1", MessageRules.id("clientMsgId", " m-1 "));
    assertEquals(Optional.empty(), MessageRules.optionalId("userId", "   "));
    assertEquals(Optional.empty(), MessageRules.optionalId("userId", null));
    assertEquals("missing field: clientMsgId", assertThrows(Refusal.class, () -> MessageRules.id("clientMsgId", "")).getMessage());
    assertEquals("userId is longer than 128 characters",
        assertThrows(Refusal.class, () -> MessageRules.optionalId("userId", "u".repeat(129))).getMessage());
    assertEquals(ErrorCode.BAD_REQUEST, assertThrows(Refusal.class, () -> MessageRules.optionalId("userId", "\ud800")).code());
  }

  @Test
  void aClientStartsChatOrVoiceSessionsNeverPhoneOnes() {
    assertEquals(Channel.CHAT, MessageRules.webChannel("chat"));
    assertEquals(Channel.VOICE, MessageRules.webChannel("voice"));
    Refusal phone = assertThrows(Refusal.class, () -> MessageRules.webChannel("phone"));
    assertEquals(ErrorCode.BAD_REQUEST, phone.code());
    assertEquals("a web page cannot start a phone session", phone.getMessage());
    assertEquals("channel must be one of [chat, voice, phone, evaluation, a2a], got fax",
        assertThrows(Refusal.class, () -> MessageRules.webChannel("fax")).getMessage());
  }

  @Test
  void noClientStartsAnEvaluationSession() {
    Refusal evaluation = assertThrows(Refusal.class, () -> MessageRules.webChannel("evaluation"));
    assertEquals(ErrorCode.BAD_REQUEST, evaluation.code());
    assertEquals("evaluation sessions are started by evaluation runs (POST /v1/evaluations/runs)", evaluation.getMessage());
    assertEquals("a2a sessions are started by an A2A client's message (POST /v1/a2a/{tenant})",
        assertThrows(Refusal.class, () -> MessageRules.webChannel("a2a")).getMessage());
  }
}
