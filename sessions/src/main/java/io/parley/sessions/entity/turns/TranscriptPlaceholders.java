package io.parley.sessions.entity.turns;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.privacy.Placeholders;
import io.parley.core.privacy.RedactionPolicy;
import io.parley.core.session.ChatMessage;
import io.parley.sessions.entity.GrowingMap;
import io.parley.sessions.entity.Transcript;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A session's placeholder numbering, kept as its transcript grows: each turn used to number the
 * whole transcript again, so a turn cost more the longer the conversation (4,000 messages in, the
 * regular expressions of the redaction took most of a core). Only messages not seen before are
 * numbered now; a transcript that changed underneath (an answer cut to what was heard) or another
 * policy is numbered again from the start, so the result is always what numbering the whole
 * transcript would give. Each prompt sends the earlier messages again: it reads them as they were
 * redacted when numbered, rather than search every one for personal data on every turn.
 */
public final class TranscriptPlaceholders {
  private static final BotConfig UNCONFIGURED = BotConfig.empty();

  private final boolean redact;
  private final List<ChatMessage> numbered = new ArrayList<>();
  /** The configuration whose redaction {@link #policy} is. */
  private BotConfig configured;
  private RedactionPolicy policy;
  private Placeholders placeholders;
  /** Each numbered text as the numbering redacted it, which every prompt's copy reads instead of searching it again. */
  private GrowingMap<String, String> redacted = GrowingMap.of(Map.of());

  /** With {@code redact} false (the node's PARLEY_REDACT_PROMPTS), every prompt passes unchanged. */
  public TranscriptPlaceholders(boolean redact) {
    this.redact = redact;
  }

  /**
   * The placeholders of the personal data {@code transcript} mentioned, under the redaction of the
   * configuration the session pinned: a copy for one prompt to number on.
   */
  public Placeholders of(Transcript transcript, Optional<PinnedBotConfig> pinned) {
    if (!redact) return Placeholders.off();
    BotConfig config = pinned.map(PinnedBotConfig::config).orElse(UNCONFIGURED);
    // A session keeps the configuration it pinned: its policy, the tenant's patterns compiled, is
    // built once rather than for every turn.
    RedactionPolicy asked = config == configured ? policy : config.redaction();
    Placeholders copy = numbered(transcript, asked);
    configured = config;
    return copy;
  }

  /** The placeholders of {@code transcript} under {@code policy}, a copy for one prompt. */
  public Placeholders of(Transcript transcript, RedactionPolicy policy) {
    configured = null;
    return numbered(transcript, policy);
  }

  private Placeholders numbered(Transcript transcript, RedactionPolicy policy) {
    List<ChatMessage> messages = transcript.messages();
    if (this.policy == null || !policy.equals(this.policy) || !continues(messages)) {
      this.policy = policy;
      placeholders = Placeholders.numbering(List.of(), policy);
      numbered.clear();
      redacted = GrowingMap.of(Map.of());
    }
    for (ChatMessage message : messages.subList(numbered.size(), messages.size())) {
      String text = message.text();
      String asSent = placeholders.redact(text);
      if (!redacted.containsKey(text)) redacted = redacted.plus(text, asSent);
      numbered.add(message);
    }
    return placeholders.copy(redacted);
  }

  /** Whether {@code messages} begins with exactly the messages numbered so far (the same objects). */
  private boolean continues(List<ChatMessage> messages) {
    if (messages.size() < numbered.size()) return false;
    for (int i = 0; i < numbered.size(); i++) {
      if (messages.get(i) != numbered.get(i)) return false;
    }
    return true;
  }
}
