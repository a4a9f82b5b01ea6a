package io.parley.core.language;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.WidgetAppearance;
import io.parley.core.language.ConversationLanguage.Source;
import io.parley.core.session.PageContext;
import java.util.Optional;

/**
 * How a conversation's language is decided: the language the {@code start} frame says, else the
 * tenant's (its widget's {@code language}); a {@code context} frame's language replaces any but the
 * start frame's. A start that says none under a tenant that has none leaves the conversation
 * without a language, and the rules read English.
 */
public final class LanguageChoice {
  private LanguageChoice() {}

  /** The language a conversation starts in. */
  public static Optional<ConversationLanguage> atStart(Optional<LanguageTag> said, Optional<BotConfig> tenant) {
    return said.map(tag -> new ConversationLanguage(tag, Source.START))
        .or(() -> tenantLanguage(tenant).map(tag -> new ConversationLanguage(tag, Source.TENANT)));
  }

  /** The tenant's language, when its configuration names one. */
  public static Optional<LanguageTag> tenantLanguage(Optional<BotConfig> tenant) {
    return tenant.flatMap(BotConfig::widget).flatMap(WidgetAppearance::language).flatMap(LanguageTag::parse);
  }

  /** The language the page says, when it is new for a conversation whose language no start frame said. */
  public static Optional<ConversationLanguage> onPage(Optional<ConversationLanguage> current, PageContext page) {
    if (current.filter(language -> language.source() == Source.START).isPresent()) return Optional.empty();
    return page.language().flatMap(LanguageTag::parse)
        .filter(tag -> current.map(ConversationLanguage::tag).filter(tag::equals).isEmpty())
        .map(tag -> new ConversationLanguage(tag, Source.CONTEXT));
  }
}
