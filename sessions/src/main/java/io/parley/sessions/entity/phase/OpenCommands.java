package io.parley.sessions.entity.phase;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.bot.UsageLimits;
import io.parley.core.gaps.GapReason;
import io.parley.core.guard.InjectionDetector;
import io.parley.core.handoff.HandoffTrigger;
import io.parley.core.handoff.HumanRequest;
import io.parley.core.language.ConversationLanguage;
import io.parley.core.language.LanguageChoice;
import io.parley.core.language.LanguagePack;
import io.parley.core.lead.LeadEvidence;
import io.parley.core.lead.LeadScore;
import io.parley.core.lead.LeadScoring;
import io.parley.core.lead.LeadSettings;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.core.session.Role;
import io.parley.core.trace.Tracing;
import io.parley.sessions.SessionServices;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.ConversationNotes;
import io.parley.sessions.entity.InternalCommand.TenantBudgetHeard;
import io.parley.sessions.entity.InternalCommand.UsageRecorded;
import io.parley.sessions.entity.SessionCommand.Accepted;
import io.parley.sessions.entity.SessionCommand.PostGreeting;
import io.parley.sessions.entity.SessionCommand.PostNotice;
import io.parley.sessions.entity.SessionCommand.PostUserMessage;
import io.parley.sessions.entity.SessionEffects;
import io.parley.sessions.entity.SessionEvent.AgentRequested;
import io.parley.sessions.entity.SessionEvent.AssistantMessageAppended;
import io.parley.sessions.entity.SessionEvent.LanguageDecided;
import io.parley.sessions.entity.SessionEvent.LeadScored;
import io.parley.sessions.entity.SessionEvent.NoticeAppended;
import io.parley.sessions.entity.SessionEvent.SummaryUpdated;
import io.parley.sessions.entity.SessionEvent.UserMessageAppended;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.entity.Subscribers;
import io.parley.sessions.entity.attachment.SessionFiles;
import io.parley.sessions.entity.handoff.HandoffCommands;
import io.parley.sessions.entity.handoff.HandoffRouting;
import io.parley.sessions.entity.turns.FactEvents;
import io.parley.sessions.entity.turns.MessageGate;
import io.parley.sessions.entity.turns.NextTurn;
import io.parley.sessions.entity.turns.SummaryRuns;
import io.parley.sessions.entity.turns.TenantUsage;
import io.parley.sessions.entity.turns.TurnCommands;
import io.parley.sessions.entity.turns.TurnSlot;
import io.parley.sessions.entity.turns.UnansweredQuestions;
import io.parley.sessions.turn.Summarizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.slf4j.event.Level;

/**
 * The commands of an {@link Open} session: user messages (within the session's token budget, the
 * message rate and the tenant's budget), system notices, and the rolling summary's updates. Its
 * turns are {@link TurnCommands}', a person in the conversation {@link HandoffCommands}', its close
 * {@link CloseCommands}'.
 *
 * <p>{@code services}: the node's settings, metrics, tracing and lead alerts, as a user message needs them.
 */
