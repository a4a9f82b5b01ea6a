package io.parley.sessions.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.lead.LeadContribution;
import io.parley.core.retry.Backoff;
import io.parley.sessions.LeadAlerts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A qualified lead, told to the tenant's webhook ({@code PARLEY_WEBHOOKS}) as {@code lead.qualified}
 * with the score and each signal's contribution, and no words of the customer's. A durable workflow
 * per session ({@code lead-<sessionId>}): started once however often the session asks, retried
 * while the webhook fails, resumed after a crash.
 *
 * <p>Input: {@code sessionId}, {@code score}, {@code contributions} (JSON), {@code at}.
 */
public final class LeadQualifiedWorkflow {
  public static final String NAME = "lead-qualified";
  public static final String NOTIFY_WEBHOOK = "notify-webhook";
  static final int WEBHOOK_ATTEMPTS = 8;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(LeadQualifiedWorkflow.class);

  private LeadQualifiedWorkflow() {}

  public static WorkflowDefinition definition(Webhooks webhooks, Backoff backoff) {
    return new WorkflowDefinition(NAME, List.of(new WorkflowStep(NOTIFY_WEBHOOK, WEBHOOK_ATTEMPTS,
        EscalationWorkflow.ATTEMPT_TIMEOUT, backoff, ctx -> notifyWebhook(webhooks, ctx), Optional.empty())));
  }

  /** Starts the session's workflow; a failure to reach it is logged, and the next recovery of the session asks again. */
  public static LeadAlerts alerts(Workflows workflows, Duration timeout) {
    return (session, score) -> workflows.start(session.tenant(), "lead-" + session.wireId(), NAME, Map.of(
            "sessionId", session.wireId(),
            "score", Integer.toString(score.score()),
            "contributions", contributions(score.contributions()).toString(),
            "at", score.at().toString()), timeout)
        .whenComplete((status, failure) -> {
          if (failure != null) LOG.warn("the qualified lead of session {} was not passed on yet: {}", session, failure.toString());
        });
  }

  private static ArrayNode contributions(List<LeadContribution> contributions) {
    ArrayNode array = JSON.createArrayNode();
    contributions.forEach(c -> array.addObject().put("signal", c.signal().wireName()).put("points", c.points())
        .put("reason", c.reason()));
    return array;
  }

  private static String notifyWebhook(Webhooks webhooks, StepContext ctx) throws Exception {
    Optional<Webhooks.Webhook> hook = webhooks.of(ctx.tenant());
    if (hook.isEmpty()) return "skipped: the tenant has no webhook";
    ObjectNode body = JSON.createObjectNode();
    body.put("event", "lead.qualified");
    body.put("tenant", ctx.tenant());
    body.put("sessionId", ctx.input("sessionId"));
    body.put("score", Integer.parseInt(ctx.input("score")));
    JsonNode contributions = JSON.readTree(ctx.input("contributions"));
    body.set("contributions", contributions);
    body.put("at", ctx.input("at"));
    return "delivered: " + webhooks.deliver(hook.get(), body.toString(), ctx.idempotencyKey());
  }
}
