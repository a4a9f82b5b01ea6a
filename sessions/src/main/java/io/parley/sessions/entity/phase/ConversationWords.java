package io.parley.sessions.entity.phase;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.language.ConversationLanguage;
import io.parley.core.language.LanguageChoice;
import io.parley.core.language.LanguagePack;
import io.parley.sessions.entity.SessionState.Open;
import java.util.Optional;

/**
 * The words an open conversation is held in, as the customer's messages are read and the updates
 * sent to them are written: those of its language, else of the tenant's, else English.
 */
public final class ConversationWords {
  private ConversationWords() {}

  /** The words of the conversation's language as the session keeps it, else of the tenant's, else English. */
  public static LanguagePack of(Open state) {
    return of(state.notes().language(), state);
  }

  /** The words of {@code language}, else of the tenant's, else English. */
  public static LanguagePack of(Optional<ConversationLanguage> language, Open state) {
    return LanguagePack.of(language.map(ConversationLanguage::tag),
        LanguageChoice.tenantLanguage(Optional.of(config(state))));
  }

  /** The bot configuration the conversation keeps, else the node's. */
  public static BotConfig config(Open state) {
    return state.botConfig().map(PinnedBotConfig::config).orElseGet(BotConfig::empty);
  }
}
