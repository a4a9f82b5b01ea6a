package io.parley.sessions.admission;

import io.parley.core.retry.Backoff;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.admission.TenantTokenBudget.Standing;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * A session's child that reports each answered turn's tokens to its tenant's
 * {@link TenantTokenBudget}, retrying with backoff until the budget acknowledges (the record is
 * idempotent on the turn key), and passes each standing it hears to the session, which trusts it
 * for its next messages. A report still unacknowledged when the session stops is lost: the budget
 * then undercounts by that turn.
 */
public final class TenantUsageReports {
  public sealed interface Command {}

  /**
   * An answered turn's usage, key {@code <session>/<turnId>}, recorded on the budget's {@code line}
   * when {@code budgeted} ({@link TenantBudgets#limits}); no reply.
   */
  public record AnswerUsed(String turnKey, long tokens, Instant answeredAt, String line, boolean budgeted)
      implements Command {}

  private record Recorded(Standing standing) implements Command {}

  private record NotRecorded(AnswerUsed usage, int attempt, String failure) implements Command {}

  private record Retry(AnswerUsed usage, int attempt) implements Command {}

  /** Restarted on a failure: a child that stopped would leave every later turn uncounted. */
  public static Behavior<Command> create(String tenant, TenantBudgets budgets, Backoff backoff, SessionMetrics metrics,
      ActorRef<Standing> standings) {
    Behavior<Command> reports = Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new TenantUsageReports(ctx, timers, tenant, budgets, backoff, metrics, standings).reporting()));
    return Behaviors.supervise(reports).onFailure(SupervisorStrategy.restart());
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final String tenant;
  private final TenantBudgets budgets;
  private final Backoff backoff;
  private final SessionMetrics metrics;
  private final ActorRef<Standing> standings;

  private TenantUsageReports(ActorContext<Command> context, TimerScheduler<Command> timers, String tenant,
      TenantBudgets budgets, Backoff backoff, SessionMetrics metrics, ActorRef<Standing> standings) {
    this.context = context;
    this.timers = timers;
    this.tenant = tenant;
    this.budgets = budgets;
    this.backoff = backoff;
    this.metrics = metrics;
    this.standings = standings;
  }

  private Behavior<Command> reporting() {
    return Behaviors.receive(Command.class)
        .onMessage(AnswerUsed.class, this::onAnswerUsed)
        .onMessage(Recorded.class, recorded -> {
          standings.tell(recorded.standing());
          return Behaviors.same();
        })
        .onMessage(NotRecorded.class, this::onNotRecorded)
        .onMessage(Retry.class, retry -> record(retry.usage(), retry.attempt()))
        .build();
  }

  private Behavior<Command> onAnswerUsed(AnswerUsed usage) {
    metrics.tenantTokensUsed(tenant, usage.tokens());
    return usage.budgeted() ? record(usage, 1) : Behaviors.same();
  }

  private Behavior<Command> record(AnswerUsed usage, int attempt) {
    context.ask(Standing.class, budgets.of(tenant), budgets.settings().checkTimeout(),
        replyTo -> new TenantTokenBudget.RecordUsage(usage.turnKey(), usage.tokens(), usage.answeredAt(), usage.line(),
            replyTo),
        (standing, failure) -> standing != null ? new Recorded(standing)
            : new NotRecorded(usage, attempt, String.valueOf(failure.getMessage())));
    return Behaviors.same();
  }

  private Behavior<Command> onNotRecorded(NotRecorded failed) {
    Duration delay = backoff.delayBeforeRetry(failed.attempt(), ThreadLocalRandom.current()::nextDouble);
    context.getLog().atWarn().addKeyValue("tenant", tenant).log("usage of {} not recorded (attempt {}, retry in {} ms): {}",
        failed.usage().turnKey(), failed.attempt(), delay.toMillis(), failed.failure());
    timers.startSingleTimer(failed.usage().turnKey(), new Retry(failed.usage(), failed.attempt() + 1), delay);
    return Behaviors.same();
  }
}
