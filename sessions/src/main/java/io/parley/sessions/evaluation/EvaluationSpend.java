package io.parley.sessions.evaluation;

import io.parley.core.bot.UsageLimits;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.admission.TenantBudgets;
import io.parley.sessions.admission.TenantTokenBudget;
import io.parley.sessions.bot.BotConfigs;
import java.time.Clock;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The judge's and the simulated customer's tokens, counted against the tenant's daily token
 * budget on its {@code evaluation} line (docs/evaluations.md#tokens-and-the-budget), as an
 * evaluation session's turns are: when the operator or the tenant's live version gives the tenant
 * a budget. Each case's or replay's tokens are recorded once, under the key
 * {@code <run>/<case>}, so a retry counts nothing twice. Blocking.
 */
record EvaluationSpend(ActorSystem<?> system, TenantBudgets budgets, BotConfigs configs, SessionMetrics metrics,
    Clock clock, Duration askTimeout) {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluationSpend.class);

  /** Records {@code tokens} of the evaluation's own model under {@code key}; a failure is logged, the run goes on. */
  void evaluationUsed(String tenant, String key, long tokens) {
    if (tokens < 1) return;
    metrics.tenantTokensUsed(tenant, tokens);
    try {
      UsageLimits limits = configs.current(tenant).toCompletableFuture().join()
          .map(pinned -> pinned.config().usageLimits()).orElseGet(UsageLimits::none);
      if (!budgets.limits(tenant, limits)) return;
      TenantTokenBudget.Standing standing = AskPattern.<TenantTokenBudget.Command, TenantTokenBudget.Standing>ask(
          budgets.of(tenant), replyTo -> new TenantTokenBudget.RecordUsage(key, tokens, clock.instant(),
              TenantTokenBudget.EVALUATION, replyTo), askTimeout, system.scheduler()).toCompletableFuture().join();
      metrics.tenantTokenBudget(tenant, standing);
    } catch (RuntimeException e) {
      LOG.warn("evaluation tokens of {} ({}) not counted in tenant {}'s budget: {}", key, tokens, tenant, e.toString());
    }
  }
}
