package io.parley.sessions.resilience;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.parley.core.llm.LlmAnswer;
import io.parley.core.llm.LlmException;
import io.parley.core.llm.LlmRequest;
import io.parley.core.trace.GenAi;
import io.parley.core.trace.Tracing;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.apache.pekko.pattern.CircuitBreakerOpenException;

/**
 * The span of one provider's attempt at a model call, the GenAI conventions' {@code chat}
 * (docs/tracing.md): the provider in the conventions' name ({@code openai}, the API every provider is asked in), its
 * server's host and port, its name as configured in Parley's own attribute, the model asked for and the one that answered,
 * tokens and finish reason; a failed attempt its outcome as {@code error.type}. Nothing of the
 * prompt or the answer.
 */
final class ChatSpan {
  private ChatSpan() {}

  /** {@code chain} names the provider list the call went to, {@code route} the provider tried. */
  static Span start(Tracing tracing, String chain, ProviderChain.Route route, LlmRequest request) {
    String model = route.client().model().orElse(route.name());
    Span span = tracing.start(GenAi.chat(model), SpanKind.CLIENT, request.traceparent())
        .setAttribute(GenAi.OPERATION_NAME, GenAi.CHAT)
        .setAttribute(GenAi.PROVIDER_NAME, GenAi.OPENAI)
        .setAttribute(GenAi.ALIAS_PROVIDER, route.name())
        .setAttribute(GenAi.REQUEST_MODEL, model)
        .setAttribute("parley.llm.name", chain);
    route.client().server().filter(server -> server.getHost() != null).ifPresent(server -> span
        .setAttribute(GenAi.SERVER_ADDRESS, server.getHost())
        .setAttribute(GenAi.SERVER_PORT, (long) port(server)));
    return span;
  }

  /** The port a URL names, or its scheme's. */
  private static int port(URI server) {
    if (server.getPort() != -1) return server.getPort();
    return "http".equals(server.getScheme()) ? 80 : 443;
  }

  /** Ends {@code attempt} with {@code answer}, or with {@code failure} (unwrapped) when there is none. */
  static void ended(Span attempt, LlmAnswer answer, Throwable failure) {
    if (failure == null) {
      attempt.setAttribute("parley.llm.outcome", "answered")
          .setAttribute("parley.llm.tool_calls", answer.toolCalls().size())
          .setAttribute(GenAi.FINISH_REASONS, List.of(answer.finishReason()));
      answer.model().ifPresent(model -> attempt.setAttribute(GenAi.RESPONSE_MODEL, model));
      answer.usage().ifPresent(usage -> attempt
          .setAttribute(GenAi.INPUT_TOKENS, (long) usage.promptTokens())
          .setAttribute(GenAi.OUTPUT_TOKENS, (long) usage.completionTokens()));
    } else {
      String outcome = failure instanceof CircuitBreakerOpenException ? "breaker_open"
          : failure instanceof LlmException llm ? llm.kind().name().toLowerCase(Locale.ROOT) : "error";
      attempt.setAttribute("parley.llm.outcome", outcome).setAttribute(GenAi.ERROR_TYPE, outcome)
          .setStatus(StatusCode.ERROR);
    }
    attempt.end();
  }
}
