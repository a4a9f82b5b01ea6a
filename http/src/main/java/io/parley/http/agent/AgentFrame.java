package io.parley.http.agent;

import java.util.Optional;

/** A frame an agent's console sends over {@code /v1/agent/ws}, already validated. */
sealed interface AgentFrame {
  /** Shows the conversation (transcript, summary, facts) and follows it live, without taking it. */
  record Open(String sessionId) implements AgentFrame {}

  /** Takes the conversation over: the bot stops answering, this agent does; then as {@link Open}. */
  record Take(String sessionId) implements AgentFrame {}

  /** Takes the conversation that has waited longest (first come, first served), then as {@link Take}. */
  record TakeNext() implements AgentFrame {}

  /** Writes to the customer of a conversation this agent holds. */
  record Reply(String sessionId, String clientMsgId, String text) implements AgentFrame {}

  /** Asks the model for a reply this agent could send in a conversation it holds; only this console sees it. */
  record Suggest(String sessionId) implements AgentFrame {}

  /** Gives the conversation back to the bot. */
  record HandBack(String sessionId) implements AgentFrame {}

  /** Stops following a conversation (it goes on). */
  record Leave(String sessionId) implements AgentFrame {}

  /** Closes the conversation for good. */
  record Close(String sessionId, Optional<String> reason) implements AgentFrame {}

  /** The agent is writing in a conversation it holds (sent every few seconds while typing). */
  record Composing(String sessionId) implements AgentFrame {}

  /**
   * Whether the oldest waiting conversation is pushed to this agent (taken for it) whenever the
   * agent has room under its cap; off until the console turns it on.
   */
  record AutoAssign(boolean enabled) implements AgentFrame {}

  record Ping() implements AgentFrame {}

  /**
   * Approves ({@code approved}) or refuses, for {@code reason}, a tool call of the conversation that
   * waits for an agent's approval ({@code approvalId}, docs/tools.md#approvals).
   */
  record Approve(String sessionId, String approvalId, boolean approved, Optional<String> reason) implements AgentFrame {}
}
