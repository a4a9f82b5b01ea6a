package io.parley.sessions.turn;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.llm.LlmClient;
import io.parley.core.trace.GenAi;
import io.parley.core.trace.Tracing;
import java.util.Optional;

/**
 * A turn's span, the GenAI conventions' {@code invoke_agent} (docs/tracing.md): the agent is the
 * tenant's bot, named as its customers read it ({@code parley} when its configuration names no
 * assistant), identified by its tenant; the conversation is the session, by its opaque id. The
 * provider is the conventions' {@code openai} when the node asks a model (every provider is asked in
 * its API), with the model when the node asks one, and {@code parley} when the offline responder
 * answers. The agent runs in the node, so the span is internal.
 */
final class AgentSpan {
  static final String DEFAULT_AGENT = "parley";

  private AgentSpan() {}

  static Span start(Tracing tracing, TurnRequest request, Optional<LlmClient> llm) {
    String agent = request.bot().assistantName().orElse(DEFAULT_AGENT);
    String tenant = request.sessionId().tenant();
    Span span = tracing.start(GenAi.invokeAgent(agent), SpanKind.INTERNAL, request.traceparent())
        .setAttribute(GenAi.OPERATION_NAME, GenAi.INVOKE_AGENT)
        .setAttribute(GenAi.PROVIDER_NAME, llm.isPresent() ? GenAi.OPENAI : GenAi.OFFLINE)
        .setAttribute(GenAi.AGENT_NAME, agent)
        .setAttribute(GenAi.AGENT_ID, tenant)
        .setAttribute(GenAi.CONVERSATION_ID, request.sessionId().wireId())
        .setAttribute(GenAi.ALIAS_SESSION_ID, request.sessionId().wireId())
        .setAttribute("parley.tenant", tenant)
        .setAttribute("parley.turn_id", request.turnId());
    llm.flatMap(LlmClient::model).ifPresent(model -> span.setAttribute(GenAi.REQUEST_MODEL, model));
    request.pinnedBot().map(PinnedBotConfig::version).ifPresent(version -> span.setAttribute("parley.bot.version", version));
    return span;
  }
}
