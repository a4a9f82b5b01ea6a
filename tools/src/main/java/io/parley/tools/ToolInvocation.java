package io.parley.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * One call of a tool by the model, within a tenant's session and turn. The idempotency key
 * {@code <session>/<turn>/<toolCallId>} is the same for every attempt and every re-run of the
 * call (after a crash, say): a tool that changes something keys its effect on it, so the effect
 * happens once. {@code traceparent} is the call's span (docs/tracing.md), which a remote tool's
 * server may continue. {@code language} is the conversation's (a BCP 47 tag), for a tool that
 * reads words (the knowledge base's search). {@code approved}: a person approved this very call
 * (docs/tools.md#approvals), which answers a confirmation its server asks for while it runs.
 */
public record ToolInvocation(
    String tenant, String sessionId, String turnId, String toolCallId, JsonNode arguments,
    Optional<String> traceparent, Optional<String> language, boolean approved) {
  /** A call outside any trace. */
  public ToolInvocation(String tenant, String sessionId, String turnId, String toolCallId, JsonNode arguments) {
    this(tenant, sessionId, turnId, toolCallId, arguments, Optional.empty(), Optional.empty(), false);
  }

  /** This call as part of the trace {@code traceparent} names. */
  public ToolInvocation withTraceparent(Optional<String> traceparent) {
    return new ToolInvocation(tenant, sessionId, turnId, toolCallId, arguments, traceparent, language, approved);
  }

  /** This call in a conversation held in {@code language}. */
  public ToolInvocation withLanguage(Optional<String> language) {
    return new ToolInvocation(tenant, sessionId, turnId, toolCallId, arguments, traceparent, language, approved);
  }

  /** This call once a person approved it. */
  public ToolInvocation withApproval() {
    return new ToolInvocation(tenant, sessionId, turnId, toolCallId, arguments, traceparent, language, true);
  }

  public String idempotencyKey() {
    return sessionId + "/" + turnId + "/" + toolCallId;
  }
}
