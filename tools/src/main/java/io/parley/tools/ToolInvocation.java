package io.parley.tools;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One call of a tool by the model, within a tenant's session and turn. The idempotency key
 * {@code <session>/<turn>/<toolCallId>} is the same for every attempt and every re-run of the
 * call (after a crash, say): a tool that changes something keys its effect on it, so the effect
 * happens once.
 */
public record ToolInvocation(
    String tenant, String sessionId, String turnId, String toolCallId, JsonNode arguments) {
  public String idempotencyKey() {
    return sessionId + "/" + turnId + "/" + toolCallId;
  }
}
