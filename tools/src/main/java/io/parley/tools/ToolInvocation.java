package io.parley.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * One call of a tool by the model, within a tenant's session and turn. The idempotency key
 * {@code <session>/<turn>/<toolCallId>} is the same for every attempt and every re-run of the
 * call (after a crash, say): a tool that changes something keys its effect on it, so the effect
 * happens once. {@code traceparent} is the call's span (docs/tracing.md), which a remote tool's
 * server may continue. {@code language} is the conversation's (a BCP 47 tag), for a tool that
 * reads words (the knowledge base's search). {@code consent}: what a person gave this very call
 * (docs/tools.md#approvals): an approval, which answers a confirmation its server asks for while it runs, and a
 * reply to a form its server asked them to fill in.
 */
public record ToolInvocation(
    String tenant, String sessionId, String turnId, String toolCallId, JsonNode arguments,
    Optional<String> traceparent, Optional<String> language, CallConsent consent) {
  /** A call outside any trace. */
  public ToolInvocation(String tenant, String sessionId, String turnId, String toolCallId, JsonNode arguments) {
    this(tenant, sessionId, turnId, toolCallId, arguments, Optional.empty(), Optional.empty(), CallConsent.NONE);
  }

  /** This call as part of the trace {@code traceparent} names. */
  public ToolInvocation withTraceparent(Optional<String> traceparent) {
    return new ToolInvocation(tenant, sessionId, turnId, toolCallId, arguments, traceparent, language, consent);
  }

  /** This call in a conversation held in {@code language}. */
  public ToolInvocation withLanguage(Optional<String> language) {
    return new ToolInvocation(tenant, sessionId, turnId, toolCallId, arguments, traceparent, language, consent);
  }

  /** This call once a person approved it. */
  public ToolInvocation withApproval() {
    return withConsent(new CallConsent(true, consent.form()));
  }

  /** This call with what a person gave it. */
  public ToolInvocation withConsent(CallConsent given) {
    return new ToolInvocation(tenant, sessionId, turnId, toolCallId, arguments, traceparent, language, given);
  }

  public String idempotencyKey() {
    return sessionId + "/" + turnId + "/" + toolCallId;
  }
}
