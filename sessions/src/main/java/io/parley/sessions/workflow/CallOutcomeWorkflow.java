package io.parley.sessions.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.retry.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outcome of a call the tenant's bot placed, told to its webhook as {@code call.outcome}: the
 * call's id, its outcome, the SIP status that decided it and the answered call's session, never
 * the number called. A durable workflow per call ({@code call-<callId>}), retried while the webhook
 * fails, resumed after a crash.
 *
 * <p>Input: {@code callId}, {@code outcome}, {@code at}; {@code sipStatus} and {@code sessionId} when known.
 */
public final class CallOutcomeWorkflow {
  public static final String NAME = "call-outcome";
  public static final String NOTIFY_WEBHOOK = "notify-webhook";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(CallOutcomeWorkflow.class);

  private CallOutcomeWorkflow() {}

  public static WorkflowDefinition definition(Webhooks webhooks, Backoff backoff) {
    return new WorkflowDefinition(NAME, List.of(new WorkflowStep(NOTIFY_WEBHOOK, LeadQualifiedWorkflow.WEBHOOK_ATTEMPTS,
        EscalationWorkflow.ATTEMPT_TIMEOUT, backoff, ctx -> notifyWebhook(webhooks, ctx), Optional.empty())));
  }

  /** Starts the call's workflow; a failure to reach it is logged (the outcome stays readable at GET /v1/calls/{id}). */
  public static void tell(Workflows workflows, Duration timeout, String tenant, String callId, String outcome,
      Optional<Integer> sipStatus, Optional<String> sessionId, Instant at) {
    Map<String, String> input = new HashMap<>(Map.of("callId", callId, "outcome", outcome, "at", at.toString()));
    sipStatus.ifPresent(status -> input.put("sipStatus", Integer.toString(status)));
    sessionId.ifPresent(session -> input.put("sessionId", session));
    workflows.start(tenant, "call-" + callId, NAME, input, timeout).whenComplete((status, failure) -> {
      if (failure != null) LOG.warn("the outcome of call {} was not passed on: {}", callId, failure.toString());
    });
  }

  private static String notifyWebhook(Webhooks webhooks, StepContext ctx) throws Exception {
    Optional<Webhooks.Webhook> hook = webhooks.of(ctx.tenant());
    if (hook.isEmpty()) return "skipped: the tenant has no webhook";
    ObjectNode body = JSON.createObjectNode();
    body.put("event", "call.outcome");
    body.put("tenant", ctx.tenant());
    body.put("callId", ctx.input("callId"));
    body.put("outcome", ctx.input("outcome"));
    Optional.ofNullable(ctx.input().get("sipStatus")).ifPresent(status -> body.put("sipStatus", Integer.parseInt(status)));
    Optional.ofNullable(ctx.input().get("sessionId")).ifPresent(session -> body.put("sessionId", session));
    body.put("at", ctx.input("at"));
    return "delivered: " + webhooks.deliver(hook.get(), body.toString(), ctx.idempotencyKey());
  }
}
