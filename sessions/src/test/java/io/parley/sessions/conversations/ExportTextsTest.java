package io.parley.sessions.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.bot.BotConfig;
import io.parley.core.bot.BotConfigBuilder;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.bot.RedactionPattern;
import io.parley.core.bot.ToolApproval;
import io.parley.core.search.BlindIndex;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.Channel;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Rating;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.persistence.conversations.ConversationTexts;
import io.parley.sessions.ArchiveRedaction;
import io.parley.sessions.entity.ConversationNotes;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.ToolCallNote;
import io.parley.sessions.turn.ToolRound;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What the projection keeps for the export, folded from a session's events and printed, reads
 * exactly as the export read it from the session ({@link ArchiveRedaction}): the same placeholders,
 * numbered over the messages first (those written after the rating too), then the comment, then the
 * tool calls; and what it keeps holds none of the values. A tenant's own patterns are kept as its
 * configuration writes them (golden samples of the row's redaction, in src/test/resources/golden/conversation-row:
 * {@code -Dparley.golden.write=true} writes a missing one), and a row written before them still reads.
 */
class ExportTextsTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final SessionId ID = SessionId.of("acme", "00000000-0000-4000-8000-000000000001");
  private static final List<String> SAID = List.of("I am ada@example.com, call me on +49 30 1234567",
      "Noted, Ada.", "Or write to Frank@Example.org, or ADA@example.com");
  private static final String ARGUMENTS = "{\"to\":\"bob@example.net\",\"cc\":\"ada@example.com\"}";
  private static final String COMMENT = "Reach me at eve@example.com or +49 30 123 4567";
  private static final Path GOLDEN = Path.of("src/test/resources/golden/conversation-row");
  /** The tenant's member numbers, and a pattern saved before patterns were RE2 (a back-reference): it never matches. */
  private static final BotConfig PATTERNS = new BotConfigBuilder().redactPatterns(List.of(
      new RedactionPattern("MEMBER_ID", "\\bM-\\d{6}\\b"), new RedactionPattern("TWICE", "(ab)\\1"))).build();

  @Test
  void aRedactedSessionsTextsPrintAsItsArchiveRedactsThem() {
    ConversationTexts kept = fold(true);
    for (String value : List.of("ada@", "bob@", "eve@", "carol@", "dave@", "frank@", "1234567", "123 4567")) {
      assertFalse(kept.toString().toLowerCase().contains(value), "no value is kept as written: " + kept);
    }
    ArchiveRedaction.Redacted archive = archived(true);
    ExportPrint.Printed printed = ExportPrint.of(kept);
    assertEquals(archive.rating().flatMap(Rating::comment), printed.ratingComment());
    assertEquals("Reach me at [EMAIL_3] or [PHONE_1]", printed.ratingComment().orElseThrow());
    assertEquals(archive.toolCalls(), printed.toolCalls());
    assertEquals("{\"to\":\"[EMAIL_4]\",\"cc\":\"[EMAIL_1]\"}", printed.toolCalls().get(0).argumentsJson());
  }

  /** A row whose messages a node keeping no texts folded since (the release before, mid-upgrade) is not up to them. */
  @Test
  void theTextsAreUpToTheRowOnlyWithEveryMessageFolded() {
    ConversationTexts kept = fold(true);
    assertTrue(ExportPrint.upTo(kept, SAID.size()));
    assertFalse(ExportPrint.upTo(kept, SAID.size() + 1));
  }

  @Test
  void aSessionKeptAsWrittenPrintsItsTextsAsWritten() {
    ExportTexts.Redaction redaction = ExportTexts.read(fold(false).redaction(), ExportTexts.Redaction.class);
    assertEquals(List.of(), List.copyOf(redaction.seen().keySet()), "nothing to number");
    ExportPrint.Printed printed = ExportPrint.of(fold(false));
    ArchiveRedaction.Redacted archive = archived(false);
    assertEquals(Optional.of(COMMENT), printed.ratingComment());
    assertEquals(archive.toolCalls(), printed.toolCalls());
  }

  @Test
  void aTenantsOwnPatternsAreKeptAsHashesAndPrintAsPlaceholders() {
    ExportTexts texts = new ExportTexts(new BlindIndex(new byte[32]), true);
    ConversationTexts kept = texts.started(new SessionEvent.SessionStarted("acme", Optional.empty(), Channel.CHAT, T0,
        Optional.of(new PinnedBotConfig(3, PATTERNS))));
    for (SessionEvent event : List.of(
        new SessionEvent.UserMessageAppended(1, "c-1", "Member M-123456, ada@example.com, abab", "turn-1",
            T0.plusSeconds(1)),
        new SessionEvent.Rated(5, Optional.of("Thanks. M-654321 is my partner's, M-123456 mine"), T0.plusSeconds(2)))) {
      kept = texts.next(ID, kept, event).orElse(kept);
    }
    assertFalse(kept.toString().contains("123456") || kept.toString().contains("654321"), kept.toString());
    assertEquals(Optional.of("Thanks. [MEMBER_ID_2] is my partner's, [MEMBER_ID_1] mine"),
        ExportPrint.of(kept).ratingComment());
    ExportTexts.Redaction redaction = ExportTexts.read(kept.redaction(), ExportTexts.Redaction.class);
    assertEquals(1, redaction.seen().get("MEMBER_ID").size(), redaction.toString());
    assertEquals(1, redaction.seen().get("EMAIL").size(), redaction.toString());
    assertFalse(redaction.seen().containsKey("TWICE"), "a pattern RE2 refuses never matches: " + redaction);
  }

  @Test
  void theRowsRedactionWithTenantPatternsIsWrittenAsItsGoldenSample() throws IOException {
    ExportTexts texts = new ExportTexts(new BlindIndex(new byte[32]), true);
    ConversationTexts started = texts.started(new SessionEvent.SessionStarted("acme", Optional.empty(), Channel.CHAT,
        T0, Optional.of(new PinnedBotConfig(3, PATTERNS))));
    ConversationTexts kept = texts.next(ID, started, new SessionEvent.UserMessageAppended(1, "c-1",
        "Member M-123456, ada@example.com", "turn-1", T0.plusSeconds(1))).orElseThrow();
    Path file = GOLDEN.resolve("export_redaction-patterns.json");
    if (Boolean.getBoolean("parley.golden.write") && !Files.exists(file)) {
      Files.writeString(file, ExportTexts.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
          ExportTexts.JSON.readTree(kept.redaction())) + "\n");
    }
    JsonNode golden = ExportTexts.JSON.readTree(file.toFile());
    assertEquals(golden, ExportTexts.JSON.readTree(kept.redaction()), "the row's redaction is written as before");
    ConversationTexts read = new ConversationTexts(golden.toString(), Optional.empty(), "[]");
    ConversationTexts rated = texts.next(ID, read, new SessionEvent.Rated(5, Optional.of("M-123456 again"),
        T0.plusSeconds(2))).orElseThrow();
    assertEquals(Optional.of("[MEMBER_ID_1] again"), ExportPrint.of(rated).ratingComment());
  }

  /** A row the release before wrote, whose policy held only the built-in kinds: it reads and goes on redacting. */
  @Test
  void aRowWrittenBeforeTenantPatternsWereKeptStillReads() throws IOException {
    String before = Files.readString(GOLDEN.resolve("export_redaction-before-patterns.json"));
    ConversationTexts kept = new ConversationTexts(before, Optional.empty(), "[]");
    assertTrue(ExportPrint.upTo(kept, 1));
    ExportTexts texts = new ExportTexts(new BlindIndex(new byte[32]), true);
    ConversationTexts rated = texts.next(ID, kept, new SessionEvent.Rated(5,
        Optional.of("Mail ada@example.com or eve@example.com, call +49 30 1234567"), T0.plusSeconds(2))).orElseThrow();
    assertEquals(Optional.of("Mail [EMAIL_1] or [EMAIL_2], call +49 30 1234567"), ExportPrint.of(rated).ratingComment(),
        "only the kinds that row's policy held are redacted");
  }

  /** The session's events folded as the projection folds them, on a node that redacts archives or not. */
  private static ConversationTexts fold(boolean redactByNode) {
    ExportTexts texts = new ExportTexts(new BlindIndex(new byte[32]), redactByNode);
    ConversationTexts kept = texts.started(new SessionEvent.SessionStarted("acme", Optional.empty(), Channel.CHAT, T0));
    ToolRound.Approval approval = new ToolRound.Approval("ap-1", "call-1", "send_mail", ARGUMENTS,
        "Mail bob@example.net?", ToolApproval.AGENT, T0.plusSeconds(600), Optional.empty());
    List<SessionEvent> events = List.of(
        new SessionEvent.UserMessageAppended(1, "c-1", SAID.get(0), "turn-1", T0.plusSeconds(1)),
        new SessionEvent.ToolCallsRequested("turn-1", List.of(new ToolRound.RequestedCall("call-1", "send_mail",
            ARGUMENTS)), T0.plusSeconds(2)),
        new SessionEvent.ApprovalRequested("turn-1", approval, T0.plusSeconds(3)),
        new SessionEvent.ApprovalDecided("turn-1", "ap-1", decision()),
        new SessionEvent.ToolCallCompleted("turn-1", new ToolRound.CompletedCall("call-1", "send_mail", false, "{}",
            "not sent to dave@example.com"), T0.plusSeconds(5)),
        new SessionEvent.AssistantMessageAppended(2, "turn-1", SAID.get(1), AnswerSource.LLM, Optional.empty(),
            T0.plusSeconds(6)),
        new SessionEvent.Rated(4, Optional.of("first rating"), T0.plusSeconds(7)),
        new SessionEvent.Rated(5, Optional.of(COMMENT), T0.plusSeconds(8)),
        new SessionEvent.UserMessageAppended(3, "c-3", SAID.get(2), "turn-3", T0.plusSeconds(9)));
    for (SessionEvent event : events) kept = texts.next(ID, kept, event).orElse(kept);
    return kept;
  }

  private static ToolRound.Decision decision() {
    return new ToolRound.Decision(ToolRound.Outcome.REFUSED, Optional.of("not carol@example.com"), T0.plusSeconds(4),
        Optional.of("agent-sam"));
  }

  /** The same session's texts as the export read them from its view. */
  private static ArchiveRedaction.Redacted archived(boolean redactByNode) {
    List<ChatMessage> messages = List.of(new ChatMessage(1, Role.USER, SAID.get(0), "turn-1", T0.plusSeconds(1)),
        ChatMessage.answer(2, SAID.get(1), "turn-1", T0.plusSeconds(6), false, AnswerSource.LLM),
        new ChatMessage(3, Role.USER, SAID.get(2), "turn-3", T0.plusSeconds(9)));
    ToolCallNote call = new ToolCallNote("turn-1", "call-1", "send_mail", ARGUMENTS, T0.plusSeconds(2),
        Optional.of(new ToolCallNote.Result(false, "not sent to dave@example.com", T0.plusSeconds(5))),
        Optional.of(new ToolCallNote.ApprovalNote(ToolApproval.AGENT, "Mail bob@example.net?", T0.plusSeconds(3),
            Optional.of(decision()))));
    ConversationNotes empty = ConversationNotes.empty();
    ConversationNotes notes = new ConversationNotes(empty.summary(), empty.facts(), empty.superseded(), empty.usage(),
        empty.lead(), empty.transfers(), empty.page(), Optional.of(new Rating(5, Optional.of(COMMENT), T0.plusSeconds(8))),
        empty.language(), List.of(call), empty.contact(), empty.attachments(), empty.sharedFiles(), empty.procedures());
    return ArchiveRedaction.conversation(messages, notes, Optional.empty(), redactByNode);
  }
}
