package io.parley.http.agent;

import io.parley.core.session.Translation;
import java.util.List;
import java.util.Optional;

/** A frame an agent's console sends over {@code /v1/agent/ws}, already validated. */
sealed interface AgentFrame {
  /** A frame about one conversation, named by {@code sessionId}. */
  sealed interface AboutSession extends AgentFrame {
    String sessionId();
  }

  /** Shows the conversation (transcript, summary, facts) and follows it live, without taking it. */
  record Open(String sessionId) implements AboutSession {}

  /** Takes the conversation over: the bot stops answering, this agent does; then as {@link Open}. */
  record Take(String sessionId) implements AboutSession {}

  /** Takes the conversation that has waited longest (first come, first served), then as {@link Take}. */
  record TakeNext() implements AgentFrame {}

  /**
   * Writes to the customer of a conversation this agent holds; with {@code translateFrom} (the
   * language {@code text} is written in), the customer gets the model's translation into the
   * conversation's language, or nothing when it fails. {@code attachments}: the ids of files uploaded
   * to the conversation that the message carries to the customer.
   */
  record Reply(String sessionId, String clientMsgId, String text, Optional<String> translateFrom,
      Optional<Translation> translated, List<String> attachments, boolean asWritten) implements AboutSession {
    /** Whether the session decides the reply's language: neither translated here nor chosen to go as written. */
    boolean worded() {
      return translateFrom.isEmpty() && translated.isEmpty() && !asWritten;
    }
  }

  /**
   * Asks the model to translate a reply this agent wrote in {@code translateFrom} into the
   * conversation's language, without sending it: the console shows the translation, which the
   * agent may edit and then send as a {@link Reply} with {@code translated} (what was written, and
   * in which languages), so the customer gets exactly what the agent read.
   */
  record PreviewReply(String sessionId, String text, String translateFrom) implements AboutSession {}

  /** Asks the model to translate the customer's newest messages into {@code language}; only this console sees it. */
  record Translate(String sessionId, String language) implements AboutSession {}

  /** Asks the model for a reply this agent could send in a conversation it holds; only this console sees it. */
  record Suggest(String sessionId) implements AboutSession {}

  /** Gives the conversation back to the bot. */
  record HandBack(String sessionId) implements AboutSession {}

  /** Stops following a conversation (it goes on). */
  record Leave(String sessionId) implements AboutSession {}

  /** Closes the conversation for good. */
  record Close(String sessionId, Optional<String> reason) implements AboutSession {}

  /** The agent is writing in a conversation it holds (sent every few seconds while typing). */
  record Composing(String sessionId) implements AboutSession {}

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
  record Approve(String sessionId, String approvalId, boolean approved, Optional<String> reason) implements AboutSession {}
}
