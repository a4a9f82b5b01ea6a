package io.parley.http.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.citation.Citation;
import io.parley.core.handoff.Handoff;
import io.parley.core.handoff.HandoffStatus;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Rating;
import io.parley.core.session.Refusal;
import io.parley.core.session.ReplyOption;
import io.parley.core.session.Role;
import io.parley.core.session.Translation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A frame the server sends over {@code /v1/chat/ws} (protocol v1). These are the public wire
 * types: internal events and session updates are translated into them at the edge, so the
 * journal format can change without breaking browsers, and the other way round.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = ServerFrame.Session.class, name = "session"),
  @JsonSubTypes.Type(value = ServerFrame.Message.class, name = "message"),
  @JsonSubTypes.Type(value = ServerFrame.Ack.class, name = "ack"),
  @JsonSubTypes.Type(value = ServerFrame.Delta.class, name = "delta"),
  @JsonSubTypes.Type(value = ServerFrame.Typing.class, name = "typing"),
  @JsonSubTypes.Type(value = ServerFrame.Tool.class, name = "tool"),
  @JsonSubTypes.Type(value = ServerFrame.Error.class, name = "error"),
  @JsonSubTypes.Type(value = ServerFrame.Closed.class, name = "closed"),
  @JsonSubTypes.Type(value = ServerFrame.Pong.class, name = "pong"),
  @JsonSubTypes.Type(value = ServerFrame.Interrupted.class, name = "interrupted"),
  @JsonSubTypes.Type(value = ServerFrame.Voice.class, name = "voice"),
  @JsonSubTypes.Type(value = ServerFrame.TranscriptFrame.class, name = "transcript"),
  @JsonSubTypes.Type(value = ServerFrame.Speaking.class, name = "speaking"),
  @JsonSubTypes.Type(value = ServerFrame.HandoffFrame.class, name = "handoff"),
  @JsonSubTypes.Type(value = ServerFrame.QueueFrame.class, name = "queue"),
  @JsonSubTypes.Type(value = ServerFrame.LanguageFrame.class, name = "language"),
  @JsonSubTypes.Type(value = ServerFrame.Composing.class, name = "composing"),
  @JsonSubTypes.Type(value = ServerFrame.Rated.class, name = "rated"),
  @JsonSubTypes.Type(value = ServerFrame.Attachments.class, name = "attachments"),
  @JsonSubTypes.Type(value = ServerFrame.Approval.class, name = "approval"),
  @JsonSubTypes.Type(value = ServerFrame.AgentApproval.class, name = "agentApproval")
})
public sealed interface ServerFrame {
  /**
   * {@code status} (open or closed), {@code voice} (whether this node can hear and speak) and
   * {@code language} (the conversation's BCP 47 tag, absent until one is decided) are additions to
   * v1's fields; clients may ignore them.
   */
  record Session(String sessionId, boolean resumed, long lastSeq, String mode, String status, boolean voice,
      @JsonInclude(JsonInclude.Include.NON_NULL) String language) implements ServerFrame {}

  /**
   * {@code interrupted} (present only when true) marks a spoken answer kept only as far as it was
   * heard; {@code author} (only with role {@code agent}) is the name of the person who wrote it;
   * {@code source} (only with role {@code assistant}) is {@code llm}, {@code offline} or {@code cache};
   * {@code translation} (only for staff, only on an agent's message sent translated) marks the text as
   * the model's translation and holds what the agent wrote ({@code original}, {@code from}, {@code to});
   * {@code options} (only on a bot message that offers any) are replies to tap, each a {@code label}
   * to show and the {@code value} to send as the customer's message, withdrawn once the customer writes;
   * {@code authorPicture} (only with {@code author}, to its customer, only while the agent has a
   * picture) is where the node serves it; {@code citations} (only on an answer built on help articles)
   * are the articles it cites, each its {@code ref} (the number the text cites it by, "[1]"), {@code
   * documentId}, {@code title}, {@code url} (absent when the article has none; only http and https),
   * {@code passage} and {@code language}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Message(long seq, Role role, String text, String turnId, Instant at, Boolean interrupted, String author,
      AnswerSource source, Translation translation, List<ReplyOption> options, String authorPicture,
      List<Citation> citations) implements ServerFrame {
    public Message(long seq, Role role, String text, String turnId, Instant at, Boolean interrupted, String author,
        AnswerSource source, Translation translation) {
      this(seq, role, text, turnId, at, interrupted, author, source, translation, null, null, null);
    }

    /** The message as its customer reads it: the text they were sent. */
    public static Message of(ChatMessage message) {
      return new Message(message.seq(), message.role(), message.text(), message.turnId(), message.at(),
          message.interrupted() ? Boolean.TRUE : null, message.author().orElse(null), message.source().orElse(null), null);
    }

