package io.parley.core.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.session.ChatMessage;
import io.parley.core.session.KeypadEntry;
import io.parley.core.session.Role;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A caller's keys are personal data wherever redaction looks, unless their ask said otherwise. */
class KeypadRedactionTest {
  private static final Instant AT = Instant.parse("2026-11-29T10:00:00Z");

  @Test
  void aPrivateEntrysKeysAreFoundWhateverThePolicyAndAShownOneIsNot() {
    assertEquals(List.of(new PersonalData.Found("KEYPAD", "4711#", 2, 7)), PersonalData.find(KeypadEntry.written("4711#", true)));
    RedactionPolicy nothing = new RedactionPolicy(java.util.Set.of(), List.of());
    assertEquals(1, PersonalData.find("⌨ 4711", nothing).size(), "keys are redacted even when the tenant redacts no kind");
    assertEquals(List.of(), PersonalData.find(KeypadEntry.written("1", false)), "a menu's choice its ask shows");
    assertEquals(List.of(), PersonalData.find("I pressed ⌨ 12 twice"), "only a whole entry's message");
    assertEquals("⌨ [KEYPAD]", PersonalData.masked("⌨ 4711"), "in logs");
  }

  @Test
  void anEntrysMessageGivesItsKeysBack() {
    assertEquals(Optional.of("4711"), KeypadEntry.keysOf(KeypadEntry.written("4711", true)));
    assertEquals(Optional.of("1"), KeypadEntry.keysOf(KeypadEntry.written("1", false)));
    assertEquals(Optional.empty(), KeypadEntry.keysOf("4711"));
    assertEquals(Optional.empty(), KeypadEntry.keysOf("⌨ [KEYPAD_1]"));
  }

  @Test
  void theTranscriptReadOutsideShowsEachEntryAsAPlaceholderAndNothingElseChanged() {
    List<ChatMessage> transcript = List.of(
        new ChatMessage(1, Role.USER, "⌨ 4711", "turn-1", AT),
        new ChatMessage(2, Role.ASSISTANT, "Write to ada@example.com", "turn-1", AT),
        new ChatMessage(3, Role.USER, "⌨ \"2\"", "turn-3", AT),
        new ChatMessage(4, Role.USER, "⌨ 1234", "turn-4", AT),
        new ChatMessage(5, Role.USER, "⌨ 4711", "turn-5", AT));
    assertEquals(List.of("⌨ [KEYPAD_1]", "Write to ada@example.com", "⌨ \"2\"", "⌨ [KEYPAD_2]", "⌨ [KEYPAD_1]"),
        KeypadRedaction.of(transcript).stream().map(ChatMessage::text).toList());
    List<ChatMessage> none = List.of(transcript.get(1));
    assertEquals(none, KeypadRedaction.of(none));
  }
}
