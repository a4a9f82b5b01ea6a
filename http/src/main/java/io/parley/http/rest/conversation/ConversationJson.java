package io.parley.http.rest.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.core.cost.Money;
import io.parley.core.experiment.ExperimentArm;
import io.parley.core.session.FailureTally;
import io.parley.http.rest.SessionRoutes;
import io.parley.persistence.calls.OutboundCallRow;
import io.parley.persistence.conversations.ConversationRow;
import io.parley.persistence.costs.CostLine;
import io.parley.persistence.conversations.ConversationScore;
import io.parley.persistence.conversations.ResolvedBy;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A conversation of the read model as the REST API shows it (docs/analytics.md); {@code test} only
 * when it is one; {@code quality} once the judge was asked of it (docs/evaluations.md); {@code experiment}
 * when it was started in one (docs/bot-config.md#experiments); {@code failedSafe} when its session is
 * failed-safe (docs/operations.md#failed-safe-sessions); {@code outboundCall} when the bot placed the
 * call it began with (docs/voice.md#outbound-calls); {@code ticket} in a page, the id of the ticket the
 * conversation is in (open or pending), when it is in one; {@code cost} in a page, what it cost so far.
 */
record ConversationJson(String sessionId, String tenant, Optional<String> userId, String channel, Instant startedAt,
    Optional<Instant> closedAt, String status, Optional<String> resolvedBy, Handoff handoff, Messages messages,
    Optional<Long> firstResponseMs, Optional<Long> averageAnswerMs, Tokens tokens, Optional<Integer> leadScore,
    boolean leadQualified, Optional<Integer> rating, Optional<String> language, long voiceSeconds,
    AnswerCache answerCache, List<String> tags, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean test,
    Optional<QualityJson> quality, Optional<SessionRoutes.ExperimentArmJson> experiment,
    Optional<FailedSafeJson> failedSafe, Optional<OutboundCallJson> outboundCall, Optional<String> ticket,
    Optional<CostJson> cost) {

  /** What the conversation cost so far, in its tenant's currency (docs/analytics.md#spend). */
  record CostJson(BigDecimal amount, String currency) {
    static CostJson of(CostLine total) {
      return new CostJson(Money.units(total.amount()), total.currency());
    }
  }

  record Handoff(Optional<Instant> askedAt, Optional<Instant> takenAt, Optional<Long> waitMs) {}

  record Messages(int user, int bot, int agent, int notices) {}

  record Tokens(long prompt, long completion, Optional<String> pricedAt, double estimatedCostUsd) {}

  record AnswerCache(int answers, long savedTokens, double estimatedSavedCostUsd) {}

  /** What the judge made of the conversation: {@code state} pending, scored, error or skipped, and the score's parts. */
  record QualityJson(String state, Optional<Integer> score, Optional<Boolean> resolved, Optional<Boolean> grounded,
      Optional<String> tone, Optional<String> reason, Optional<Instant> at) {
    static QualityJson of(ConversationScore score) {
      return new QualityJson(score.state().wireName(), score.score(), score.resolved(), score.grounded(), score.tone(),
          score.reason(), score.at());
    }
  }

  /**
   * The session failed {@code failures} times and answers an error until an admin retries it
   * (docs/operations.md#failed-safe-sessions): where it failed last and the exception types, never a message.
   */
  record FailedSafeJson(String kind, String reason, int failures, Instant firstAt, Instant lastAt) {
    static FailedSafeJson of(FailureTally tally) {
      return new FailedSafeJson(tally.latest().kind().wireName(), tally.latest().reason(), tally.count(),
          tally.firstAt(), tally.lastAt());
    }
  }

  /** The call the bot placed that began the conversation: its id in {@code /v1/calls} and its outcome. */
  record OutboundCallJson(String id, String outcome) {
    static Optional<OutboundCallJson> of(OutboundCallRow call) {
      return call.outcome().map(outcome -> new OutboundCallJson(call.id(), outcome));
    }
  }

  static ConversationJson of(ConversationRow row) {
    return new ConversationJson(row.sessionId(), row.tenant(), row.userId(), row.channel(), row.startedAt(),
        row.closedAt(), row.status().wireName(), row.resolution().map(ResolvedBy::wireName),
        new Handoff(row.handoffAskedAt(), row.handoffTakenAt(), row.handoffWaitMs()),
        new Messages(row.userMessages(), row.botMessages(), row.agentMessages(), row.notices()),
        row.firstResponseMs(), row.answers() == 0 ? Optional.empty() : Optional.of(row.answerMsTotal() / row.answers()),
        new Tokens(row.promptTokens(), row.completionTokens(), row.pricedProvider(), row.costUsd()),
        row.leadScore(), row.leadQualified(), row.rating(), row.language(), row.voiceSeconds(),
        new AnswerCache(row.cachedAnswers(), row.savedTokens(), row.savedCostUsd()), row.tags(), row.test(),
        row.score().map(QualityJson::of), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /** The same conversation naming the experiment it was started in and its arm, when it was. */
  ConversationJson in(Optional<ExperimentArm> arm) {
    return new ConversationJson(sessionId, tenant, userId, channel, startedAt, closedAt, status, resolvedBy, handoff,
        messages, firstResponseMs, averageAnswerMs, tokens, leadScore, leadQualified, rating, language, voiceSeconds,
        answerCache, tags, test, quality, arm.map(SessionRoutes.ExperimentArmJson::of), failedSafe, outboundCall, ticket, cost);
  }

  /** The same conversation, failed-safe when {@code tally} says so. */
  ConversationJson failed(Optional<FailureTally> tally) {
    return new ConversationJson(sessionId, tenant, userId, channel, startedAt, closedAt, status, resolvedBy, handoff,
        messages, firstResponseMs, averageAnswerMs, tokens, leadScore, leadQualified, rating, language, voiceSeconds,
        answerCache, tags, test, quality, experiment, tally.map(FailedSafeJson::of), outboundCall, ticket, cost);
  }

  /** The same conversation, naming the call the bot placed when {@code call} is one. */
  ConversationJson placed(Optional<OutboundCallRow> call) {
    return new ConversationJson(sessionId, tenant, userId, channel, startedAt, closedAt, status, resolvedBy, handoff,
        messages, firstResponseMs, averageAnswerMs, tokens, leadScore, leadQualified, rating, language, voiceSeconds,
        answerCache, tags, test, quality, experiment, failedSafe, call.flatMap(OutboundCallJson::of), ticket, cost);
  }

  /** The same conversation, in the ticket {@code id} when there is one. */
  ConversationJson inTicket(Optional<String> id) {
    return new ConversationJson(sessionId, tenant, userId, channel, startedAt, closedAt, status, resolvedBy, handoff,
        messages, firstResponseMs, averageAnswerMs, tokens, leadScore, leadQualified, rating, language, voiceSeconds,
        answerCache, tags, test, quality, experiment, failedSafe, outboundCall, id, cost);
  }

  /** The same conversation with its cost so far, when anything of it was priced. */
  ConversationJson costing(Optional<CostLine> total) {
    return new ConversationJson(sessionId, tenant, userId, channel, startedAt, closedAt, status, resolvedBy, handoff,
        messages, firstResponseMs, averageAnswerMs, tokens, leadScore, leadQualified, rating, language, voiceSeconds,
        answerCache, tags, test, quality, experiment, failedSafe, outboundCall, ticket, total.map(CostJson::of));
  }
}
