package io.parley.sessions.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.retry.Backoff;
import io.parley.core.voice.VoiceBudgetAlerts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's premium voice spend reached 80 % or 100 % of its daily budget, told to its webhook
 * ({@code PARLEY_WEBHOOKS}) as {@code voice.budget}. A durable workflow per tenant, day and level
 * ({@code voice-budget-<day>-<percent>}): every node whose calls cross the level may start it, and
 * the tenant hears of it once; retried while the webhook fails, resumed after a crash.
 *
 * <p>Input: {@code level}, {@code percent}, {@code spent}, {@code budget}, {@code day}, {@code at}.
 */
public final class VoiceBudgetWorkflow {
  public static final String NAME = "voice-budget";
  public static final String NOTIFY_WEBHOOK = "notify-webhook";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(VoiceBudgetWorkflow.class);

  private VoiceBudgetWorkflow() {}

  public static WorkflowDefinition definition(Webhooks webhooks, Backoff backoff) {
    return new WorkflowDefinition(NAME, List.of(new WorkflowStep(NOTIFY_WEBHOOK, LeadQualifiedWorkflow.WEBHOOK_ATTEMPTS,
        EscalationWorkflow.ATTEMPT_TIMEOUT, backoff, ctx -> notifyWebhook(webhooks, ctx), Optional.empty())));
  }

  /** Starts the day's workflow of the level; a failure to reach it is logged, and the next sentence spoken asks again. */
  public static VoiceBudgetAlerts alerts(Workflows workflows, Duration timeout) {
    return (tenant, level, spent, budget, day) -> workflows.start(tenant, "voice-budget-" + day + "-" + level.percent(),
            NAME, Map.of(
                "level", level.wireName(),
                "percent", Integer.toString(level.percent()),
                "spent", Long.toString(spent),
                "budget", Long.toString(budget),
                "day", day.toString(),
                "at", Instant.now().toString()), timeout)
        .whenComplete((status, failure) -> {
          if (failure != null) LOG.warn("tenant {}'s voice budget alert was not passed on yet: {}", tenant, failure.toString());
        });
  }

  private static String notifyWebhook(Webhooks webhooks, StepContext ctx) throws Exception {
    Optional<Webhooks.Webhook> hook = webhooks.of(ctx.tenant());
    if (hook.isEmpty()) return "skipped: the tenant has no webhook";
    ObjectNode body = JSON.createObjectNode();
    body.put("event", "voice.budget");
    body.put("tenant", ctx.tenant());
    body.put("level", ctx.input("level"));
    body.put("percent", Integer.parseInt(ctx.input("percent")));
    body.put("premiumCharacters", Long.parseLong(ctx.input("spent")));
    body.put("budgetCharacters", Long.parseLong(ctx.input("budget")));
    body.put("day", ctx.input("day"));
    body.put("at", ctx.input("at"));
    return "delivered: " + webhooks.deliver(hook.get(), body.toString(), ctx.idempotencyKey());
  }
}
