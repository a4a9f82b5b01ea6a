package io.parley.sessions;

import io.parley.core.form.AskedForm;
import io.parley.core.KryoSerializable;
import io.parley.core.attachment.Attachment;
import io.parley.core.bot.ToolApproval;
import io.parley.core.handoff.Handoff;
import io.parley.core.citation.Citation;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Rating;
import io.parley.core.session.ReplyOption;
import io.parley.core.session.Role;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a session pushes to each subscriber, on whichever node it is. A subscriber first receives
 * {@link Joined} (or {@link Refused}), then live updates in order. Subscriptions live as long as
 * the sharded entity (the session's host, which keeps them while the session sleeps): a
 * {@code SessionFollower} watches {@code Joined.incarnation} and subscribes again, resuming after
 * the last seq it saw, when that actor stops (passivation, rebalance to another node, a crashed
 * node). Never persisted, so written with Kryo between nodes.
 */
public sealed interface SessionUpdate extends KryoSerializable {

  /**
   * The subscription is live: the messages after the requested seq (up to the first that offers
   * replies to tap, which follows with the rest one by one), and the running turn, if any.
   * {@code incarnation} is the sharded entity that answered (the session's host): to watch, and to
   * speak to straight while it lives ({@code SessionFollower.incarnation()}; sharding finds it
   * again once it has stopped).
   */
  record Joined(ActorRef<?> incarnation, SessionInfo info, List<ChatMessage> replay, Optional<String> turnInProgress)
      implements SessionUpdate {}

  /** The subscription was not accepted (unknown session, a seq past its end, no answer in time). */
  record Refused(ErrorCode code, String message) implements SessionUpdate {}

  /** A message was persisted (user, assistant or system). */
  record MessageAdded(ChatMessage message) implements SessionUpdate {}

  /**
   * A bot message that offers replies to tap was persisted: sent instead of its {@link MessageAdded},
   * live and when a (re)join brings it ({@link Joined}'s replay then stops before it, and the
   * messages from it on follow one by one). Its own record, so that {@link ChatMessage} keeps the
   * shape Kryo writes between nodes.
   */
  record OfferingMessageAdded(ChatMessage message, List<ReplyOption> options) implements SessionUpdate {
    public OfferingMessageAdded {
      options = List.copyOf(options);
    }
  }

  /**
   * An answer that cites help articles was persisted: sent instead of its {@link MessageAdded} or
   * {@link OfferingMessageAdded}, with the replies it offers to tap (if any), live and when a
   * (re)join brings it, as {@link OfferingMessageAdded} is. Its own record for the same reason.
   */
  record CitingMessageAdded(ChatMessage message, List<ReplyOption> options, List<Citation> citations)
      implements SessionUpdate {
    public CitingMessageAdded {
      options = List.copyOf(options);
      citations = List.copyOf(citations);
    }
  }

  /** The message {@code update} tells was added, whichever of the three records tells it. */
  static Optional<ChatMessage> added(SessionUpdate update) {
    return switch (update) {
      case MessageAdded plain -> Optional.of(plain.message());
      case OfferingMessageAdded offering -> Optional.of(offering.message());
      case CitingMessageAdded citing -> Optional.of(citing.message());
      default -> Optional.empty();
    };
  }

  /** The replies to tap the message {@code update} tells was added offers; none for most. */
  static List<ReplyOption> offered(SessionUpdate update) {
    return switch (update) {
      case OfferingMessageAdded offering -> offering.options();
      case CitingMessageAdded citing -> citing.options();
      default -> List.of();
    };
  }

  /** The assistant started working on a turn, with the conversation's lead score then (a voice call's tier follows it). */
  record Typing(String turnId, int leadScore) implements SessionUpdate {}

  /**
   * A streamed piece of the answer of a turn; not persisted, the whole answer follows as a message.
   * {@code waitedNanos}: how long the turn had waited on its model and tools when the piece came,
   * so that a voice call can tell the node's own delay from theirs.
   */
  record Delta(String turnId, String text, long waitedNanos) implements SessionUpdate {
    /** A piece with no wait told: tests' and benchmarks'. */
    public Delta(String turnId, String text) {
      this(turnId, text, 0);
    }
  }

  /**
   * A tool call of a turn started, succeeded or failed; {@code detail} is a short line for people.
   * A started call carries its {@code arguments} as the model wrote them (JSON), for the node's own
   * followers (an evaluation checks them); no edge sends them to a client.
   */
  record ToolActivity(String turnId, String name, String status, Optional<String> detail, Optional<String> arguments)
      implements SessionUpdate {
    public static final String STARTED = "started";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    public ToolActivity {
      arguments = arguments == null ? Optional.empty() : arguments;
    }

    public ToolActivity(String turnId, String name, String status, Optional<String> detail) {
      this(turnId, name, status, detail, Optional.empty());
    }
  }

  /**
   * The customer spoke over the answer of {@code turnId}: its message at {@code seq} now reads
   * {@code keptText}, marked interrupted, or is gone when {@code keptText} is empty ({@code seq} 0:
   * the turn ended before any answer was stored).
   */
  record AnswerCut(String turnId, long seq, String keptText) implements SessionUpdate {}

  /** A person is writing: the customer ({@code USER}) or the agent holding the session ({@code AGENT}, named). */
  record Composing(Role role, Optional<String> author) implements SessionUpdate {}

  /** Who answers changed: the bot, nobody yet (a person was asked for), or a named agent. */
  record HandoffChanged(Handoff handoff) implements SessionUpdate {}

  /** Waiting for a person: the customer's place in the queue (1 is next) and the expected wait, as the queue moves. */
  record QueuePlace(int position, int expectedMinutes) implements SessionUpdate {}

  /** The bot pressed {@code keys} on the session's phone call ({@code press_keys}): the call sends them. */
  record PressKeys(String keys) implements SessionUpdate {}

  /** The session was closed; no more messages will be accepted. */
  record Ended(String reason) implements SessionUpdate {}

  /** The customer rated the conversation (once). */
  record Rated(Rating rating) implements SessionUpdate {}

  /**
   * The message at {@code seq} carries these files of the session (docs/attachments.md): sent right
   * after the message, and after a join for each message it replays that carries some.
   */
  record FilesShared(String sessionId, long seq, List<Attachment> files) implements SessionUpdate {}

  /** The phone call is to be transferred to {@code target} (a SIP URI); only a phone edge acts on it. */
  record TransferCall(String target) implements SessionUpdate {}

  /**
   * The phone call is to be handed to a person at {@code target} by a warm transfer: the phone
   * bridge calls them, speaks them {@code brief} in {@code staffLanguage}, and bridges the caller once
   * they accept (docs/voice.md#warm-transfer).
   */
  record WarmTransferCall(String target, String brief, String staffLanguage) implements SessionUpdate {}

  /**
   * The conversation's language was decided or changed (a BCP 47 tag, docs/languages.md): the
   * customer wrote in another, or the page named one.
   */
  record LanguageChanged(String language) implements SessionUpdate {}

  /**
   * A tool call waits for an approval ({@code status} {@code pending}: asked now, or again to one who
   * just joined), or its approval was decided ({@code approved}, {@code refused} with the
   * {@code reason} given, {@code expired}); {@code approver} says who is asked (docs/tools.md#approvals).
   * {@code language} is the language pack the session reads its conversation by, for an edge that
   * asks the approval in words of its own: a voice call speaks it (docs/voice.md#approvals). An approval with a form
   * is a {@link FormApprovalChanged} instead.
   */
  record ApprovalChanged(String approvalId, String turnId, String tool, String summary, String argumentsJson,
      ToolApproval approver, Instant expiresAt, String status, Optional<String> reason, String language)
      implements SessionUpdate {
    public static final String PENDING = "pending";
  }

  /**
   * The {@code approval} of a call whose server asks the customer to fill in {@code form} (docs/tools.md#forms), asked
   * or decided; once approved, {@code answers} are the customer's values (a JSON object), which only the agents
   * following are told (docs/agent-console.md), never the customer's client nor the transcript. A record of its own
   * beside {@link ApprovalChanged}, whose shape a node of the previous release reads: an edge that knows no form (a
   * voice call, an A2A client) does not get it.
   */
  record FormApprovalChanged(ApprovalChanged approval, AskedForm form, Optional<String> answers)
      implements SessionUpdate {}
}
