package io.parley.http.chat;

import io.parley.core.limits.SessionStartLimits;
import io.parley.core.trace.Tracing;
import io.parley.http.auth.Audit;
import io.parley.sessions.Edges;
import io.parley.sessions.entity.ChatSessions;
import io.parley.voice.VoiceCalls;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Optional;

/**
 * What every chat connection of a node shares: the way to its sessions, the node's answer mode
 * ({@code llm} or {@code offline}), how long to wait for a session to answer a command and for
 * a new socket's {@code start} frame, the gauge of open connections, the histogram of how long a
 * message waits on the node for its ack, the node's open edges, which a graceful shutdown drains,
 * and its voice calls, when the node has voice engines, its tracing (each user message starts a
 * trace), how fast new conversations may start, the audit log (refusals, agents' actions), and
 * which agents have a picture to name to their customers.
 */
public record ChatNode(ChatSessions sessions, String mode, Duration askTimeout, Duration startTimeout,
    Gauge openConnections, Histogram acked, Edges edges, Optional<VoiceCalls> voice, Tracing tracing,
    SessionStartLimits starts, Audit audit, AgentPictures pictures) {
  public static ChatNode create(ChatSessions sessions, String mode, Duration askTimeout, Duration startTimeout,
      Edges edges, Optional<VoiceCalls> voice, PrometheusRegistry registry, Tracing tracing, SessionStartLimits starts,
      Audit audit, AgentPictures pictures) {
    Gauge gauge = Gauge.builder().name("parley_chat_connections").help("Open chat WebSocket connections on this node.")
        .register(registry);
    // The node's share of the wait for "durable": from under a millisecond to the ask's timeout.
    Histogram acked = Histogram.builder().classicOnly().name("parley_chat_ack_seconds").help(
            "Time from a user message frame reaching its chat connection to its ack being sent.")
        .classicUpperBounds(0.0005, 0.001, 0.0015, 0.002, 0.003, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
        .register(registry);
    return new ChatNode(sessions, mode, askTimeout, startTimeout, gauge, acked, edges, voice, tracing, starts, audit, pictures);
  }
}