    /** The message as staff read it: a translation marked as one, with the agent's own words. */
    public static Message forStaff(ChatMessage message) {
      Message customers = of(message);
      return new Message(customers.seq(), customers.role(), customers.text(), customers.turnId(), customers.at(),
          customers.interrupted(), customers.author(), customers.source(), message.translation().orElse(null));
    }

    /** This message with the replies it offers to tap (none: no {@code options} field). */
    public Message offering(List<ReplyOption> offered) {
      return new Message(seq, role, text, turnId, at, interrupted, author, source, translation,
          offered.isEmpty() ? null : List.copyOf(offered), authorPicture, citations);
    }

    /** This message with the articles it cites (none: no {@code citations} field). */
    public Message citing(List<Citation> cited) {
      return new Message(seq, role, text, turnId, at, interrupted, author, source, translation, options, authorPicture,
          cited.isEmpty() ? null : List.copyOf(cited));
    }

    /** This message with its author's picture at {@code path}. */
    public Message picturedAt(String path) {
      return new Message(seq, role, text, turnId, at, interrupted, author, source, translation, options, path, citations);
    }
  }

  /**
   * Who answers now: {@code bot}, {@code waiting_for_agent} (a person was asked for), or
   * {@code agent}, named in {@code agent}, with {@code picture} (to its customer, only while the agent
   * has a picture) where the node serves it. Sent when it changes, and on joining a session a
   * person was asked for or holds: the bot is the default.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record HandoffFrame(HandoffStatus status, String agent, String picture) implements ServerFrame {
    public static HandoffFrame of(Handoff handoff) {
      return new HandoffFrame(handoff.status(), handoff.agentName().orElse(null), null);
    }

    /** The handoff as its customer sees it: the agent holding it with its picture at {@code picture}, if any. */
    public static HandoffFrame pictured(Handoff handoff, Optional<String> picture) {
      return new HandoffFrame(handoff.status(), handoff.agentName().orElse(null),
          handoff.agentId().flatMap(agent -> picture).orElse(null));
    }
  }

  /**
   * While a person is asked for: the customer's {@code position} in the queue (1 is next) and the
   * expected wait in whole minutes, when the session joins the queue and whenever the queue moves.
   */
  record QueueFrame(int position, int expectedWaitMinutes) implements ServerFrame {}

  /** The conversation's language was decided or changed (a BCP 47 tag): a page's texts may follow it. */
  record LanguageFrame(String language) implements ServerFrame {}

  /** The message at {@code seq} carries these files: right after the message, and after each replayed one. */
  record Attachments(long seq, List<AttachmentJson> attachments) implements ServerFrame {}

  /**
   * The customer spoke over the answer of {@code turnId}: message {@code seq} now reads {@code text};
   * an empty {@code text} means it is gone (with {@code seq} 0: the turn ended before an answer was stored).
   */
  record Interrupted(String turnId, long seq, String text) implements ServerFrame {}

  /**
   * Voice on this connection {@code started} (audio in and out at {@code sampleRate}) or
   * {@code stopped} ({@code reason} says why).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Voice(String state, Integer sampleRate, String reason) implements ServerFrame {}

  /** What the customer is heard saying: partial guesses, then the final text of each utterance. */
  record TranscriptFrame(String text, @JsonProperty("final") boolean isFinal, double confidence) implements ServerFrame {}

  /** The bot starts ({@code start}) or stops ({@code stop}, with {@code reason}) speaking the answer of {@code turnId}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Speaking(String state, String turnId, String reason) implements ServerFrame {}

  /** A person is writing: the agent holding the session, named in {@code author}. An addition to v1. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Composing(Role role, String author) implements ServerFrame {}

  /** The customer rated the conversation: {@code score} 1 to 5, {@code comment} only when they wrote one. An addition to v1. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Rated(int score, String comment, Instant at) implements ServerFrame {
    public static Rated of(Rating rating) {
      return new Rated(rating.score(), rating.comment().orElse(null), rating.at());
    }
  }

  /** {@code turnId} is an addition to v1's fields: the turn that will answer this message. */
  record Ack(String clientMsgId, long seq, String turnId) implements ServerFrame {}

  record Delta(String turnId, String text) implements ServerFrame {}

  record Typing(String turnId) implements ServerFrame {}

  /** Tool activity, for a "searching…" indicator; {@code detail} is omitted when there is none. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Tool(String turnId, String name, String status, String detail) implements ServerFrame {}

  /**
   * {@code clientMsgId} (the refused {@code user} frame's) and {@code refused} (the refused frame's
   * {@code type}) are additions to v1's fields: a client with several frames in flight knows which
   * one the error answers. Both are absent when the error refuses no frame (a start timeout, a lost session).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Error(ErrorCode code, String message, Long retryAfterMs, String refused, String clientMsgId)
      implements ServerFrame {
    public static Error of(ErrorCode code, String message) {
      return new Error(code, message, null, null, null);
    }

    public static Error of(Refusal refusal) {
      return new Error(refusal.code(), refusal.getMessage(), refusal.retryAfterMs().orElse(null), null, null);
    }

    /** This error as the answer to {@code frame}, naming its type (and a {@code user} frame's message). */
    public Error refusing(ClientFrame frame) {
      return refusing(frame.type(), frame instanceof ClientFrame.User user ? Optional.of(user.clientMsgId()) : Optional.empty());
    }

    /** This error as the answer to a frame of {@code type}, a {@code user} frame's naming its {@code clientMsgId}. */
    public Error refusing(String type, Optional<String> clientMsgId) {
      return new Error(code, message, retryAfterMs, type, clientMsgId.orElse(null));
    }
  }

  record Closed(String reason) implements ServerFrame {}

  record Pong() implements ServerFrame {}

  /**
   * A tool call waits for the customer's approval ({@code status} {@code pending}: answer with an
   * {@code approve} frame), or the approval was decided ({@code approved}, {@code refused} with its
   * {@code reason}, {@code expired}): {@code tool}, a plain {@code summary} of what it will do, its
   * {@code arguments}, and when it expires. With a {@code form} ({@code {"question", "fields": [...]}}), the
   * call's server asks the customer to fill it in (docs/protocol.md#forms): approving it sends the answers. An
   * addition to v1.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Approval(String approvalId, String tool, String summary, JsonNode arguments, String status, Instant expiresAt,
      String reason, JsonNode form) implements ServerFrame {}

  /**
   * A tool call of the conversation waits for a team member's approval ({@code status}
   * {@code pending}: the customer is told what waits, in words, and has nothing to answer), or that
   * approval was decided ({@code approved}, {@code refused}, {@code expired}). Its own type, so that
   * a client knowing only {@code approval} shows no confirm button the customer may not press. An
   * addition to v1.
   */
  record AgentApproval(String approvalId, String tool, String summary, String status, Instant expiresAt)
      implements ServerFrame {}
}
