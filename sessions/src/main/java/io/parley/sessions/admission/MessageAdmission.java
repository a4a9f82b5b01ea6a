package io.parley.sessions.admission;

import io.parley.core.limits.TokenBucket;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.SessionId;
import io.parley.sessions.ChatSession.PostUserMessage;
import io.parley.sessions.Outcome;
import io.parley.sessions.TurnServices;
import io.parley.sessions.admission.TenantTokenBudget.Standing;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * A session's gate for new user messages, run as the session's child: the message rate (a token
 * bucket, {@code messages-per-minute} after a burst of {@code message-burst}) and the tenant's daily
 * token budget ({@link TenantTokenBudget}).
 *
 * <p>Messages are decided one at a time, in the order they came: while the tenant's budget is being
 * asked, later messages wait in a stash. The standing heard last is trusted for {@code recheck-after}.
 * A budget that does not answer within {@code check-timeout} admits the message (fails open: a journal
 * outage must not silence every customer; logged and counted in {@code parley_tenant_budget_unavailable_total}).
 * Everything here is runtime state: a restarted session forgives a burst, which is harmless.
 *
 * <p>It also reports each answered turn's usage to the tenant's budget, retrying with backoff until
 * the budget acknowledges it (the record is idempotent on the turn key). A report still unacknowledged
 * when the session stops is lost: the budget then undercounts by that turn.
 */
public final class MessageAdmission {
  private static final int WAITING_MESSAGES = 64;

  public sealed interface Command {}

  /** A user message the session would store; the {@link Verdict} goes to {@code replyTo}, in order. */
  public record Admit(PostUserMessage message, ActorRef<Verdict> replyTo) implements Command {}

  /** An answered turn's usage, key {@code <session>/<turnId>}, for the tenant's budget; no reply. */
  public record AnswerUsed(String turnKey, long tokens, Instant answeredAt) implements Command {}

  private record BudgetHeard(Admit admit, Optional<Standing> standing, String failure) implements Command {}

  private record UsageRecorded(AnswerUsed usage, Standing standing) implements Command {}

  private record UsageNotRecorded(AnswerUsed usage, int attempt, String failure) implements Command {}

  private record RetryUsage(AnswerUsed usage, int attempt) implements Command {}

  public sealed interface Verdict {
    PostUserMessage message();
  }

  public record Admitted(PostUserMessage message) implements Verdict {}

  /** Refused with {@code outcome}, the reply the client gets. */
  public record Refused(PostUserMessage message, Outcome<Outcome.Accepted> outcome) implements Verdict {}

