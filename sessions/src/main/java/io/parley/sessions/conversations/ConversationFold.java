package io.parley.sessions.conversations;

import io.parley.core.bot.ModelParameters;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.language.LanguageTag;
import io.parley.core.llm.TokenUsage;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.Channel;
import io.parley.core.session.SessionId;
import io.parley.persistence.conversations.ConversationRow;
import io.parley.persistence.conversations.ConversationStatus;
import io.parley.persistence.conversations.ResolvedBy;
import io.parley.sessions.entity.SessionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A conversation's row after one more of its session's events (docs/analytics.md defines each
 * figure). Pure: the same events give the same row, so the projection replaying after a crash
 * writes what it wrote before. Only counts, times, the rating's score and the customer's pseudonymous
 * id go in; no text (the rating's comment and the tool calls the export prints are kept beside them,
 * redacted, by {@link ExportTexts}).
 */
record ConversationFold(ModelPrices prices) {
  /**
   * The first row of a session; a session on the draft configuration, or an evaluation's, is a test
   * (docs/analytics.md).
   */
  ConversationRow started(SessionId id, SessionEvent.SessionStarted started) {
    String provider = started.botConfig().map(PinnedBotConfig::config).flatMap(config -> config.model())
        .map(ModelParameters::providers).filter(names -> !names.isEmpty()).map(names -> names.get(0))
        .orElse(prices.defaultProvider());
    return new ConversationRow(id.tenant(), id.wireId(), started.userId(), started.channel().wireName(), started.at(),
        started.at(), Optional.empty(), ConversationStatus.OPEN, Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), 0, 0, 0, 0, Optional.empty(), Optional.empty(), 0, 0, 0, 0, Optional.of(provider), 0,
        Optional.empty(), false, Optional.empty(), Optional.empty(), 0, 0, 0, 0, List.of(),
        started.channel() == Channel.EVALUATION || started.botConfig().map(PinnedBotConfig::draft).orElse(false),
        Optional.empty());
  }

  /** {@code row} after {@code event}; events that change no figure leave it as it is. */
  ConversationRow next(ConversationRow row, SessionEvent event) {
    Tally tally = new Tally(row);
    if (event instanceof SessionEvent.UserMessageAppended user) {
      tally.at(user.at());
      tally.userMessages++;
      if (tally.unansweredSince.isEmpty()) tally.unansweredSince = Optional.of(user.at());
      user.heard().ifPresent(heard -> tally.voiceSeconds += wholeSeconds(heard.spokenMillis()));
    } else if (event instanceof SessionEvent.PlayedToCaller played) {
      tally.at(played.at());
      tally.voiceSeconds += wholeSeconds(played.millis());
    } else if (event instanceof SessionEvent.AssistantMessageAppended answer) {
      tally.at(answer.at());
      tally.botMessages++;
      tally.answered(answer.at());
      TokenUsage usage = answer.usage().orElse(new TokenUsage(0, 0));
      tally.promptTokens += usage.promptTokens();
      tally.completionTokens += usage.completionTokens();
      tally.costUsd = prices.cost(tally.pricedProvider.orElse(prices.defaultProvider()), tally.promptTokens,
          tally.completionTokens);
      if (answer.source() == AnswerSource.CACHE) {
        tally.cachedAnswers++;
        tally.savedTokens += answer.savedTokens();
        // The cache keeps one total per answer, not its prompt and completion parts: priced as prompt tokens.
        tally.savedCostUsd = prices.cost(tally.pricedProvider.orElse(prices.defaultProvider()), tally.savedTokens, 0);
      }
    } else if (event instanceof SessionEvent.LanguageDecided decided) {
      tally.at(decided.at());
      tally.language = Optional.of(decided.decided().tag().primary());
    } else if (event instanceof SessionEvent.PageContextSet context) {
      // The session decides the language (LanguageDecided), and a page that changes it is written
      // with its decision; a page's language that decided nothing (a start frame's language outranks
      // it) is not the conversation's. Only journals written before sessions decided languages say
      // it in the page alone: their first page's language stands until a decision.
      Optional<String> language = context.context().language().flatMap(LanguageTag::parse).map(LanguageTag::primary);
      if (language.isEmpty() || tally.language.isPresent()) return row;
      tally.at(context.at());
      tally.language = language;
    } else if (event instanceof SessionEvent.AgentMessageAppended agent) {
      tally.at(agent.at());
      tally.agentMessages++;
      tally.answered(agent.at());
    } else if (event instanceof SessionEvent.NoticeAppended notice) {
      tally.at(notice.at());
      tally.notices++;
    } else if (event instanceof SessionEvent.AgentRequested asked) {
      tally.at(asked.at());
      if (tally.handoffAskedAt.isEmpty()) tally.handoffAskedAt = Optional.of(asked.at());
      tally.status = ConversationStatus.WAITING;
    } else if (event instanceof SessionEvent.AgentJoined joined) {
      tally.at(joined.at());
      if (tally.handoffTakenAt.isEmpty()) {
        tally.handoffTakenAt = Optional.of(joined.at());
        tally.handoffWaitMs = Optional.of(tally.handoffAskedAt
            .map(asked -> Duration.between(asked, joined.at()).toMillis()).orElse(0L));
      }
      tally.status = ConversationStatus.WITH_AGENT;
    } else if (event instanceof SessionEvent.ReturnedToBot returned) {
      tally.at(returned.at());
      tally.status = ConversationStatus.OPEN;
    } else if (event instanceof SessionEvent.LeadScored scored) {
      tally.at(scored.score().at());
      tally.leadScore = Optional.of(scored.score().score());
      tally.leadQualified |= scored.score().qualified();
    } else if (event instanceof SessionEvent.Rated rated) {
      tally.at(rated.at());
      if (tally.rating.isEmpty()) tally.rating = Optional.of(rated.score());
    } else if (event instanceof SessionEvent.SessionClosed closed) {
      tally.close(closed.at());
    } else {
      return row;
    }
    return tally.row();
  }

  /**
   * A spoken utterance's or a played audio's length in the row's whole seconds, the nearest (a half
   * up): each is rounded before it is added, as the row keeps no fraction to carry.
   */
  static long wholeSeconds(long millis) {
    return (Math.max(0, millis) + 500) / 1000;
  }

  /** The row's figures while one event changes them. */
  private static final class Tally {
    private final ConversationRow row;
    private Instant lastEventAt;
    private Optional<Instant> closedAt;
    private ConversationStatus status;
    private Optional<ResolvedBy> resolvedBy;
    private Optional<Instant> handoffAskedAt;
    private Optional<Instant> handoffTakenAt;
    private Optional<Long> handoffWaitMs;
    private int userMessages;
    private int botMessages;
    private int agentMessages;
    private int notices;
    private Optional<Instant> unansweredSince;
    private Optional<Long> firstResponseMs;
    private long answerMsTotal;
    private int answers;
    private long promptTokens;
    private long completionTokens;
    private final Optional<String> pricedProvider;
    private double costUsd;
    private Optional<Integer> leadScore;
    private boolean leadQualified;
    private Optional<Integer> rating;
    private long voiceSeconds;
    private Optional<String> language;
    private int cachedAnswers;
    private long savedTokens;
    private double savedCostUsd;

    Tally(ConversationRow row) {
      this.row = row;
      lastEventAt = row.lastEventAt();
      closedAt = row.closedAt();
      status = row.status();
      resolvedBy = row.resolvedBy();
      handoffAskedAt = row.handoffAskedAt();
      handoffTakenAt = row.handoffTakenAt();
      handoffWaitMs = row.handoffWaitMs();
      userMessages = row.userMessages();
      botMessages = row.botMessages();
      agentMessages = row.agentMessages();
      notices = row.notices();
      unansweredSince = row.unansweredSince();
      firstResponseMs = row.firstResponseMs();
      answerMsTotal = row.answerMsTotal();
      answers = row.answers();
      promptTokens = row.promptTokens();
      completionTokens = row.completionTokens();
      pricedProvider = row.pricedProvider();
      costUsd = row.costUsd();
      leadScore = row.leadScore();
      leadQualified = row.leadQualified();
      rating = row.rating();
      voiceSeconds = row.voiceSeconds();
      language = row.language();
      cachedAnswers = row.cachedAnswers();
      savedTokens = row.savedTokens();
      savedCostUsd = row.savedCostUsd();
    }

    void at(Instant at) {
      if (at.isAfter(lastEventAt)) lastEventAt = at;
    }

    /** A bot's or agent's message answers what the customer has been waiting on, if anything. */
    void answered(Instant at) {
      if (unansweredSince.isEmpty()) return;
      long waited = Math.max(0, Duration.between(unansweredSince.get(), at).toMillis());
      if (firstResponseMs.isEmpty()) firstResponseMs = Optional.of(waited);
      answerMsTotal += waited;
      answers++;
      unansweredSince = Optional.empty();
    }

    void close(Instant at) {
      at(at);
      if (closedAt.isPresent()) return;
      closedAt = Optional.of(at);
      // A person asked for and none came (the conversation went to a ticket, or the customer left
      // waiting) is no need the bot met, whatever it answered after.
      boolean unmet = userMessages == 0 || handoffAskedAt.isPresent() || unansweredSince.isPresent();
      resolvedBy = Optional.of(handoffTakenAt.isPresent() ? ResolvedBy.AGENT : unmet ? ResolvedBy.ABANDONED : ResolvedBy.BOT);
      status = ConversationStatus.CLOSED;
    }

    ConversationRow row() {
      return new ConversationRow(row.tenant(), row.sessionId(), row.userId(), row.channel(), row.startedAt(), lastEventAt,
          closedAt, status, resolvedBy, handoffAskedAt, handoffTakenAt, handoffWaitMs, userMessages, botMessages,
          agentMessages, notices, unansweredSince, firstResponseMs, answerMsTotal, answers, promptTokens,
          completionTokens, pricedProvider, costUsd, leadScore, leadQualified, rating, language,
          voiceSeconds, cachedAnswers, savedTokens, savedCostUsd, row.tags(), row.test(), row.score());
    }
  }
}
