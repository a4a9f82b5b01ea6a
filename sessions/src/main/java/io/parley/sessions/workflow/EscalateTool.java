package io.parley.sessions.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.session.Refusal;
import io.parley.tools.Tool;
import io.parley.tools.ToolDefinition;
import io.parley.tools.ToolFailure;
import io.parley.tools.ToolInvocation;
import io.parley.tools.ToolResult;
import io.parley.tools.tickets.TicketPriority;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code escalate}: hands the conversation to a person by starting the escalation workflow. The
 * workflow id is derived from the invocation's idempotency key, so a retried or re-run call starts
 * no second workflow. Returns at once; the user learns the ticket id from the workflow's notice.
 * {@code sealed}: the reason, the customer's words, is journaled sealed with the session's key.
 */
public record EscalateTool(Workflows workflows, SealedInput sealed, Clock clock) implements Tool {
  public static final String NAME = "escalate";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ToolDefinition DEFINITION = ToolDefinition.withSchemaText(NAME,
      "Escalate the conversation to the human support team when the customer asks for a person or the problem cannot"
          + " be solved in this chat. A ticket is opened and the customer is told its id and the expected response time"
          + " in the chat; do not invent a ticket id.",
      """
          {"type": "object",
           "properties": {
             "reason": {"type": "string", "minLength": 3, "maxLength": 4000,
                        "description": "What the customer needs and why it needs a person"},
             "priority": {"type": "string", "enum": ["low", "normal", "high", "urgent"]}},
           "required": ["reason"], "additionalProperties": false}
          """, TIMEOUT, 3, ToolDefinition.DEFAULT_BACKOFF, true);

  @Override
  public ToolDefinition definition() {
    return DEFINITION;
  }

  /** "escalation-<uuid from the key>": one workflow per tool call. */
  public static String workflowId(ToolInvocation invocation) {
    return "escalation-" + UUID.nameUUIDFromBytes(invocation.idempotencyKey().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public ToolResult run(ToolInvocation invocation) {
    JsonNode arguments = invocation.arguments();
    String priority = arguments.path("priority").asText("normal");
    if (TicketPriority.fromWireName(priority).isEmpty()) {
      throw new ToolFailure("priority must be one of low, normal, high, urgent", false);
    }
    String workflowId = workflowId(invocation);
    try {
      workflows.start(invocation.tenant(), workflowId, EscalationWorkflow.NAME, Map.of(
              "sessionId", invocation.sessionId(),
              "reason", sealed.seal(invocation.tenant(), invocation.sessionId(), arguments.path("reason").asText()),
              "priority", priority, "at", clock.instant().toString()), TIMEOUT)
          .toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ToolFailure("the escalation could not be started", true, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Refusal refusal) {
        throw new ToolFailure("the escalation was refused: " + refusal.getMessage(), false);
      }
      throw new ToolFailure("the escalation could not be started right now", true, e);
    } catch (Exception e) {
      throw new ToolFailure("the escalation could not be started right now", true, e);
    }
    ObjectNode content = JSON.createObjectNode().put("workflowId", workflowId).put("status", "started");
    return new ToolResult(content.toString(), "Escalation started");
  }
}
