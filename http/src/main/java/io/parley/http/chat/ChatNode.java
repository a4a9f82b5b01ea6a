package io.parley.http.chat;

import io.parley.sessions.ChatSessions;
import io.parley.sessions.Edges;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import java.time.Duration;

/**
 * What every chat connection of a node shares: the way to its sessions, the node's answer mode
 * ({@code llm} or {@code offline}), how long to wait for a session to answer a command, the
 * gauge of open connections, and the node's open edges, which a graceful shutdown drains.
 */
public record ChatNode(ChatSessions sessions, String mode, Duration askTimeout, Gauge openConnections, Edges edges) {
  public static ChatNode create(ChatSessions sessions, String mode, Duration askTimeout, Edges edges,
      CollectorRegistry registry) {
    Gauge gauge = Gauge.build("parley_chat_connections", "Open chat WebSocket connections on this node.")
        .register(registry);
    return new ChatNode(sessions, mode, askTimeout, gauge, edges);
  }
}
