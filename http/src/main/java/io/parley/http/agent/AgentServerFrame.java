package io.parley.http.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.handoff.HandoffStatus;
import io.parley.core.handoff.HandoffTrigger;
import io.parley.core.session.Channel;
import io.parley.core.session.ErrorCode;
import io.parley.http.chat.AttachmentJson;
import io.parley.http.chat.ServerFrame;
import io.parley.http.rest.SessionRoutes.SessionJson;
import java.time.Instant;
import java.util.List;

/**
 * A frame the server sends an agent's console over {@code /v1/agent/ws}. Frames about one
 * conversation name it in {@code sessionId}: a console follows several at once.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = AgentServerFrame.Hello.class, name = "hello"),
  @JsonSubTypes.Type(value = AgentServerFrame.Queue.class, name = "queue"),
  @JsonSubTypes.Type(value = AgentServerFrame.Conversation.class, name = "conversation"),
  @JsonSubTypes.Type(value = AgentServerFrame.Assigned.class, name = "assigned"),
  @JsonSubTypes.Type(value = AgentServerFrame.Message.class, name = "message"),
  @JsonSubTypes.Type(value = AgentServerFrame.Handoff.class, name = "handoff"),
  @JsonSubTypes.Type(value = AgentServerFrame.Typing.class, name = "typing"),
  @JsonSubTypes.Type(value = AgentServerFrame.Tool.class, name = "tool"),
  @JsonSubTypes.Type(value = AgentServerFrame.Composing.class, name = "composing"),
  @JsonSubTypes.Type(value = AgentServerFrame.Ack.class, name = "ack"),
  @JsonSubTypes.Type(value = AgentServerFrame.Suggestion.class, name = "suggestion"),
  @JsonSubTypes.Type(value = AgentServerFrame.Translation.class, name = "translation"),
  @JsonSubTypes.Type(value = AgentServerFrame.ReplyPreview.class, name = "replyPreview"),
  @JsonSubTypes.Type(value = AgentServerFrame.Language.class, name = "language"),
  @JsonSubTypes.Type(value = AgentServerFrame.Closed.class, name = "closed"),
  @JsonSubTypes.Type(value = AgentServerFrame.Error.class, name = "error"),
  @JsonSubTypes.Type(value = AgentServerFrame.Pong.class, name = "pong"),
  @JsonSubTypes.Type(value = AgentServerFrame.Rated.class, name = "rated"),
  @JsonSubTypes.Type(value = AgentServerFrame.Attachments.class, name = "attachments"),
  @JsonSubTypes.Type(value = AgentServerFrame.Approval.class, name = "approval"),
  @JsonSubTypes.Type(value = AgentServerFrame.Approvals.class, name = "approvals")
})
sealed interface AgentServerFrame {
  /** First frame: who the console is signed in as. */
  record Hello(String tenant, String agentId, String agent) implements AgentServerFrame {}

  /** The tenant's conversations waiting for a person, oldest first; sent whenever it changes. */
  record Queue(List<Waiting> waiting, int agentsOnline) implements AgentServerFrame {}

  /** {@code language}: the conversation's (a BCP 47 tag), null until one is decided. */
  record Waiting(String sessionId, Channel channel, String userId, HandoffTrigger trigger, Instant since,
      long waitingMs, String lastMessage, String language) {}

  /**
   * A conversation as it stands, on opening or taking it: the session (messages, facts, rolling
   * summary, who answers) and {@code briefing}, a short summary of all of it, the first thing an
   * agent reads.
   */
  record Conversation(String sessionId, SessionJson session, String briefing) implements AgentServerFrame {}

  /** The queue pushed this conversation to the agent (auto-assignment): taken, its {@code conversation} follows. */
  record Assigned(String sessionId) implements AgentServerFrame {}

  /** A message of a followed conversation (customer, bot, agent or notice), in seq order. */
  record Message(String sessionId, ServerFrame.Message message) implements AgentServerFrame {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Handoff(String sessionId, HandoffStatus status, String agentId, String agent) implements AgentServerFrame {}

  /** The bot is working on an answer in a followed conversation. */
  record Typing(String sessionId, String turnId) implements AgentServerFrame {}

  /** A tool call of the bot in a followed conversation: {@code started}, {@code succeeded} or {@code failed}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Tool(String sessionId, String turnId, String name, String status, String detail) implements AgentServerFrame {}

  /** The customer of a followed conversation is writing. */
  record Composing(String sessionId, String role) implements AgentServerFrame {}

  /** A reply the model suggests for this agent to edit and send, or not; nobody else sees it. */
  record Suggestion(String sessionId, String text) implements AgentServerFrame {}

  /**
   * The customer's newest messages translated by the model into {@code language}, each by its
   * {@code seq}, for this agent to read beside the originals; nobody else sees it.
   */
  record Translation(String sessionId, String language, List<Translated> messages) implements AgentServerFrame {}

  record Translated(long seq, String text) {}

  /**
   * The model's translation of a reply the agent asked to preview ({@code original}, written in
   * {@code from}), into the conversation's language {@code to}; sent to nobody yet.
   */
  record ReplyPreview(String sessionId, String original, String from, String to, String text) implements AgentServerFrame {}

  /** A followed conversation's language was decided or changed (a BCP 47 tag): the customer switched, or their page said one. */
  record Language(String sessionId, String language) implements AgentServerFrame {}

  record Ack(String sessionId, String clientMsgId, long seq) implements AgentServerFrame {}

  /** A followed conversation closed; without {@code sessionId}, the console itself (its reason says why). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Closed(String sessionId, String reason) implements AgentServerFrame {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Error(ErrorCode code, String message, String sessionId) implements AgentServerFrame {}

  record Pong() implements AgentServerFrame {}

  /** The customer rated a followed conversation; {@code comment} only when they wrote one. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Rated(String sessionId, int score, String comment, Instant at) implements AgentServerFrame {}

  /** The message at {@code seq} of a followed conversation carries these files. */
  record Attachments(String sessionId, long seq, List<AttachmentJson> attachments) implements AgentServerFrame {}

  /**
   * A tool call of the followed conversation waits for an approval ({@code status} {@code pending}),
   * or its approval was decided ({@code approved}, {@code refused}, {@code expired}); {@code approver}
   * says whose it is to give: {@code agent} (answer with an {@code approve} frame) or {@code customer}. With a
   * {@code form}, the call's server asks the customer to fill it in (docs/tools.md#forms); once filled in,
   * {@code answers} are what the customer gave, for the agents following the conversation.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Approval(String sessionId, String approvalId, String tool, String summary, JsonNode arguments,
      String approver, String status, Instant expiresAt, String reason, JsonNode form, JsonNode answers)
      implements AgentServerFrame {}

  /**
   * The tenant's tool calls waiting for an agent's approval, oldest first, in every conversation
   * (open one to decide it); sent after the first {@code queue} and whenever the list changes.
   */
  record Approvals(List<WaitingApproval> approvals) implements AgentServerFrame {}

  record WaitingApproval(String sessionId, String approvalId, String tool, String summary, Instant since,
      long waitingMs, Instant expiresAt) {}
}
