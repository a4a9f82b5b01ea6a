package io.parley.sessions.turn;

import io.parley.core.attachment.Attachment;
import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.language.LanguageChoice;
import io.parley.core.language.LanguageTag;
import io.parley.core.language.Wording;
import io.parley.core.memory.PinnedFacts;
import io.parley.core.privacy.Placeholders;
import io.parley.core.prompt.ConversationTokenCounts;
import io.parley.core.session.Channel;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.PageContext;
import io.parley.core.session.SessionId;
import io.parley.tools.ToolRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The turn a {@link TurnRunner} runs. {@code history} is the conversation in turn order, ending
 * with the message to answer, without what the summary covers ({@code summarizedThroughSeq});
 * {@code page} is the customer's page as the session last heard of it; {@code pinnedBot}, the
 * tenant's bot configuration the session started with (none: the node's settings); {@code channel},
 * where the customer is; {@code placedCall}, whether the session is a call the bot placed (the tools
 * only phone calls or only such calls have are offered there).
 */
public record TurnRequest(
    SessionId sessionId,
    String turnId,
    List<ChatMessage> history,
    Optional<String> userId,
    Optional<String> summary,
    long summarizedThroughSeq,
    PinnedFacts facts,
    Optional<PageContext> page,
    Optional<LanguageTag> language,
    boolean firstAnswer,
    boolean opensConversation,
    List<ToolRound> rounds,
    Placeholders placeholders,
    ConversationTokenCounts counts,
    Optional<PinnedBotConfig> pinnedBot,
    Optional<String> traceparent,
    List<Attachment> attachments,
    Channel channel,
    boolean placedCall) {

  /** The bot configuration the turn runs with: the pinned one, or the node's settings. */
  BotConfig bot() {
    return pinnedBot.map(PinnedBotConfig::config).orElse(BotConfig.empty());
  }

  /** What of {@code tools} the turn offers the model: a phone call's keypad, a placed call's number, only there ({@link io.parley.tools.OfferedIn}). */
  ToolRegistry offered(ToolRegistry tools) {
    return tools.forConversation(channel == Channel.PHONE, placedCall);
  }

  /** The texts the customer reads in this turn: in the conversation's language, in the tenant's own wording. */
  Wording wording() {
    return Wording.of(language, pinnedBot.map(PinnedBotConfig::config));
  }

  /** The tenant's support hours at {@code now}, as the customer reads them (none when it set none). */
  Optional<String> teamHours(Instant now) {
    return bot().supportHours().map(hours -> wording().teamHours(hours, now));
  }

  /** The language the knowledge base reads the turn's questions in: the conversation's, else the tenant's. */
  Optional<LanguageTag> searchLanguage() {
    return language.or(() -> LanguageChoice.tenantLanguage(Optional.of(bot())));
  }

  String userText() {
    return history.isEmpty() ? "" : history.get(history.size() - 1).text();
  }
}
