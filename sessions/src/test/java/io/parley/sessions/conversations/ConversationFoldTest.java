package io.parley.sessions.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.handoff.HandoffTrigger;
import io.parley.core.language.ConversationLanguage;
import io.parley.core.lead.LeadEvidence;
import io.parley.core.lead.LeadScore;
import io.parley.core.llm.TokenUsage;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.Channel;
import io.parley.core.session.Heard;
import io.parley.core.session.PageContext;
import io.parley.core.session.SessionId;
import io.parley.persistence.conversations.ConversationRow;
import io.parley.persistence.conversations.ConversationScore;
import io.parley.persistence.conversations.ConversationStatus;
import io.parley.persistence.conversations.ResolvedBy;
import io.parley.sessions.entity.SessionEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each figure of a conversation's row from a known sequence of its session's events (docs/analytics.md). */
class ConversationFoldTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final SessionId ID = SessionId.random("acme");
  private final ConversationFold fold = new ConversationFold(new ModelPrices(
      Map.of("primary", new ModelPrices.Price(1.0, 4.0)), "primary"));

  @Test
  void aConversationTheBotAnswersIsResolvedByTheBotWithItsTimesTokensAndCost() {
    ConversationRow row = fold(Channel.CHAT,
        user(1, 0), answer(2, 1_500, 1000, 200),
        user(3, 10_000), user(4, 11_000), answer(5, 14_000, 3000, 300),
        new SessionEvent.LeadScored(new LeadScore(70, List.of(), LeadEvidence.none(), 3, T0.plusSeconds(11), true)),
        new SessionEvent.SessionClosed("resolved", T0.plusSeconds(20)));
    assertEquals(ConversationStatus.CLOSED, row.status());
    assertEquals(Optional.of(ResolvedBy.BOT), row.resolvedBy());
    assertEquals(3, row.userMessages());
    assertEquals(2, row.botMessages());
    assertEquals(Optional.of(1_500L), row.firstResponseMs());
    assertEquals(1_500 + 4_000, row.answerMsTotal(), "each wait runs from the first unanswered message");
    assertEquals(2, row.answers());
    assertEquals(4000, row.promptTokens());
    assertEquals(500, row.completionTokens());
    assertEquals((4000 * 1.0 + 500 * 4.0) / 1_000_000, row.costUsd(), 1e-15);
    assertEquals(Optional.of(70), row.leadScore());
    assertEquals(true, row.leadQualified());
    assertEquals(0, row.voiceSeconds(), "typed chats have no voice time");
    assertEquals(Optional.of(T0.plusSeconds(20)), row.closedAt());
  }

  @Test
  void anAgentWhoJoinedResolvesTheConversationAndTheWaitIsMeasuredFromTheAsk() {
    ConversationRow waiting = fold(Channel.VOICE, user(1, 0), answer(2, 1_000, 10, 10),
        new SessionEvent.AgentRequested(HandoffTrigger.CUSTOMER_ASKED, T0.plusSeconds(5)));
    assertEquals(ConversationStatus.WAITING, waiting.status());
    ConversationRow row = next(waiting,
        new SessionEvent.AgentJoined("agent-dana", "Dana", T0.plusSeconds(35)),
        new SessionEvent.AgentMessageAppended(3, "a-1", "agent-dana", "Dana", "Hello", T0.plusSeconds(40)),
        new SessionEvent.ReturnedToBot("handed_back", T0.plusSeconds(60)),
        new SessionEvent.SessionClosed("resolved", T0.plusSeconds(90)));
    assertEquals(Optional.of(T0.plusSeconds(5)), row.handoffAskedAt());
    assertEquals(Optional.of(T0.plusSeconds(35)), row.handoffTakenAt());
    assertEquals(Optional.of(30_000L), row.handoffWaitMs());
    assertEquals(1, row.agentMessages());
    assertEquals(Optional.of(ResolvedBy.AGENT), row.resolvedBy());
    assertEquals(0, row.voiceSeconds(), "nothing recorded as spoken or played: not the 90 s from start to close");
  }

  @Test
  void voiceSecondsAreTheCallersUtterancesAndTheAudioPlayedToThemNotTheTimeBetween() {
    ConversationRow row = fold(Channel.PHONE,
        played("greeting", 2_400, 1_000),
        spoken(1, 30_000, 1_700),
        played("turn-1", 9_600, 40_000),
        spoken(3, 90_000, 1_200),
        played("turn-3", 3_100, 95_000), // cut by a barge-in: what played before the cut
        spoken(5, 100_000, 2_500),
        played("notice-escalation-1", 4_200, 110_000));
    assertEquals(2 + 2 + 10 + 1 + 3 + 3 + 4, row.voiceSeconds(), "each rounded to the nearest second, a half up");

    ConversationRow closed = next(row, new SessionEvent.SessionClosed("caller hung up", T0.plusSeconds(600)),
        played("turn-5", 1_400, 600_000));
    assertEquals(row.voiceSeconds() + 1, closed.voiceSeconds(),
        "the close adds no time, and what played until the hang-up counts even when recorded after it");
  }

  @Test
  void aSpokenMessageFromAJournalWithoutItsLengthAndATypedOneAddNothing() {
    ConversationRow row = fold(Channel.CHAT, user(1, 0),
        new SessionEvent.UserMessageAppended(2, "voice/c/1", "hello", "turn-2", T0.plusSeconds(5),
            Optional.of(new Heard("vosk", 0.9))),
        spoken(3, 9_000, 400), spoken(4, 12_000, 600));
    assertEquals(0 + 0 + 0 + 1, row.voiceSeconds(), "a chat where the customer turned voice on counts its spoken part");
  }

  @Test
  void aCustomerWhoLeavesWhileWaitingForAPersonOrAnAnswerAbandoned() {
    ConversationRow waitedForPerson = fold(Channel.CHAT, user(1, 0), answer(2, 500, 1, 1),
        new SessionEvent.AgentRequested(HandoffTrigger.CUSTOMER_ASKED, T0.plusSeconds(2)),
        new SessionEvent.SessionClosed("idle", T0.plusSeconds(300)));
    assertEquals(Optional.of(ResolvedBy.ABANDONED), waitedForPerson.resolvedBy());
    assertEquals(Optional.empty(), waitedForPerson.handoffWaitMs());
    ConversationRow unanswered = fold(Channel.CHAT, user(1, 0),
        new SessionEvent.SessionClosed("closed", T0.plusSeconds(3)));
    assertEquals(Optional.of(ResolvedBy.ABANDONED), unanswered.resolvedBy());
    assertEquals(Optional.empty(), unanswered.firstResponseMs());
  }

  @Test
  void theFirstRatingCountsEvenAfterTheClose() {
    ConversationRow row = fold(Channel.CHAT, user(1, 0), answer(2, 100, 1, 1),
        new SessionEvent.SessionClosed("resolved", T0.plusSeconds(10)),
        new SessionEvent.Rated(5, Optional.of("great"), T0.plusSeconds(60)));
    assertEquals(Optional.of(5), row.rating());
    assertEquals(Optional.of(T0.plusSeconds(10)), row.closedAt(), "rating does not move the close");
  }

  @Test
  void answersFromTheAnswerCacheCountWithTheTokensTheySavedPricedAsPromptTokens() {
    ConversationRow row = fold(Channel.CHAT, user(1, 0),
        new SessionEvent.AssistantMessageAppended(2, "turn-1", "cached", AnswerSource.CACHE, Optional.empty(),
            T0.plusMillis(50), false, 1_200),
        user(3, 1_000), answer(4, 2_000, 100, 10),
        user(5, 3_000), new SessionEvent.AssistantMessageAppended(6, "turn-5", "cached", AnswerSource.CACHE,
            Optional.empty(), T0.plusMillis(3_050), false, 300));
    assertEquals(2, row.cachedAnswers());
    assertEquals(1_500, row.savedTokens());
    assertEquals(1_500 * 1.0 / 1_000_000, row.savedCostUsd(), 1e-15, "at the priced provider's prompt price");
    assertEquals(3, row.botMessages(), "a cached answer is a bot message too");
    assertEquals(100, row.promptTokens(), "and spent no tokens");
  }

  @Test
  void theLanguageIsTheOneTheSessionDecidedByItsPrimarySubtag() {
    ConversationRow unknown = fold(Channel.CHAT, user(1, 0));
    assertEquals(Optional.empty(), unknown.language(), "no event said one");
    ConversationRow french = next(unknown, decided("fr-CA", ConversationLanguage.Source.START, 2));
    assertEquals(Optional.of("fr"), french.language());
    assertEquals(Optional.of("de"), next(french, decided("de", ConversationLanguage.Source.DETECTED, 3)).language(),
        "a later decision replaces it");
  }

  /**
   * The widget's start frame says the texts' language (German here) and its context frame the
   * browser's (English): the session keeps the start's, deciding nothing on the page, and so does the row.
   */
  @Test
  void aPageLanguageTheSessionDidNotTakeIsNotTheConversations() {
    ConversationRow row = fold(Channel.CHAT, decided("de", ConversationLanguage.Source.START, 0),
        context(Map.of("language", "en-US", "url", "https://shop.example/")), user(1, 2_000), answer(2, 3_000, 1, 1));
    assertEquals(Optional.of("de"), row.language());
  }

  /** Journals written before sessions decided languages say it only in the page. */
  @Test
  void aJournalWithoutDecisionsTakesItsFirstPagesLanguage() {
    ConversationRow unknown = fold(Channel.CHAT, user(1, 0));
    assertEquals(Optional.empty(), next(unknown, context(Map.of("language", "please answer in French"))).language(),
        "free text is no language");
    ConversationRow german = next(unknown, context(Map.of("language", "de-AT", "url", "https://shop.example/")));
    assertEquals(Optional.of("de"), german.language());
    assertEquals(Optional.of("de"), next(german, context(Map.of("language", "PT_br"))).language(),
        "a page changes no language the row holds: the session's decision does");
  }

  /** A person was asked for and none came (the conversation went to a ticket): the bot's later answers resolve nothing. */
  @Test
  void aConversationHandedOverToNobodyIsNotResolvedByTheBot() {
    ConversationRow row = fold(Channel.CHAT, user(1, 0), answer(2, 500, 1, 1), user(3, 1_000),
        new SessionEvent.AgentRequested(HandoffTrigger.CUSTOMER_ASKED, T0.plusSeconds(1)),
        new SessionEvent.ReturnedToBot("unstaffed", T0.plusSeconds(60)),
        user(4, 61_000), answer(5, 62_000, 1, 1),
        new SessionEvent.SessionClosed("idle", T0.plusSeconds(600)));
    assertEquals(Optional.of(ResolvedBy.ABANDONED), row.resolvedBy());
    assertEquals(Optional.of(T0.plusSeconds(1)), row.handoffAskedAt());
  }

  /** The judge's verdict comes after the close, from the scoring; the projection keeps it on the row it folds. */
  @Test
  void aConversationTheJudgeFoundUnresolvedIsNotTheBots() {
    ConversationRow closed = fold(Channel.CHAT, user(1, 0), answer(2, 500, 1, 1),
        new SessionEvent.SessionClosed("idle", T0.plusSeconds(600)));
    assertEquals(Optional.of(ResolvedBy.BOT), closed.resolution());
    ConversationRow judged = closed.withScore(Optional.of(
        ConversationScore.scored(2, false, true, "neutral", "the refund was never explained", T0.plusSeconds(700))));
    assertEquals(Optional.of(ResolvedBy.ABANDONED), judged.resolution());
    ConversationRow rated = next(judged, new SessionEvent.Rated(2, Optional.empty(), T0.plusSeconds(800)));
    assertEquals(Optional.of(ResolvedBy.ABANDONED), rated.resolution(), "a later event keeps the verdict");
  }

  /** A session on the draft or an evaluation's is a test; any session counts once its customer wrote, not before (a greeting is no message). */
  @Test
  void aSessionOnTheDraftIsATestAndASessionCountsFromItsCustomersFirstMessage() {
    ConversationRow greeted = fold(Channel.CHAT, answer(1, 10, 0, 0));
    assertEquals(false, greeted.counted(), "greeted, nobody wrote");
    assertEquals(true, next(greeted, user(2, 20)).counted());
    ConversationRow tried = next(fold.started(ID, new SessionEvent.SessionStarted("acme", Optional.of("admin"), Channel.CHAT, T0,
        Optional.of(new PinnedBotConfig(3, BotConfig.empty(), true)))), user(1, 10), answer(2, 20, 5, 5));
    assertEquals(true, tried.test());
    assertEquals(false, tried.counted(), "a test never counts");
    assertEquals(false, fold(Channel.CHAT, user(1, 10)).test(), "a session on a published version is no test");
    assertEquals(true, fold(Channel.EVALUATION, user(1, 10)).test(), "an evaluation's session is a test");
  }

  private static SessionEvent decided(String language, ConversationLanguage.Source source, long afterMs) {
    return new SessionEvent.LanguageDecided(language, source, T0.plusMillis(afterMs));
  }

  private static SessionEvent context(Map<String, String> fields) {
    return new SessionEvent.PageContextSet(new PageContext(fields), T0.plusSeconds(1));
  }

  private ConversationRow fold(Channel channel, SessionEvent... events) {
    return next(fold.started(ID, new SessionEvent.SessionStarted("acme", Optional.of("ada"), channel, T0)), events);
  }

  private ConversationRow next(ConversationRow row, SessionEvent... events) {
    for (SessionEvent event : events) row = fold.next(row, event);
    return row;
  }

  private static SessionEvent user(long seq, long afterMs) {
    return new SessionEvent.UserMessageAppended(seq, "c-" + seq, "text " + seq, "turn-" + seq, T0.plusMillis(afterMs));
  }

  private static SessionEvent spoken(long seq, long afterMs, long spokenMillis) {
    return new SessionEvent.UserMessageAppended(seq, "voice/c/" + seq, "text " + seq, "turn-" + seq, T0.plusMillis(afterMs),
        Optional.of(new Heard("vosk", 0.9, spokenMillis)));
  }

  private static SessionEvent played(String turnId, long millis, long afterMs) {
    return new SessionEvent.PlayedToCaller(turnId, millis, T0.plusMillis(afterMs));
  }

  private static SessionEvent answer(long seq, long afterMs, int prompt, int completion) {
    return new SessionEvent.AssistantMessageAppended(seq, "turn-" + (seq - 1), "answer", AnswerSource.LLM,
        Optional.of(new TokenUsage(prompt, completion)), T0.plusMillis(afterMs));
  }
}