  /** Restarted on a failure: a child that stopped would leave every later message without a reply. */
  public static Behavior<Command> create(SessionId session, TurnServices services) {
    Behavior<Command> admission = Behaviors.setup(ctx -> Behaviors.withTimers(timers -> Behaviors.withStash(
        WAITING_MESSAGES, stash -> new MessageAdmission(ctx, timers, stash, session, services).ready())));
    return Behaviors.supervise(admission).onFailure(SupervisorStrategy.restart());
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final StashBuffer<Command> waiting;
  private final String tenant;
  private final TurnServices services;
  private final TenantBudgets budgets;
  private TokenBucket messageRate;
  private Optional<Standing> lastStanding = Optional.empty();
  private Instant standingHeardAt = Instant.MIN;

  private MessageAdmission(ActorContext<Command> context, TimerScheduler<Command> timers, StashBuffer<Command> waiting,
      SessionId session, TurnServices services) {
    this.context = context;
    this.timers = timers;
    this.waiting = waiting;
    this.tenant = session.tenant();
    this.services = services;
    this.budgets = services.budgets();
    this.messageRate = TokenBucket.full(services.settings().messagesPerMinute(), services.settings().messageBurst(), now());
  }

  private Behavior<Command> ready() {
    return withUsageReports(Behaviors.receive(Command.class).onMessage(Admit.class, this::onAdmit));
  }

  /** Asking the tenant's budget about one message; later messages wait their turn. */
  private Behavior<Command> awaitingBudget() {
    return withUsageReports(Behaviors.receive(Command.class)
        .onMessage(Admit.class, this::onAdmitWhileWaiting)
        .onMessage(BudgetHeard.class, this::onBudgetHeard));
  }

  private Behavior<Command> withUsageReports(BehaviorBuilder<Command> builder) {
    return builder
        .onMessage(AnswerUsed.class, this::onAnswerUsed)
        .onMessage(UsageRecorded.class, this::onUsageRecorded)
        .onMessage(UsageNotRecorded.class, this::onUsageNotRecorded)
        .onMessage(RetryUsage.class, retry -> recordUsage(retry.usage(), retry.attempt()))
        .build();
  }

  private Behavior<Command> onAdmit(Admit admit) {
    TokenBucket.Taken taken = messageRate.take(now());
    messageRate = taken.bucket();
    if (!taken.allowed()) {
      refuse(admit, ErrorCode.RATE_LIMITED, "too many messages; wait a moment", taken.retryAfter());
      return Behaviors.same();
    }
    if (!budgets.limits(tenant)) {
      admit(admit);
      return Behaviors.same();
    }
    Instant trustedUntil = standingHeardAt.plus(budgets.settings().recheckAfter());
    if (lastStanding.isPresent() && now().isBefore(trustedUntil)) {
      decide(admit, lastStanding.get());
      return Behaviors.same();
    }
    context.ask(Standing.class, budgets.of(tenant), budgets.settings().checkTimeout(), TenantTokenBudget.Check::new,
        (standing, failure) -> new BudgetHeard(admit, Optional.ofNullable(standing), String.valueOf(failure)));
    return awaitingBudget();
  }

  private Behavior<Command> onAdmitWhileWaiting(Admit admit) {
    if (waiting.isFull()) {
      refuse(admit, ErrorCode.RATE_LIMITED, "too many messages; wait a moment", Duration.ofSeconds(1));
    } else {
      waiting.stash(admit);
    }
    return Behaviors.same();
  }

  private Behavior<Command> onBudgetHeard(BudgetHeard heard) {
    if (heard.standing().isPresent()) {
      hear(heard.standing().get());
      decide(heard.admit(), heard.standing().get());
    } else {
      services.metrics().tenantBudgetUnavailable(tenant);
      context.getLog().atWarn().addKeyValue("tenant", tenant)
          .log("tenant token budget did not answer, message admitted: {}", heard.failure());
      admit(heard.admit());
    }
    return waiting.unstashAll(ready());
  }

  private void decide(Admit admit, Standing standing) {
    if (standing.exhausted()) {
      refuse(admit, ErrorCode.BUDGET_EXCEEDED,
          "your organisation has used today's assistant budget; please try again later or ask for a person",
          Duration.between(now(), standing.resetsAt()));
    } else {
      admit(admit);
    }
  }

  private void admit(Admit admit) {
    admit.replyTo().tell(new Admitted(admit.message()));
  }

  private void refuse(Admit admit, ErrorCode code, String reason, Duration retryAfter) {
    services.metrics().messageRefused(tenant, code.wireName());
    admit.replyTo().tell(new Refused(admit.message(),
        Outcome.retryLater(code, reason, Math.max(1, retryAfter.toMillis()))));
  }

  private Behavior<Command> onAnswerUsed(AnswerUsed usage) {
    services.metrics().tenantTokensUsed(tenant, usage.tokens());
    if (!budgets.limits(tenant)) return Behaviors.same();
    return recordUsage(usage, 1);
  }

  private Behavior<Command> recordUsage(AnswerUsed usage, int attempt) {
    context.ask(Standing.class, budgets.of(tenant), budgets.settings().checkTimeout(),
        replyTo -> new TenantTokenBudget.RecordUsage(usage.turnKey(), usage.tokens(), usage.answeredAt(), replyTo),
        (standing, failure) -> standing != null ? new UsageRecorded(usage, standing)
            : new UsageNotRecorded(usage, attempt, String.valueOf(failure.getMessage())));
    return Behaviors.same();
  }

  private Behavior<Command> onUsageRecorded(UsageRecorded recorded) {
    hear(recorded.standing());
    return Behaviors.same();
  }

  private Behavior<Command> onUsageNotRecorded(UsageNotRecorded failed) {
    Duration backoff = services.settings().retryBackoff()
        .delayBeforeRetry(failed.attempt(), ThreadLocalRandom.current()::nextDouble);
    context.getLog().atWarn().addKeyValue("tenant", tenant).log("usage of {} not recorded (attempt {}, retry in {} ms): {}",
        failed.usage().turnKey(), failed.attempt(), backoff.toMillis(), failed.failure());
    timers.startSingleTimer(failed.usage().turnKey(), new RetryUsage(failed.usage(), failed.attempt() + 1), backoff);
    return Behaviors.same();
  }

  private void hear(Standing standing) {
    lastStanding = Optional.of(standing);
    standingHeardAt = now();
  }

  private Instant now() {
    return services.clock().instant();
  }
}
