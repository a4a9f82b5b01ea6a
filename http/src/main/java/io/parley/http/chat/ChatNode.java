package io.parley.http.chat;

import io.parley.sessions.ChatSessions;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Gauge;
import java.time.Duration;

/**
 * What every chat connection of a node shares: the way to its sessions, the node's answer mode
 * ({@code llm} or {@code offline}), how long to wait for a session to answer a command, the
 * gauge of open connections, and the connections themselves, for a graceful shutdown.
 */
public record ChatNode(
    ChatSessions sessions, String mode, Duration askTimeout, Gauge openConnections, ChatConnections connections) {
  public static ChatNode create(ChatSessions sessions, String mode, Duration askTimeout, CollectorRegistry registry) {
    Gauge gauge = Gauge.build("parley_chat_connections", "Open chat WebSocket connections on this node.")
        .register(registry);
    return new ChatNode(sessions, mode, askTimeout, gauge, new ChatConnections());
  }
}
