package io.parley.sessions.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.cost.BudgetStanding;
import io.parley.core.cost.Money;
import io.parley.core.retry.Backoff;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A tenant's spend reached 80 % or 100 % of a budget in money, told to its webhook as
 * {@code cost.budget}: a durable workflow per tenant, period and level
 * ({@code cost-budget-<period>-<name>-<percent>}, e.g. {@code cost-budget-week-2026-W48-80}), so
 * whichever node notices, as often as it notices, the tenant hears of it once a period; retried
 * while the webhook fails, resumed after a crash.
 *
 * <p>Input: {@code period}, {@code periodName}, {@code level}, {@code percent}, {@code spent},
 * {@code budget} (decimal amounts), {@code currency}, {@code at}.
 */
public final class CostAlertWorkflow {
  public static final String NAME = "cost-budget";
  public static final String EVENT = "cost.budget";
  private static final String NOTIFY_WEBHOOK = "notify-webhook";
  private static final ObjectMapper JSON = new ObjectMapper();

  private CostAlertWorkflow() {}

  /** Tells a tenant that a budget reached a level; {@code currency} is its amounts'. */
  public interface Alerts {
    CompletionStage<?> reached(String tenant, BudgetStanding.Reached reached, String currency);

    static Alerts of(Workflows workflows, Duration timeout) {
      return (tenant, reached, currency) -> workflows.start(tenant, NAME + "-" + reached.key(), NAME, Map.of(
          "period", reached.period().wireName(),
          "periodName", reached.periodName(),
          "level", reached.level().wireName(),
          "percent", Integer.toString(reached.level().percent()),
          "spent", Money.units(reached.spent()).toPlainString(),
          "budget", Money.units(reached.budget()).toPlainString(),
          "currency", currency,
          "at", Instant.now().toString()), timeout);
    }
  }

  public static WorkflowDefinition definition(Webhooks webhooks, Backoff backoff) {
    return new WorkflowDefinition(NAME, List.of(new WorkflowStep(NOTIFY_WEBHOOK, LeadQualifiedWorkflow.WEBHOOK_ATTEMPTS,
        EscalationWorkflow.ATTEMPT_TIMEOUT, backoff, ctx -> notifyWebhook(webhooks, ctx), Optional.empty())));
  }

  private static String notifyWebhook(Webhooks webhooks, StepContext ctx) throws Exception {
    Optional<Webhooks.Webhook> hook = webhooks.of(ctx.tenant());
    if (hook.isEmpty()) return "skipped: the tenant has no webhook";
    ObjectNode body = JSON.createObjectNode();
    body.put("event", EVENT);
    body.put("tenant", ctx.tenant());
    body.put("period", ctx.input("period"));
    body.put("periodName", ctx.input("periodName"));
    body.put("level", ctx.input("level"));
    body.put("percent", Integer.parseInt(ctx.input("percent")));
    body.put("spent", new BigDecimal(ctx.input("spent")));
    body.put("budget", new BigDecimal(ctx.input("budget")));
    body.put("currency", ctx.input("currency"));
    body.put("at", ctx.input("at"));
    return "delivered: " + webhooks.deliver(hook.get(), body.toString(), ctx.idempotencyKey());
  }
}
