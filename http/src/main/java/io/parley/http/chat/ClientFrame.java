package io.parley.http.chat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.bot.ToolApproval;
import io.parley.core.language.LanguageTag;
import io.parley.core.session.Channel;
import io.parley.core.session.PageContext;
import io.parley.core.session.Rating;
import io.parley.sessions.entity.SessionCommand;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/** A frame a client sends over {@code /v1/chat/ws} (protocol v1), already validated. */
sealed interface ClientFrame {
  /** The frame's {@code type} on the wire ({@code audio} for a binary frame), which an error refusing it names. */
  default String type() {
    return switch (this) {
      case Start _ -> "start";
      case User _ -> "user";
      case Close _ -> "close";
      case Ping _ -> "ping";
      case Composing _ -> "composing";
      case VoiceStart _, VoiceStop _ -> "voice";
      case Audio _ -> "audio";
      case Context _ -> "context";
      case Rate _ -> "rate";
      case Played _ -> "played";
      case Approve _ -> "approve";
      case Contact _ -> "contact";
    };
  }

  /**
   * First frame: a new session when {@code sessionId} is empty (on {@code channel}: chat unless the
   * page says voice), else a resume after {@code resumeAfter}. {@code draft}: a test session on the
   * tenant's draft configuration, for those who configure the bot.
   */
  record Start(Optional<String> sessionId, OptionalLong resumeAfter, Optional<String> userId, Channel channel,
      boolean draft, Optional<LanguageTag> language) implements ClientFrame {}

  /** A customer's message; {@code attachments} the ids of files uploaded to the session that it carries. */
  record User(String clientMsgId, String text, List<String> attachments) implements ClientFrame {
    public User {
      attachments = List.copyOf(attachments);
    }

    public User(String clientMsgId, String text) {
      this(clientMsgId, text, List.of());
    }
  }

  record Close(Optional<String> reason) implements ClientFrame {}

  record Ping() implements ClientFrame {}

  /** The customer is writing (sent every few seconds while they type); shown to an agent holding the session. */
  record Composing() implements ClientFrame {}

  /** Starts voice on the joined session, the microphone's audio following at {@code sampleRate} Hz. */
  record VoiceStart(int sampleRate) implements ClientFrame {}

  /** Stops voice; the session goes on as a text chat. */
  record VoiceStop() implements ClientFrame {}

  /** A binary frame: microphone audio, mono PCM16 little-endian at the voice start's rate. */
  record Audio(short[] samples) implements ClientFrame {}

  /** The page the customer is on ({@code Parley.setContext}), replacing the one before; no reply unless refused. */
  record Context(PageContext context) implements ClientFrame {}

  /** The customer rates the conversation, once; followers get {@code rated}, a refusal an {@code error}. */
  record Rate(Rating.Given rating) implements ClientFrame {}

  /** How much of a spoken answer the page has played; {@code stopped} when it stopped for a barge-in. */
  record Played(String turnId, long millis, boolean stopped) implements ClientFrame {}

  /**
   * The customer approves ({@code approved}) or refuses the tool call that waits for the approval
   * {@code approvalId} (docs/tools.md#approvals), approving a form with its {@code answers}
   * (docs/protocol.md#forms); no reply unless refused.
   */
  record Approve(String approvalId, boolean approved, Optional<String> reason, Optional<JsonNode> answers)
      implements ClientFrame {
    /** The decision as the session takes it: the customer's. */
    SessionCommand.DecideApproval byCustomer(ActorRef<StatusReply<Done>> replyTo) {
      return new SessionCommand.DecideApproval(approvalId, approved, reason, ToolApproval.CUSTOMER, Optional.empty(),
          replyTo, answers);
    }
  }

  /**
   * What the customer leaves for a reply no person could give now: a checked {@code email}, or none
   * (they come back); {@code transcript} when they want the conversation with the email. No reply
   * unless refused: the notice saying where the reply goes follows as a message.
   */
  record Contact(Optional<String> email, boolean transcript) implements ClientFrame {}
}
