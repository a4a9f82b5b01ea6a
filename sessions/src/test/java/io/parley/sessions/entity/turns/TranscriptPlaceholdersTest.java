package io.parley.sessions.entity.turns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.privacy.PatternDeadline;
import io.parley.core.privacy.PersonalDataKind;
import io.parley.core.privacy.Placeholders;
import io.parley.core.privacy.RedactionPolicy;
import io.parley.core.privacy.TenantPatterns;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.sessions.entity.Transcript;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TranscriptPlaceholdersTest {
  private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");
  private static final String PROBE = "write to bo@example.com, ann@example.com or call +49 30 1234567";

  @Test
  void aGrowingTranscriptIsNumberedAsAWholeOneWould() {
    TranscriptPlaceholders kept = new TranscriptPlaceholders(true);
    Transcript transcript = exchange("I am ann@example.com", "Thanks, ann@example.com.");
    kept.of(transcript, RedactionPolicy.standard()).redact("mine is new@example.com");
    transcript = transcript.append(user(3, "or bo@example.com, +49 30 1234567"), Optional.empty());

    Placeholders numbered = kept.of(transcript, RedactionPolicy.standard());

    assertEquals(whole(transcript, RedactionPolicy.standard()).redact(PROBE), numbered.redact(PROBE),
        "a prompt's own new placeholders do not leak into the next prompt's numbering");
    assertEquals("write to [EMAIL_2], [EMAIL_1] or call [PHONE_1]", numbered.redact(PROBE));
  }

  @Test
  void aCutAnswerOrAnotherPolicyIsNumberedAgain() {
    TranscriptPlaceholders kept = new TranscriptPlaceholders(true);
    Transcript transcript = exchange("hello", "Is bo@example.com yours? Or ann@example.com?");
    kept.of(transcript, RedactionPolicy.standard());
    Transcript cut = transcript.cut(2, "Is");
    assertEquals(whole(cut, RedactionPolicy.standard()).redact(PROBE), kept.of(cut, RedactionPolicy.standard()).redact(PROBE));
    assertEquals("write to [EMAIL_1], [EMAIL_2] or call [PHONE_1]",
        kept.of(cut, RedactionPolicy.standard()).redact(PROBE));

    RedactionPolicy phonesOnly = new RedactionPolicy(Set.of(PersonalDataKind.PHONE), List.of());
    assertEquals("write to bo@example.com, ann@example.com or call [PHONE_1]", kept.of(transcript, phonesOnly).redact(PROBE));
  }

  @Test
  void aPromptReadsTheEarlierMessagesAsTheyWereNumberedAndTheConfigurationsPolicyOnce() {
    TranscriptPlaceholders kept = new TranscriptPlaceholders(true);
    Transcript transcript = exchange("I am ann@example.com", "Thanks, ann@example.com.");
    kept.of(transcript, Optional.empty());
    transcript = transcript.append(user(3, "or bo@example.com, +49 30 1234567"), Optional.empty());

    Placeholders numbered = kept.of(transcript, Optional.empty());

    Placeholders whole = whole(transcript, RedactionPolicy.standard());
    for (ChatMessage message : transcript.messages()) {
      assertEquals(whole.redact(message.text()), numbered.redact(message.text()), message.text());
    }
    assertEquals("write to [EMAIL_2], [EMAIL_1] or call [PHONE_1]", numbered.redact(PROBE));
  }

  @Test
  void theNextPromptStartsFromTheNumberingThePreviousOneMadeElsewhere() throws Exception {
    RedactionPolicy members = new RedactionPolicy(EnumSet.allOf(PersonalDataKind.class),
        List.of(TenantPatterns.of("MEMBER_ID", "\\bM-\\d{6}\\b")));
    TranscriptPlaceholders kept = new TranscriptPlaceholders(true);
    Transcript transcript = exchange("I am M-104215", "Thanks, M-104215.");
    Placeholders first = kept.of(transcript, members);
    Thread pool = Thread.ofPlatform().start(() -> first.redact("hello"));
    pool.join();
    transcript = transcript.append(user(3, "and M-204215"), Optional.empty());

    // The deadline's clock is read once per text the tenant's pattern runs on: here, and nowhere else.
    int[] searched = {0};
    Placeholders next = kept.of(transcript, members)
        .within(new PatternDeadline(Long.MAX_VALUE, () -> searched[0]++, pattern -> { }));
    assertEquals("[MEMBER_ID_2], [MEMBER_ID_1]", next.redact("M-204215, M-104215"));
    assertEquals(2, searched[0], "the new message and the text redacted, not the two numbered by the earlier prompt");
  }

  /** A question and its answer, the transcript's first two messages. */
  private static Transcript exchange(String question, String reply) {
    return Transcript.empty().append(user(1, question), Optional.empty()).append(answer(2, reply), Optional.empty());
  }

  private static Placeholders whole(Transcript transcript, RedactionPolicy policy) {
    return Placeholders.numbering(transcript.messages().stream().map(ChatMessage::text).toList(), policy);
  }

  private static ChatMessage user(long seq, String text) {
    return new ChatMessage(seq, Role.USER, text, "turn-" + seq, AT);
  }

  private static ChatMessage answer(long seq, String text) {
    return new ChatMessage(seq, Role.ASSISTANT, text, "turn-" + (seq - 1), AT);
  }
}
