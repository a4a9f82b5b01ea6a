package io.parley.sessions.evaluation;

import io.parley.core.compute.CpuWork;
import io.parley.core.gaps.GapReason;
import io.parley.core.gaps.KnowledgeGaps;
import io.parley.core.gaps.UnansweredQuestion;
import io.parley.core.llm.PromptMessage;
import io.parley.core.prompt.QualityPrompts;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.persistence.conversations.ConversationScore;
import io.parley.persistence.conversations.ConversationScores;
import io.parley.sessions.SessionView;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores customers' closed conversations with the judge (docs/evaluations.md, "Every conversation
 * scored"), off every turn's path: each round claims the conversations the projection marked to
 * score, a few at a time ({@code atOnce}), on threads of its own, and writes each outcome into the
 * read model: its score, a judge error, or why it was skipped (outside the tenant's sample, past
 * its daily token cap). A round still running when the next is due is not doubled; a node that
 * stops mid-round leaves its claims to lapse, and they are scored again.
 */
final class ConversationScoring {
  private static final Logger LOG = LoggerFactory.getLogger(ConversationScoring.class);
  private static final String SOME_COMPANY = "the company";
  /** A score this low (of 5) makes the conversation's opening question a knowledge gap. */
  static final int BAD_SCORE = 2;

  private final ConversationScores store;
  private final Function<SessionId, CompletionStage<SessionView>> views;
  private final StructuredModel model;
  private final QualityPrompts prompts;
  private final QualitySettings settings;
  private final EvaluationSpend spend;
  private final KnowledgeGaps gaps;
  private final CpuWork cpu;
  private final Duration readTimeout;
  private final Clock clock;
  private final AtomicBoolean running = new AtomicBoolean();
  private final ExecutorService judges = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("quality-judge-", 0)
      .factory());

  /**
   * {@code views}: a session's whole view, read within {@code readTimeout}; {@code spend}: where the
   * judge's tokens count against the tenant's budget, on its evaluation line; {@code gaps}: where the
   * question that opened a conversation scored badly goes, as one the bot could not answer;
   * {@code cpu}: where the conversation is redacted with the tenant's patterns before the judge reads it.
   */
  ConversationScoring(ConversationScores store, Function<SessionId, CompletionStage<SessionView>> views,
      StructuredModel model, QualityPrompts prompts, QualitySettings settings, EvaluationSpend spend,
      KnowledgeGaps gaps, CpuWork cpu, Duration readTimeout, Clock clock) {
    this.store = store;
    this.views = views;
    this.model = model;
    this.prompts = prompts;
    this.settings = settings;
    this.spend = spend;
    this.gaps = gaps;
    this.cpu = cpu;
    this.readTimeout = readTimeout;
    this.clock = clock;
  }

  /** Scores what is due, batch after batch, until none is left; nothing when a round already runs. */
  void round() {
    if (!running.compareAndSet(false, true)) return;
    try {
      List<ConversationScores.Due> due;
      do {
        due = store.claim(settings.atOnce(), clock.instant(), settings.lease());
        List<Future<?>> scoring = new ArrayList<>();
        for (ConversationScores.Due conversation : due) {
          scoring.add(judges.submit(() -> store.record(conversation, score(conversation))));
        }
        for (Future<?> one : scoring) one.get();
      } while (due.size() == settings.atOnce());
    } catch (ExecutionException | RuntimeException e) {
      LOG.warn("scoring closed conversations failed; what is left is scored in the next round", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      running.set(false);
    }
  }

  void stop() {
    judges.shutdownNow();
  }

  /** What the judge makes of the conversation, or why it was not asked. */
  ConversationScore score(ConversationScores.Due due) {
    RedactedConversation conversation;
    try {
      SessionView view = views.apply(SessionId.of(due.tenant(), due.sessionId()))
          .toCompletableFuture().get(readTimeout.toMillis(), TimeUnit.MILLISECONDS);
      conversation = cpu.run(due.tenant(), () -> RedactedConversation.of(view));
    } catch (ExecutionException | TimeoutException e) {
      return ConversationScore.unscored(ConversationScore.State.ERROR, "the conversation could not be read", clock.instant());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ConversationScore.unscored(ConversationScore.State.ERROR, "interrupted", clock.instant());
    }
    double rate = conversation.config().qualitySample();
    if (!ScoringRules.sampled(due.sessionId(), rate)) {
      return ConversationScore.unscored(ConversationScore.State.SKIPPED,
          "not in the tenant's sample (qualitySampleRate " + rate + ")", clock.instant());
    }
    long cap = ScoringRules.dailyCap(conversation.config().qualityDailyTokens(), settings.dailyTokens());
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    List<PromptMessage> prompt = prompts.score(conversation.config().companyName().orElse(SOME_COMPANY),
        conversation.messages());
    // Taken before the judge is asked, so that nodes scoring at once cannot all pass the cap together.
    long taken = model.mostTokens(prompt);
    if (!store.takeTokens(due.tenant(), today, taken, cap)) {
      return ConversationScore.unscored(ConversationScore.State.SKIPPED,
          "the tenant's daily token cap for scoring (" + cap + ") was reached", clock.instant());
    }
    StructuredModel.Reply<QualityVerdict> reply = model.ask(prompt, QualityPrompts.SCHEMA,
        model.providers(conversation.config().modelParameters().providers()), QualityVerdict::read);
    store.addTokens(due.tenant(), today, reply.tokens() - taken);
    if (reply.tokens() > 0) spend.evaluationUsed(due.tenant(), "score/" + due.sessionId(), reply.tokens());
    if (reply instanceof StructuredModel.Reply.Answered<QualityVerdict> answered && answered.value().score() <= BAD_SCORE) {
      conversation.messages().stream().filter(message -> message.role() == Role.USER).findFirst()
          .ifPresent(opening -> gaps.record(new UnansweredQuestion(due.tenant(), due.sessionId(), Optional.empty(),
              opening.text(), GapReason.BAD_SCORE, opening.at())));
    }
    return switch (reply) {
      case StructuredModel.Reply.Answered<QualityVerdict> answered -> ConversationScore.scored(answered.value().score(),
          answered.value().resolved(), answered.value().grounded(), answered.value().tone(),
          conversation.placeholders().redact(answered.value().reason()), clock.instant());
      case StructuredModel.Reply.Broken<QualityVerdict> broken -> ConversationScore.unscored(ConversationScore.State.ERROR,
          "the judge: " + broken.reason(), clock.instant());
    };
  }
}
