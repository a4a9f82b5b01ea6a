package io.parley.sessions.entity.turns;

import io.parley.core.bot.UsageLimits;
import io.parley.core.language.Wording;
import io.parley.core.limits.TokenBucket;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.sessions.SessionServices;
import io.parley.sessions.SessionSettings;
import io.parley.sessions.admission.TenantBudgets;
import io.parley.sessions.admission.TenantTokenBudget.Standing;
import io.parley.sessions.admission.TenantTokenBudget;
import io.parley.sessions.entity.InternalCommand.TenantBudgetHeard;
import io.parley.sessions.entity.SessionInput;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * Whether a new user message may be stored now: the session's message rate (a token bucket,
 * {@code messages-per-minute} after a burst of {@code message-burst}), this node's share of the
 * tenant's message rate ({@code tenant-messages-per-minute}) and the tenant's daily token budget, each as the
 * session's bot configuration lowers it ({@link UsageLimits}). The entity asks it in the same pass that persists the message; only when the tenant's
 * standing must be heard first does the message wait, stashed, until {@link TenantBudgetHeard}.
 *
 * <p>The standing heard last is trusted for {@code recheck-after}. A budget that does not answer
 * within {@code check-timeout} lets messages through for {@code recheck-after} (fails open: a
 * journal outage must not silence every customer; logged and counted). All of this is the
 * incarnation's memory: a restarted session forgives a burst, which is harmless.
 */
public final class MessageGate {
  /** What the gate decided about one message. */
  public sealed interface Decision {}

  record Admit() implements Decision {}

  public record Refuse(Refusal refusal) implements Decision {}

  /** The tenant's standing is being asked; the message waits for {@link TenantBudgetHeard}. */
  public record AwaitBudget() implements Decision {}

  private final ActorContext<SessionInput> context;
  private final String tenant;
  private final SessionServices services;
  private final TenantBudgets budgets;
  // Made at the first message: the session's configuration is known by then.
  private Optional<TokenBucket> messageRate = Optional.empty();
  private Optional<Standing> standing = Optional.empty();
  private Instant standingHeardAt = Instant.MIN;
  private Instant failingOpenUntil = Instant.MIN;
  private boolean asking;
  // What the last ask brought, for the message that waited for it: decided on it even if
  // recheck-after is shorter than the wait.
  private Heard heardForWaiting = Heard.NOTHING_NEW;

  private enum Heard { NOTHING_NEW, STANDING, SILENCE }

  public MessageGate(ActorContext<SessionInput> context, String tenant, SessionServices services) {
    this.context = context;
    this.tenant = tenant;
    this.services = services;
    this.budgets = services.budgets();
  }

  /** Decides on a message of a session whose configuration set {@code limits}. */
  public Decision decide(Instant now, UsageLimits limits, Wording wording) {
    if (budgets.limits(tenant, limits)) {
      if (asking) return new AwaitBudget();
      Heard waited = heardForWaiting;
      heardForWaiting = Heard.NOTHING_NEW;
      boolean silent = waited == Heard.SILENCE || now.isBefore(failingOpenUntil);
      boolean trusted = waited == Heard.STANDING
          || (standing.isPresent() && now.isBefore(standingHeardAt.plus(budgets.settings().recheckAfter())));
      if (!silent && !trusted) return askBudget();
      if (!silent && standing.get().exhausted()) {
        return refuse(ErrorCode.BUDGET_EXCEEDED, wording.text("refusal.tenant-budget"),
            Duration.between(now, standing.get().resetsAt()));
      }
    }
    TokenBucket.Taken taken = messageRate.orElseGet(() -> sessionRate(limits, now)).take(now);
    if (!taken.allowed()) return refuse(ErrorCode.RATE_LIMITED, wording.text("refusal.rate-limited"), taken.retryAfter());
    messageRate = Optional.of(taken.bucket());
    Optional<Refusal> tenantRate = services.tenantMessages().take(tenant, limits, now);
    if (tenantRate.isPresent()) {
      services.metrics().messageRefused(tenant, ErrorCode.RATE_LIMITED.wireName());
      // The node's rule words it in English; the customer reads it in the conversation's language.
      return new Refuse(new Refusal(ErrorCode.RATE_LIMITED, wording.text("refusal.tenant-rate"), tenantRate.get().retryAfterMs()));
    }
    return new Admit();
  }

  /**
   * The node's rate and burst, or the configuration's lower rate with a burst no larger than a
   * minute's worth of it (else a burst of five would let a tenant's two a minute through at once).
   */
  private TokenBucket sessionRate(UsageLimits limits, Instant now) {
    SessionSettings settings = services.settings();
    int perMinute = limits.sessionMessagesPerMinute(settings.messagesPerMinute());
    int burst = limits.sessionMessagesPerMinute().isPresent()
        ? Math.min(settings.messageBurst(), perMinute) : settings.messageBurst();
    return TokenBucket.full(perMinute, burst, now);
  }

  /** The tenant's budget was asked and has not answered yet. */
  public boolean asking() {
    return asking;
  }

  /** Takes in the tenant's standing, or its silence. */
  public void heard(TenantBudgetHeard heard, Instant now) {
    asking = false;
    heard.standing().ifPresent(told -> services.metrics().tenantTokenBudget(tenant, told));
    if (heard.standing().isPresent()) {
      standing = heard.standing();
      standingHeardAt = now;
      failingOpenUntil = Instant.MIN;
      heardForWaiting = Heard.STANDING;
      return;
    }
    heardForWaiting = Heard.SILENCE;
    failingOpenUntil = now.plus(budgets.settings().recheckAfter());
    services.metrics().tenantBudgetUnavailable(tenant);
    context.getLog().atWarn().addKeyValue("tenant", tenant)
        .log("tenant token budget did not answer, messages admitted for {} ms: {}",
            budgets.settings().recheckAfter().toMillis(), heard.failure());
  }

  private Decision askBudget() {
    asking = true;
    context.ask(Standing.class, budgets.of(tenant), budgets.settings().checkTimeout(), TenantTokenBudget.Check::new,
        (heard, failure) -> new TenantBudgetHeard(Optional.ofNullable(heard), String.valueOf(failure)));
    return new AwaitBudget();
  }

  private Decision refuse(ErrorCode code, String reason, Duration retryAfter) {
    services.metrics().messageRefused(tenant, code.wireName());
    return new Refuse(Refusal.retryLater(code, reason, retryAfter.toMillis()));
  }
}
