package io.parley.http.chat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.parley.core.session.Refusal;
import io.parley.core.session.SessionId;
import io.parley.core.trace.Tracing;
import io.prometheus.metrics.core.metrics.Histogram;
import java.util.Optional;

/**
 * The user message a chat connection handles: its span (docs/tracing.md), which ends with the
 * ack or the refusal, and how long it waited on this node for its ack
 * ({@code parley_chat_ack_seconds}). Each message is a trace of its own: the turn it starts
 * continues it, on whatever node.
 */
final class MessageTrace {
  private final Tracing tracing;
  private final Histogram acked;
  private final String tenant;
  private final String requestId;
  private Span span = Span.getInvalid();
  // When the message reached the connection (System.nanoTime()).
  private long arrivedAt;

  MessageTrace(Tracing tracing, Histogram acked, String tenant, String requestId) {
    this.tracing = tracing;
    this.acked = acked;
    this.tenant = tenant;
    this.requestId = requestId;
  }

  /** A user message arrived for session {@code id}: the {@code traceparent} the session's turn continues. */
  Optional<String> arrived(SessionId id) {
    arrivedAt = System.nanoTime();
    span = tracing.start("chat.user_message", SpanKind.SERVER, Optional.empty())
        .setAttribute("parley.tenant", tenant)
        .setAttribute("parley.session_id", id.wireId())
        .setAttribute("parley.request_id", requestId);
    return Tracing.traceparent(span);
  }

  /** The session refused the request under way (if it was a message, its span says so). */
  void refused(Refusal refusal) {
    span.setStatus(StatusCode.ERROR, refusal.code().wireName());
  }

  /** The request under way is answered; {@code ack} when the answer is a message's ack. */
  void answered(boolean ack) {
    span.end();
    span = Span.getInvalid();
    if (ack) acked.observe((System.nanoTime() - arrivedAt) / 1e9);
  }
}
