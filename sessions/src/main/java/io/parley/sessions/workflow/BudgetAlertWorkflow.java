package io.parley.sessions.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.limits.BudgetAlerts;
import io.parley.core.retry.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's use of a daily budget reached 80 % or 100 %, told to its webhook: its premium voice
 * characters ({@code voice.budget}) or its model tokens ({@code tokens.budget}). A durable workflow
 * per tenant, budget, day and level ({@code voice-budget-<day>-<percent>},
 * {@code tokens-budget-<day>-<percent>}): whoever notices the level may start it, as often as it
 * notices, and the tenant hears of it once; retried while the webhook fails, resumed after a crash.
 *
 * <p>Input: {@code level}, {@code percent}, {@code spent}, {@code budget}, {@code day}, {@code at}.
 */
public final class BudgetAlertWorkflow {
  public static final String NOTIFY_WEBHOOK = "notify-webhook";
  /** The premium voice characters of the day (docs/bot-config.md#voice). */
  public static final Budget VOICE = new Budget("voice-budget", "voice.budget", "premiumCharacters", "budgetCharacters");
  /** The model tokens of the day (docs/bot-config.md#limits-and-budgets). */
  public static final Budget TOKENS = new Budget("tokens-budget", "tokens.budget", "tokens", "budgetTokens");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(BudgetAlertWorkflow.class);

  /** A kind of daily budget: its workflow's name, its webhook event and the event's names for the use and the budget. */
  public record Budget(String name, String event, String spentField, String budgetField) {}

  private BudgetAlertWorkflow() {}

  public static WorkflowDefinition definition(Budget budget, Webhooks webhooks, Backoff backoff) {
    return new WorkflowDefinition(budget.name(), List.of(new WorkflowStep(NOTIFY_WEBHOOK,
        LeadQualifiedWorkflow.WEBHOOK_ATTEMPTS, EscalationWorkflow.ATTEMPT_TIMEOUT, backoff,
        ctx -> notifyWebhook(budget, webhooks, ctx), Optional.empty())));
  }

  /** Starts the day's workflow of the level; a failure to reach it is logged, and the next use that notices asks again. */
  public static BudgetAlerts alerts(Budget budget, Workflows workflows, Duration timeout) {
    return (tenant, level, spent, limit, day) -> workflows.start(tenant, budget.name() + "-" + day + "-" + level.percent(),
            budget.name(), Map.of(
                "level", level.wireName(),
                "percent", Integer.toString(level.percent()),
                "spent", Long.toString(spent),
                "budget", Long.toString(limit),
                "day", day.toString(),
                "at", Instant.now().toString()), timeout)
        .whenComplete((status, failure) -> {
          if (failure != null) LOG.warn("tenant {}'s {} alert was not passed on yet: {}", tenant, budget.event(), failure.toString());
        });
  }

  private static String notifyWebhook(Budget budget, Webhooks webhooks, StepContext ctx) throws Exception {
    Optional<Webhooks.Webhook> hook = webhooks.of(ctx.tenant());
    if (hook.isEmpty()) return "skipped: the tenant has no webhook";
    ObjectNode body = JSON.createObjectNode();
    body.put("event", budget.event());
    body.put("tenant", ctx.tenant());
    body.put("level", ctx.input("level"));
    body.put("percent", Integer.parseInt(ctx.input("percent")));
    body.put(budget.spentField(), Long.parseLong(ctx.input("spent")));
    body.put(budget.budgetField(), Long.parseLong(ctx.input("budget")));
    body.put("day", ctx.input("day"));
    body.put("at", ctx.input("at"));
    return "delivered: " + webhooks.deliver(hook.get(), body.toString(), ctx.idempotencyKey());
  }
}
