package io.parley.sessions;

import io.parley.core.attachment.Attachment;
import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.privacy.Placeholders;
import io.parley.core.memory.PinnedFact;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Rating;
import io.parley.sessions.entity.ConversationNotes;
import io.parley.sessions.entity.ConversationNotes.SupersededFact;
import io.parley.sessions.entity.ToolCallNote;
import java.util.List;
import java.util.Optional;

/**
 * How a session's texts are redacted once they leave the process for good: in its archive
 * document, and in whatever else shows a transcript outside (an export of conversations), so
 * that both read alike: the messages first, then the tool calls and the rating's comment. Emails, phone numbers, card numbers, IBANs and the tenant's own patterns
 * become {@code [EMAIL_1]}…, numbered over the whole transcript, under the redaction of the
 * configuration the session pinned; nothing is redacted when the node keeps archives as written
 * ({@code redactByNode} false) or the tenant chose to keep its own so.
 */
public final class ArchiveRedaction {
  private ArchiveRedaction() {}

  /** The placeholders the texts of a session with {@code messages} are redacted with; none when it keeps them as written. */
  public static Placeholders of(List<ChatMessage> messages, Optional<PinnedBotConfig> pinned, boolean redactByNode) {
    return redacts(pinned, redactByNode) ? Placeholders.numbering(messages.stream().map(ChatMessage::text).toList(),
        pinned.map(PinnedBotConfig::config).orElse(BotConfig.empty()).redaction()) : Placeholders.off();
  }

  /**
   * A conversation's texts as they leave the process: its messages, summary, facts, rating, tool
   * calls and files' names, in the order the placeholders are numbered, so that an archive and an export read alike.
   */
  public record Redacted(List<ChatMessage> messages, Optional<ConversationNotes.Summary> summary, List<PinnedFact> facts,
      List<SupersededFact> superseded, Optional<Rating> rating, List<ToolCallNote> toolCalls,
      List<Attachment> attachments) {}

  /** The texts of a session with {@code messages} and {@code notes}, redacted as its archive is. */
  public static Redacted conversation(List<ChatMessage> messages, ConversationNotes notes,
      Optional<PinnedBotConfig> pinned, boolean redactByNode) {
    Placeholders placeholders = of(messages, pinned, redactByNode);
    List<ChatMessage> redacted = messages.stream().map(m -> m.withTexts(placeholders::redact)).toList();
    Optional<ConversationNotes.Summary> summary = notes.summary().map(s -> new ConversationNotes.Summary(
        placeholders.redact(s.text()), s.covered(), s.lastSource(), s.updatedAt()));
    List<PinnedFact> facts = notes.facts().stream().map(f -> fact(f, placeholders)).toList();
    List<SupersededFact> superseded = notes.superseded().stream().map(f -> new SupersededFact(fact(f.fact(), placeholders),
        placeholders.redact(f.replacedBy()), f.replacedAtSeq(), f.at())).toList();
    Optional<Rating> rating = notes.rating().map(r -> new Rating(r.score(), r.comment().map(placeholders::redact), r.at()));
    return new Redacted(redacted, summary, facts, superseded, rating,
        notes.toolCalls().stream().map(call -> call.redacted(placeholders)).toList(),
        notes.attachments().stream().map(a -> new Attachment(a.attachmentId(), placeholders.redact(a.name()),
            a.contentType(), a.size(), a.at())).toList());
  }

  private static PinnedFact fact(PinnedFact fact, Placeholders placeholders) {
    return new PinnedFact(fact.name(), placeholders.redact(fact.value()), fact.sourceSeq(), fact.at());
  }

  /** Whether they are redacted: when the node redacts archives, unless the tenant chose to keep its own as written. */
  public static boolean redacts(Optional<PinnedBotConfig> pinned, boolean redactByNode) {
    return redactByNode && !pinned.map(PinnedBotConfig::config).orElse(BotConfig.empty()).keepsArchiveUnredacted();
  }
}