public record OpenCommands(SessionEffects effect, SessionScope scope, SessionServices services,
    MessageGate gate, RepeatedMessages repeats, Subscribers subscribers, IdleClock idleClock, SummaryRuns summaries,
    TenantUsage usage, TurnSlot turn, HandoffRouting handoffs, NextTurn nextTurn) {

  /**
   * A user message in one pass: a repeat is acked again; a new one is checked, persisted and acked.
   * Only while the tenant's budget is being asked does it wait, stashed, and come back here.
   */
  public ReplyEffect<SessionEvent, SessionState> onUserMessage(Open state, PostUserMessage cmd) {
    Span span = services.answering().tracing().start("session.user_message", SpanKind.SERVER, cmd.traceparent());
    span.setAttribute("parley.tenant", scope.id().tenant()).setAttribute("parley.session_id", scope.id().wireId());
    Optional<ReplyEffect<SessionEvent, SessionState>> again = repeats.ackAgain(state, cmd.clientMsgId(), cmd.replyTo());
    if (again.isPresent()) return ended(span, "repeat", again.get());
    if (cmd.clientMsgId().isBlank() || cmd.text().isBlank()) {
      return ended(span, "refused", refuse(cmd, Refusal.of(ErrorCode.BAD_REQUEST, "clientMsgId and text must not be empty")));
    }
    Optional<Refusal> unknown = SessionFiles.unknown(state, cmd.attachments());
    if (unknown.isPresent()) return ended(span, "refused", refuse(cmd, unknown.get()));
    ConversationNotes.TokenTotals used = state.notes().usage();
    UsageLimits limits = ConversationWords.config(state).usageLimits();
    if (used.promptTokens() + used.completionTokens() >= limits.sessionTokens(services.settings().sessionTokenBudget())) {
      services.metrics().messageRefused(scope.id().tenant(), ErrorCode.BUDGET_EXCEEDED.wireName());
      return ended(span, "refused", refuse(cmd, Refusal.of(ErrorCode.BUDGET_EXCEEDED,
          state.wording().text("refusal.session-budget"))));
    }
    MessageGate.Decision decision = gate.decide(scope.now(), limits, state.wording());
    // A stashed message comes back here once the budget answers, with a span of its own.
    if (decision instanceof MessageGate.AwaitBudget) return ended(span, "awaiting_budget", effect.stash());
    if (decision instanceof MessageGate.Refuse refused) return ended(span, "refused", refuse(cmd, refused.refusal()));
    Optional<InjectionDetector.Flag> flag =
        InjectionDetector.inspect(cmd.text(), ConversationWords.of(state));
    if (flag.isPresent()) {
      boolean refuse = state.botConfig().map(PinnedBotConfig::config).orElse(BotConfig.empty()).refusesInjections();
      services.metrics().injectionFlagged(scope.id().tenant(), "user_message", refuse);
      // The rule, never the text: the log must not carry what the customer wrote.
      scope.log(Level.INFO).log("user message reads like instructions to the model (rule {}){}", flag.get().rule(),
          refuse ? "; refused, as the tenant's configuration asks" : "");
      if (refuse) {
        services.metrics().messageRefused(scope.id().tenant(), ErrorCode.INJECTION_REFUSED.wireName());
        return ended(span, "refused", refuse(cmd, Refusal.of(ErrorCode.INJECTION_REFUSED,
            state.wording().text("refusal.injection"))));
      }
    }
    span.setAttribute("parley.admission", "admitted");
    return append(state, cmd, span);
  }

  private static ReplyEffect<SessionEvent, SessionState> ended(Span span, String admission,
      ReplyEffect<SessionEvent, SessionState> reply) {
    span.setAttribute("parley.admission", admission);
    span.end();
    return reply;
  }

  /** The tenant's standing is known (or its budget silent): the messages waiting for it go on. */
  public ReplyEffect<SessionEvent, SessionState> onTenantBudgetHeard(Open state, TenantBudgetHeard heard) {
    gate.heard(heard, scope.now());
    return effect.none().thenNoReply().thenUnstashAll();
  }

  /** A turn's usage is in the tenant's budget: its standing, as fresh as an ask's, lets waiting messages go on. */
  public ReplyEffect<SessionEvent, SessionState> onUsageRecorded(Open state, UsageRecorded recorded) {
    usage.recorded();
    return onTenantBudgetHeard(state, new TenantBudgetHeard(Optional.of(recorded.standing()), ""));
  }

  public ReplyEffect<SessionEvent, SessionState> onUsageRecordedLate(SessionState state, UsageRecorded recorded) {
    usage.recorded();
    return effect.noReply();
  }

  /** Persists the message; {@code span} ends with the write, and the message's turn continues its trace. */
  private ReplyEffect<SessionEvent, SessionState> append(Open state, PostUserMessage cmd, Span span) {
    long seq = state.transcript().nextSeq();
    String turnId = "turn-" + seq;
    Instant at = scope.now();
    UserMessageAppended appended =
        new UserMessageAppended(seq, cmd.clientMsgId(), cmd.text(), turnId, at, cmd.heard(), cmd.attachments());
    List<SessionEvent> events =
        new ArrayList<>(FactEvents.with(appended, new ChatMessage(seq, Role.USER, cmd.text(), turnId, at), state.notes()));
    List<String> earlier = customerMessages(state);
    Optional<ConversationLanguage> switched =
        LanguageChoice.fromCustomer(state.notes().language(), earlier, cmd.text(), services.languages());
    switched.ifPresent(decided -> events.add(new LanguageDecided(decided.tag().tag(), decided.source(), at)));
    LanguagePack words = ConversationWords.of(switched.or(() -> state.notes().language()), state);
    Optional<LeadScore> leadBefore = state.notes().lead();
    LeadScore lead = LeadScoring.next(leadBefore, cmd.text(), earlier.size() + 1, seq, at, leadScoring(state), words);
    if (LeadScoring.changed(leadBefore, lead)) events.add(new LeadScored(lead));
    boolean qualifies = LeadScoring.newlyQualified(leadBefore, lead);
    // Asking for a person (or a tenant rule that brings one in) is answered by the handoff, in the
    // same write: the model never sees the message as a turn.
    Optional<HandoffTrigger> handoff = state.handoff().botAnswers()
        ? (HumanRequest.asks(cmd.text(), words) ? Optional.of(HandoffTrigger.CUSTOMER_ASKED)
            : ConversationWords.config(state).handoffRules().flatMap(rules -> rules.metBy(cmd.text(),
                leadBefore.map(LeadScore::evidence).orElse(LeadEvidence.none()), lead.evidence(), earlier)))
        : Optional.empty();
    handoff.ifPresent(trigger -> events.add(new AgentRequested(trigger, at)));
    boolean asksForPerson = handoff.isPresent();
    return effect
        .persist(events)
        .thenRun(after -> {
          // The ack first: it is what the client waits for, and the rest (fan-out, a new turn) can follow it.
          cmd.replyTo().tell(StatusReply.success(new Accepted(seq, turnId, false)));
          span.setAttribute("parley.seq", seq).end();
          turn.trace(turnId, Tracing.traceparent(span));
          services.metrics().messagePersisted(scope.id().tenant(), Role.USER.wireName());
          subscribers.publishMessage(after, seq);
          switched.ifPresent(decided -> subscribers.publish(new SessionUpdate.LanguageChanged(decided.tag().tag())));
          idleClock.reset((Open) after);
          if (asksForPerson) handoffs.waitForAgent(after);
          // Asked again after the bot's answers: the bot's answers did not answer it.
          if (handoff.equals(Optional.of(HandoffTrigger.REPEATED_QUESTION))) {
            UnansweredQuestions.tell(services, scope, state, cmd.text(), GapReason.HANDOFF, at);
          }
          if (qualifies) services.leads().qualified(scope.id(), lead);
          nextTurn.startIfDue(after);
        })
        .thenNoReply();
  }

  private LeadSettings leadScoring(Open state) {
    return ConversationWords.config(state).leadScoring(services.settings().leadThreshold());
  }

  private static List<String> customerMessages(Open state) {
    return state.transcript().messages().stream().filter(m -> m.role() == Role.USER).map(ChatMessage::text).toList();
  }

  private ReplyEffect<SessionEvent, SessionState> refuse(PostUserMessage cmd, Refusal refusal) {
    return effect.reply(cmd.replyTo(), StatusReply.error(refusal));
  }

  public ReplyEffect<SessionEvent, SessionState> onPostNotice(Open state, PostNotice cmd) {
    Optional<ReplyEffect<SessionEvent, SessionState>> again =
        repeats.ackAgain(state, SessionState.noticeKey(cmd.noticeId()), cmd.replyTo());
    if (again.isPresent()) return again.get();
    if (cmd.noticeId().isBlank()) {
      return effect.reply(cmd.replyTo(), StatusReply.error(Refusal.of(ErrorCode.BAD_REQUEST, "noticeId must not be empty")));
    }
    long seq = state.transcript().nextSeq();
    return effect
        .persist(new NoticeAppended(seq, cmd.noticeId(), state.wording().text(cmd.text()), scope.now()))
        .thenRun(after -> subscribers.publishMessage(after, seq))
        .thenReply(cmd.replyTo(), after -> StatusReply.success(new Accepted(seq, "notice-" + cmd.noticeId(), false)));
  }

  public ReplyEffect<SessionEvent, SessionState> onPostGreeting(Open state, PostGreeting cmd) {
    Optional<ChatMessage> stored = state.transcript().answerOf(PostGreeting.GREETING);
    if (stored.isPresent()) {
      return effect.reply(cmd.replyTo(), StatusReply.success(new Accepted(stored.get().seq(), PostGreeting.GREETING, true)));
    }
    if (cmd.text().isBlank()) {
      return effect.reply(cmd.replyTo(), StatusReply.error(Refusal.of(ErrorCode.BAD_REQUEST, "a greeting must have text")));
    }
    long seq = state.transcript().nextSeq();
    return effect
        .persist(new AssistantMessageAppended(seq, PostGreeting.GREETING, cmd.text(), AnswerSource.GREETING,
            Optional.empty(), scope.now(), false))
        .thenRun(after -> subscribers.publishMessage(after, seq))
        .thenReply(cmd.replyTo(), after -> StatusReply.success(new Accepted(seq, PostGreeting.GREETING, false)));
  }

  public ReplyEffect<SessionEvent, SessionState> onSummaryWritten(Open state, Summarizer.Report.Written cmd) {
    summaries.succeeded();
    if (cmd.range().fromSeq() != state.notes().summarizedThroughSeq() + 1) return effect.noReply();
    return effect
        .persist(new SummaryUpdated(cmd.text(), cmd.range().fromSeq(), cmd.range().toSeq(), cmd.source(), scope.now()))
        .thenNoReply();
  }

  /** The messages stay in the journal and the next turn asks again, after a backoff. */
  public ReplyEffect<SessionEvent, SessionState> onSummaryFailed(Open state, Summarizer.Report.Failed cmd) {
    Duration backoff = summaries.failed();
    scope.log(Level.WARN).log("summary of {}..{} failed (retry after {} ms): {}", cmd.range().fromSeq(),
        cmd.range().toSeq(), backoff.toMillis(), cmd.reason());
    return effect.noReply();
  }
}
