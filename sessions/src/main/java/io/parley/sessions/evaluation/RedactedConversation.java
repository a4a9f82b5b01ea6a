package io.parley.sessions.evaluation;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.privacy.Placeholders;
import io.parley.core.session.ChatMessage;
import io.parley.sessions.SessionView;
import java.util.List;

/**
 * A customer's closed conversation as the judge and a test case read it: every message with the
 * personal data the session's configuration redacts numbered as placeholders, always (whatever the
 * node's PARLEY_REDACT_PROMPTS), since it leaves the conversation for another model or a case.
 */
record RedactedConversation(BotConfig config, Placeholders placeholders, List<ChatMessage> messages) {

  static RedactedConversation of(SessionView view) {
    BotConfig config = view.info().botConfig().map(PinnedBotConfig::config).orElse(BotConfig.empty());
    Placeholders placeholders = Placeholders.numbering(List.of(), config.redaction());
    List<ChatMessage> messages = view.messages().stream()
        .map(message -> message.withText(placeholders.redact(message.text()))).toList();
    return new RedactedConversation(config, placeholders, messages);
  }
}
