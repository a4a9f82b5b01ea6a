package io.parley.core.trace;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Spans of a turn (docs/tracing.md), on the OpenTelemetry API. A turn's work crosses actors,
 * threads and cluster nodes, so its trace context travels explicitly, as a W3C {@code traceparent}
 * string inside commands and requests, never through thread-locals. With tracing off every span is
 * a no-op and {@link #traceparent} is empty, so nothing extra is sent.
 *
 * <p>A turn's agent, model and tool spans follow the GenAI semantic conventions ({@link GenAi}).
 * Attributes name tenants, sessions, turns, providers, tools and counts; never message text or
 * personal data.
 */
public final class Tracing {
  private static final String TRACEPARENT = "traceparent";
  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  private final Tracer tracer;
  private final String node;

  private Tracing(Tracer tracer, String node) {
    this.tracer = tracer;
    this.node = node;
  }

  /** Spans of {@code telemetry}, each marked with {@code node} (the cluster address) as {@code parley.node}. */
  public static Tracing of(OpenTelemetry telemetry, String node) {
    return new Tracing(telemetry.getTracerProvider().tracerBuilder("io.parley").setSchemaUrl(GenAi.SCHEMA_URL).build(), node);
  }

  /** No spans: tracing off, and entity tests. */
  public static Tracing off() {
    return of(OpenTelemetry.noop(), "");
  }

  /** A span under the one {@code traceparent} names, or the root of a new trace without one. */
  public Span start(String name, SpanKind kind, Optional<String> traceparent) {
    return under(name, kind, traceparent).startSpan();
  }

  /** As {@link #start(String, SpanKind, Optional)}, begun at {@code startedAt}: what it times began before it was known to be traced. */
  public Span start(String name, SpanKind kind, Optional<String> traceparent, Instant startedAt) {
    return under(name, kind, traceparent).setStartTimestamp(startedAt).startSpan();
  }

  /** An internal span under {@code parent}. */
  public Span child(String name, Span parent) {
    return under(name, SpanKind.INTERNAL, parent).startSpan();
  }

  /** An internal span under {@code parent}, begun at {@code startedAt}. */
  public Span child(String name, Span parent, Instant startedAt) {
    return under(name, SpanKind.INTERNAL, parent).setStartTimestamp(startedAt).startSpan();
  }

  private SpanBuilder under(String name, SpanKind kind, Optional<String> traceparent) {
    return builder(name, kind, traceparent
        .map(value -> W3C.extract(Context.root(), Map.of(TRACEPARENT, value), MAP))
        .orElse(Context.root()));
  }

  private SpanBuilder under(String name, SpanKind kind, Span parent) {
    return builder(name, kind, Context.root().with(parent));
  }

  private SpanBuilder builder(String name, SpanKind kind, Context parent) {
    return tracer.spanBuilder(name).setSpanKind(kind).setAttribute("parley.node", node).setParent(parent);
  }

  /** A client span under {@code parent}: a call leaving the node (the model, a remote tool). */
  public Span client(String name, Span parent) {
    return under(name, SpanKind.CLIENT, parent).startSpan();
  }

  /** The W3C {@code traceparent} of {@code span}, for a command or a request; empty when not recorded. */
  public static Optional<String> traceparent(Span span) {
    if (!span.getSpanContext().isValid()) return Optional.empty();
    Map<String, String> carrier = new HashMap<>();
    W3C.inject(Context.root().with(span), carrier, Map::put);
    return Optional.ofNullable(carrier.get(TRACEPARENT));
  }
}
