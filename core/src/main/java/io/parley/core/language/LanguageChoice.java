package io.parley.core.language;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.WidgetAppearance;
import io.parley.core.language.ConversationLanguage.Source;
import io.parley.core.session.PageContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a conversation's language is decided: the language the {@code start} frame says, else the
 * tenant's (its widget's {@code language}); a {@code context} frame's language replaces any but the
 * start frame's. A start that says none under a tenant that has none leaves the conversation
 * without a language, and the rules read English. What the customer writes decides it when
 * nothing the customer's side said did: the first messages together, detected (see
 * {@link #fromCustomer}); and a customer who clearly writes in another language later switches it.
 */
public final class LanguageChoice {
  /** While the customer has written fewer messages than this, they are read together to detect the language. */
  static final int FIRST_MESSAGES = 3;
  /** A message that switches the conversation's language says so with at least this many letters. */
  static final int SWITCH_LETTERS = 30;

  private static final LanguageTag ENGLISH = new LanguageTag(LanguagePack.FALLBACK);

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

  /**
   * The language the customer's {@code text} (after {@code earlier} messages) shows, when it is new
   * for the conversation: while no start, page or profile said one, the first messages are read
   * together; after that, or against what the customer's side said, only a message long enough to be
   * clear switches. Undecided text changes nothing, and a region of the same language is no switch.
   */
  public static Optional<ConversationLanguage> fromCustomer(Optional<ConversationLanguage> current,
      List<String> earlier, String text, LanguageDetection detection) {
    boolean said = current.filter(language -> switch (language.source()) {
      case START, CONTEXT, PROFILE -> true;
      case TENANT, DETECTED -> false;
    }).isPresent();
    // Until something decides, the rules read English: a text must clearly be in another language.
    LanguageTag thought = current.map(ConversationLanguage::tag).orElse(ENGLISH);
    Optional<LanguageTag> detected;
    if (!said && earlier.size() < FIRST_MESSAGES) {
      List<String> written = new ArrayList<>(earlier);
      written.add(text);
      detected = detection.detect(String.join("\n", written), thought);
    } else {
      detected = LanguageDetection.letters(text) >= SWITCH_LETTERS ? detection.detect(text, thought) : Optional.empty();
    }
    return detected
        .filter(tag -> current.map(language -> language.tag().primary()).filter(tag.primary()::equals).isEmpty())
        .map(tag -> new ConversationLanguage(tag, Source.DETECTED));
  }
}
