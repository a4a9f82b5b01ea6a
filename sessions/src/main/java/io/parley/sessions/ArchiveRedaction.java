package io.parley.sessions;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.privacy.Placeholders;
import io.parley.core.session.ChatMessage;
import java.util.List;
import java.util.Optional;

/**
 * How a session's texts are redacted once they leave the process for good: in its archive
 * document, and in whatever else shows a transcript outside (an export of conversations), so
 * that both read alike. Emails, phone numbers, card numbers, IBANs and the tenant's own patterns
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

  /** Whether they are redacted: when the node redacts archives, unless the tenant chose to keep its own as written. */
  public static boolean redacts(Optional<PinnedBotConfig> pinned, boolean redactByNode) {
    return redactByNode && !pinned.map(PinnedBotConfig::config).orElse(BotConfig.empty()).keepsArchiveUnredacted();
  }
}
