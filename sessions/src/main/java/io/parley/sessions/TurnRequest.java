package io.parley.sessions;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.memory.PinnedFacts;
import io.parley.core.privacy.Placeholders;
import io.parley.core.prompt.ConversationTokenCounts;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import java.util.List;
import java.util.Optional;

/**
 * The turn a {@link TurnRunner} runs. {@code history} is the conversation in turn order, ending
 * with the message to answer, without what the summary covers ({@code summarizedThroughSeq}).
 */
record TurnRequest(
    SessionId sessionId,
    String turnId,
    List<ChatMessage> history,
    Optional<String> userId,
    Optional<String> summary,
    long summarizedThroughSeq,
    PinnedFacts facts,
    boolean firstAnswer,
    boolean opensConversation,
    List<ToolRound> rounds,
    Placeholders placeholders,
    ConversationTokenCounts counts,
    BotConfig bot,
    Optional<String> traceparent) {
  /**
   * The turn answering {@code question}: its conversation in turn order, less what the summary
   * covers; {@code placeholders}, those of the personal data the whole session mentioned (or off);
   * {@code counts}, the session's token counts, which remember what earlier turns counted;
   * {@code traceparent}, the trace the turn continues.
   */
  static TurnRequest of(SessionId sessionId, SessionState.Open open, ChatMessage question, Placeholders placeholders,
      ConversationTokenCounts counts, Optional<String> traceparent) {
    ConversationNotes notes = open.notes();
    List<ChatMessage> conversation = open.transcript().conversationUpTo(question);
    long summarized = notes.summarizedThroughSeq();
    return new TurnRequest(sessionId, question.turnId(),
        conversation.stream().filter(m -> m.seq() > summarized).toList(), open.userId(), notes.summaryText(),
        summarized, notes.pinnedFacts(), conversation.stream().noneMatch(TurnRequest::answers),
        conversation.stream().filter(m -> !isGreeting(m)).count() == 1,
        open.toolRoundsOf(question.turnId()), placeholders, counts,
        open.botConfig().map(PinnedBotConfig::config).orElse(BotConfig.empty()), traceparent);
  }

  /** The greeting a voice call opens with answers nothing and tells nothing of the customer: the first question still opens the conversation. */
  private static boolean isGreeting(ChatMessage message) {
    return message.source().filter(source -> source == AnswerSource.GREETING).isPresent();
  }

  private static boolean answers(ChatMessage message) {
    return message.role() == Role.ASSISTANT && !isGreeting(message);
  }

  String userText() {
    return history.isEmpty() ? "" : history.get(history.size() - 1).text();
  }
}
