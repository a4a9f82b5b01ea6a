package io.parley.http.chat;

import io.parley.sessions.ChatSessions;
import java.time.Duration;

/**
 * What every chat connection of a node shares: the way to its sessions, the node's answer mode
 * ({@code llm} or {@code offline}), and how long to wait for a session to answer a command.
 */
public record ChatSettings(ChatSessions sessions, String mode, Duration askTimeout) {}
