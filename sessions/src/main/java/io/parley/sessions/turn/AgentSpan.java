package io.parley.sessions.turn;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.trace.GenAi;
import io.parley.core.trace.Tracing;

/**
 * A turn's span, the GenAI conventions' {@code invoke_agent} (docs/tracing.md): the agent is the
 * tenant's bot, named as its customers read it ({@code parley} when its configuration names no
 * assistant), identified by its tenant; the conversation is the session, by its opaque id. The
 * agent runs in the node, so the span is internal.
 */
final class AgentSpan {
  static final String DEFAULT_AGENT = "parley";

  private AgentSpan() {}

  static Span start(Tracing tracing, TurnRequest request) {
    String agent = request.bot().assistantName().orElse(DEFAULT_AGENT);
    String tenant = request.sessionId().tenant();
    Span span = tracing.start(GenAi.invokeAgent(agent), SpanKind.INTERNAL, request.traceparent())
        .setAttribute(GenAi.OPERATION_NAME, GenAi.INVOKE_AGENT)
        .setAttribute(GenAi.AGENT_NAME, agent)
        .setAttribute(GenAi.AGENT_ID, tenant)
        .setAttribute(GenAi.CONVERSATION_ID, request.sessionId().wireId())
        .setAttribute(GenAi.ALIAS_SESSION_ID, request.sessionId().wireId())
        .setAttribute("parley.tenant", tenant)
        .setAttribute("parley.turn_id", request.turnId());
    request.pinnedBot().map(PinnedBotConfig::version).ifPresent(version -> span.setAttribute("parley.bot.version", version));
    return span;
  }
}
