package io.parley.sessions.entity;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.CborSerializable;
import io.parley.core.attachment.Attachment;
import io.parley.core.bot.ToolApproval;
import io.parley.core.handoff.HandoffTrigger;
import io.parley.core.language.CustomerText;
import io.parley.core.language.LanguageTag;
import io.parley.core.session.Channel;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Heard;
import io.parley.core.session.PageContext;
import io.parley.core.session.Rating;
import io.parley.core.session.Role;
import io.parley.core.session.Translation;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.SessionView;
import io.parley.sessions.entity.attachment.SessionFiles;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * What a chat session is told. The public commands come from the edges (chat socket, REST,
 * workflows) and reply a {@link StatusReply}: its value on success, a
 * {@link io.parley.core.session.Refusal} (error code, message, retry hint) when refused. What the
 * session hears from its own children, timers and asks is an {@code InternalCommand}, which only
 * the entity and its rooms name; the two meet in {@link SessionInput}, the incarnation's message type.
 */
public sealed interface SessionCommand extends SessionInput, CborSerializable permits
    SessionCommand.Start, SessionCommand.Subscribe, SessionCommand.Unsubscribe, SessionCommand.PostUserMessage,
    SessionCommand.PostNotice, SessionCommand.PostGreeting, SessionCommand.AwaitAnswer, SessionCommand.InterruptAnswer,
    SessionCommand.HoldAnswer, SessionCommand.RecordPlayed, SessionCommand.RequestAgent, SessionCommand.TakeOver,
    SessionCommand.RecordTransfer, SessionCommand.PostAgentMessage, SessionCommand.SuggestReply, SessionCommand.TranslateCustomer,
    SessionCommand.TranslateReply, SessionCommand.WordReply, SessionCommand.HandBack, SessionCommand.Composing, SessionCommand.DecideApproval,
    SessionCommand.Close, SessionCommand.AddAttachment, SessionCommand.SetPageContext, SessionCommand.Rate,
    SessionCommand.LeaveContact, SessionCommand.ReadContact, SessionCommand.PostTicketReply, SessionCommand.GetView,
    SessionCommand.PressKey, SessionCommand.NoteRecordingConsent, SessionCommand.RecordWarmTransfer {
  /**
   * Creates the session on {@code channel} (idempotent: a started session replies its info again),
   * with the tenant's current configuration, or with its draft for a test session ({@code draft}:
   * refused when the tenant has none). {@code newId}: the caller minted the session's id for this
   * start ({@link io.parley.core.session.SessionId#random}), so nothing can be stored under it yet
   * and the session neither reads a key nor replays a journal to start. {@code version}: a published
   * version by its number instead of the current one (an evaluation of an older version; refused
   * when the tenant has no such version). {@code language}: the customer's, as the start frame said it.
   * {@code placedCall}: the session is a call the bot placed (its turns are offered the tools only such
   * calls have, {@code do_not_call}); a node of an earlier version sends none, false.
   */
  record Start(Optional<String> userId, Channel channel, boolean draft, boolean newId, Optional<Integer> version,
      Optional<LanguageTag> language, boolean placedCall, ActorRef<StatusReply<SessionInfo>> replyTo)
      implements SessionCommand {
    public Start {
      // A node of an earlier version sends no version and no language.
      version = version == null ? Optional.empty() : version;
      language = language == null ? Optional.empty() : language;
    }

    /** A session that is not a call the bot placed. */
    public Start(Optional<String> userId, Channel channel, boolean draft, boolean newId, Optional<Integer> version,
        Optional<LanguageTag> language, ActorRef<StatusReply<SessionInfo>> replyTo) {
      this(userId, channel, draft, newId, version, language, false, replyTo);
    }

    /** A start that says no language: the tenant's is taken. */
    public Start(Optional<String> userId, Channel channel, boolean draft, boolean newId, Optional<Integer> version,
        ActorRef<StatusReply<SessionInfo>> replyTo) {
      this(userId, channel, draft, newId, version, Optional.empty(), replyTo);
    }

    public Start(Optional<String> userId, Channel channel, boolean draft, boolean newId,
        ActorRef<StatusReply<SessionInfo>> replyTo) {
      this(userId, channel, draft, newId, Optional.empty(), replyTo);
    }

    /** A session on the tenant's published configuration. */
    public Start(Optional<String> userId, Channel channel, ActorRef<StatusReply<SessionInfo>> replyTo) {
      this(userId, channel, false, false, replyTo);
    }

    /** The start of a session whose id the caller has just minted. */
    public static Start ofNewId(Optional<String> userId, Channel channel, boolean draft,
        ActorRef<StatusReply<SessionInfo>> replyTo) {
      return new Start(userId, channel, draft, true, replyTo);
    }

    /** The start of a session whose id the caller has just minted, in the customer's {@code language}. */
    public static Start ofNewId(Optional<String> userId, Channel channel, boolean draft, Optional<LanguageTag> language,
        ActorRef<StatusReply<SessionInfo>> replyTo) {
      return new Start(userId, channel, draft, true, Optional.empty(), language, replyTo);
    }
  }

  /**
   * Subscribes a follower: it gets {@code Joined} with the messages after {@code afterSeq}, then live
   * updates; {@code Refused} for an unknown session, an {@code afterSeq} past the last message, or a
   * {@code customer} the session does not belong to (then nothing of the session reaches the
   * follower, not even a stray update after the edge moved on to another session). Staff and the
   * node's own edges subscribe as no customer.
   */
  record Subscribe(long afterSeq, ActorRef<SessionUpdate> subscriber, Optional<Customer> customer)
      implements SessionCommand {
    public Subscribe {
      // A node of an earlier version sends no customer (its edges check the owner themselves).
      customer = customer == null ? Optional.empty() : customer;
    }
  }

  /** A customer following a session: signed in as {@code userId}, or anonymous. */
  record Customer(Optional<String> userId) implements CborSerializable {
    public Customer {
      userId = userId == null ? Optional.empty() : userId;
    }
  }

  /** Stops updates to a follower; no reply. */
  record Unsubscribe(ActorRef<SessionUpdate> subscriber) implements SessionCommand {}

  /**
   * Appends a user message (idempotent on {@code clientMsgId}); replies once it is durable.
   * {@code heard} says how a spoken message was transcribed; {@code traceparent} is the trace its
   * turn continues (docs/tracing.md), from the edge that received it, on whatever node;
   * {@code attachments} the ids of files already added to the session that the message carries
   * (refused as {@code bad_request} naming an id the session does not have).
   */
  record PostUserMessage(String clientMsgId, String text, Optional<Heard> heard, Optional<String> traceparent,
      ActorRef<StatusReply<Accepted>> replyTo, List<String> attachments) implements SessionCommand {
    public PostUserMessage {
      // A node of an earlier version sends none.
      attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }

    public PostUserMessage(String clientMsgId, String text, Optional<Heard> heard, Optional<String> traceparent,
        ActorRef<StatusReply<Accepted>> replyTo) {
      this(clientMsgId, text, heard, traceparent, replyTo, List.of());
    }

    /** A typed message. */
    public PostUserMessage(String clientMsgId, String text, ActorRef<StatusReply<Accepted>> replyTo) {
      this(clientMsgId, text, Optional.empty(), Optional.empty(), replyTo);
    }
  }

  /**
   * Appends a system notice for the user (a workflow's news, e.g. an escalated ticket), idempotent on
   * {@code noticeId}, written in the conversation's language; replies once it is durable, refused
   * when the session is not open.
   */
  record PostNotice(String noticeId, CustomerText text, ActorRef<StatusReply<Accepted>> replyTo) implements SessionCommand {}

  /**
   * A voice call started speaking the greeting: it is the assistant's message of turn
   * {@value #GREETING}, stored once (a greeting stored before is left as it is; no turn runs for it).
   * Cut like an answer when the customer hangs up or speaks over it ({@link InterruptAnswer}).
   * Replies once it is durable, refused when the session is not open.
   */
  record PostGreeting(String text, ActorRef<StatusReply<Accepted>> replyTo) implements SessionCommand {
    public static final String GREETING = "greeting";
  }

  /** Replies with the assistant's answer of a turn as soon as it is persisted. */
  record AwaitAnswer(String turnId, ActorRef<StatusReply<Answer>> replyTo) implements SessionCommand {}

  /**
   * The customer spoke over the spoken answer of {@code turnId} after hearing {@code heardText} of it
   * (the words the voice side played, in order): the turn stops, and its answer is kept only as far
   * as it was heard, marked interrupted. Replies what is kept; refused when {@code heardText} is not
   * the start of the answer. Idempotent: a turn already cut replies what it kept.
   */
  record InterruptAnswer(String turnId, String heardText, ActorRef<StatusReply<Interrupted>> replyTo)
      implements SessionCommand {}

  /**
   * The customer just spoke over the answer of {@code turnId}, before the voice side knows how much
   * of it was heard: a turn still running stops streaming now (its model call is cancelled) and
   * waits for {@link InterruptAnswer}. Should that not come within a few seconds, nothing of the
   * answer counts as heard. No reply.
   */
  record HoldAnswer(String turnId) implements SessionCommand {}

  /**
   * A voice call played {@code millis} of the audio of {@code turnId} to the caller, to its end or
   * up to where it was cut (a barge-in, a hang-up): recorded, in an open session or one that closed
   * while it played. Replies once it is durable; refused before the start and after erasure.
   */
  record RecordPlayed(String turnId, long millis, ActorRef<StatusReply<Done>> replyTo) implements SessionCommand {}

  /**
   * Asks for a person: the session waits in its tenant's agent queue and the model stops answering.
   * Replies the session's info once that is durable; a session already waiting or held stays so.
   */
  record RequestAgent(HandoffTrigger trigger, ActorRef<StatusReply<SessionInfo>> replyTo) implements SessionCommand {}

  /**
   * {@code agentId} takes the conversation over (waiting or not), shown to the customer as
   * {@code agentName}; refused while another agent holds it. Idempotent for the agent holding it.
   * A phone call is transferred to {@code agentPhone} (a SIP URI), else to the tenant's target.
   */
  record TakeOver(String agentId, String agentName, Optional<String> agentPhone,
      ActorRef<StatusReply<SessionInfo>> replyTo) implements SessionCommand {
    public TakeOver {
      agentPhone = agentPhone == null ? Optional.empty() : agentPhone;
    }
  }

  /**
   * The phone bridge's blind transfer of the call to {@code target} ended (docs/handoff.md#phone):
   * recorded; one that failed is told to the caller, and the handoff goes on as in a chat.
   */
  record RecordTransfer(String target, boolean transferred, String outcome, ActorRef<StatusReply<Done>> replyTo)
      implements SessionCommand {}

  /**
   * The phone bridge's warm transfer to {@code target} ended (docs/voice.md#warm-transfer):
   * {@code outcome} a {@link io.parley.core.call.WarmTransferOutcome}'s wire name, the SIP status that
   * decided it if one did, and how long the caller waited on hold. Recorded; one not accepted is told
   * to the caller, and the handoff goes on as in a chat.
   */
  record RecordWarmTransfer(String target, String outcome, Optional<Integer> sipStatus, long waitedMillis,
      ActorRef<StatusReply<Done>> replyTo) implements SessionCommand {
    public RecordWarmTransfer {
      sipStatus = sipStatus == null ? Optional.empty() : sipStatus;
    }
  }

  /**
   * A message of the agent holding the session to the customer (idempotent on {@code clientMsgId});
   * with a {@code translation}, {@code text} is the model's translation of what the agent wrote;
   * {@code attachments} the ids of the session's files it carries, refused as {@code PostUserMessage}'s are.
   */
  record PostAgentMessage(String agentId, String clientMsgId, String text, Optional<Translation> translation,
      List<String> attachments, ActorRef<StatusReply<Accepted>> replyTo) implements SessionCommand {
    public PostAgentMessage {
      attachments = attachments == null ? List.of() : List.copyOf(attachments);
    }
  }

  /**
   * A reply the agent holding the session could send, written by the model and shown to that agent
   * only; never stored. Refused when no model is configured.
   */
  record SuggestReply(String agentId, ActorRef<StatusReply<Suggestion>> replyTo) implements SessionCommand {}

  /** A suggested reply, for the agent to edit and send, or not. */
  record Suggestion(String text) implements CborSerializable {}

  /**
   * The customer's newest messages translated by the model into {@code language} (a BCP 47 tag), for
   * an agent of the tenant who reads the conversation; never stored. Refused when no model is configured.
   */
  record TranslateCustomer(String agentId, String language, ActorRef<StatusReply<Translated>> replyTo)
      implements SessionCommand {}

  /**
   * {@code text}, which the agent holding the session wrote in {@code from}, translated by the model
   * into the conversation's language, for the agent to send. Refused when the conversation has no
   * language yet or is in {@code from} already, and when no model is configured.
   */
  record TranslateReply(String agentId, String text, String from, ActorRef<StatusReply<Translated>> replyTo)
      implements SessionCommand {}

  /**
   * A staff reply {@code text} as the customer is to read it: translated into the conversation's
   * language when the tenant translates agents' replies and the text is clearly in another; as
   * written, marked with itself as the original, when the model failed; as written, unmarked,
   * otherwise. From the agent holding the open conversation ({@code agentId}), or a ticket's reply
   * ({@code replyKey}, open or closed: answered as stored once it is).
   */
  record WordReply(Optional<String> agentId, Optional<String> replyKey, String text,
      ActorRef<StatusReply<WordedReply>> replyTo) implements SessionCommand {}

  /** What the customer reads of a reply, and its mark for staff (the original; itself when it went untranslated). */
  record WordedReply(String text, Optional<io.parley.core.session.Translation> translation) implements CborSerializable {}

  /** Texts translated into {@code language}, each with the seq of its message (0: the agent's draft). */
  record Translated(String language, List<TranslatedText> texts) implements CborSerializable {}

  record TranslatedText(long seq, String text) implements CborSerializable {}

  /** The agent holding the session gives it back to the bot, which answers the next message. */
  record HandBack(String agentId, ActorRef<StatusReply<SessionInfo>> replyTo) implements SessionCommand {}

  /**
   * Someone is writing: the customer ({@link Role#USER}), or the agent
   * {@code agentId} holding the session ({@code AGENT}). Passed on to the followers, never stored;
   * no reply. An agent who does not hold the session is ignored.
   */
  record Composing(Role role, Optional<String> agentId) implements SessionCommand {}

  /**
   * Decides the pending approval {@code approvalId} (docs/tools.md#approvals): {@code approved}, or
   * refused for {@code reason}, by {@code by} (the session's customer, or an agent of its tenant,
   * {@code agentId}). Replies once the decision is durable; an approval this session does not wait
   * for is {@code not_found}, one asked of someone else {@code forbidden}. An approval whose call's server asked
   * for a form (docs/tools.md#forms) is approved with the customer's {@code answers} to it, checked against the form
   * ({@code bad_request} naming the field that does not fit).
   */
  record DecideApproval(String approvalId, boolean approved, Optional<String> reason, ToolApproval by,
      Optional<String> agentId, ActorRef<StatusReply<Done>> replyTo, Optional<JsonNode> answers) implements SessionCommand {
    public DecideApproval {
      reason = reason == null ? Optional.empty() : reason;
      agentId = agentId == null ? Optional.empty() : agentId;
      answers = answers == null ? Optional.empty() : answers.filter(given -> !given.isNull());
    }

    /** A decision of an approval with no form. */
    public DecideApproval(String approvalId, boolean approved, Optional<String> reason, ToolApproval by,
        Optional<String> agentId, ActorRef<StatusReply<Done>> replyTo) {
      this(approvalId, approved, reason, by, agentId, replyTo, Optional.empty());
    }
  }

  /** Closes the session (idempotent); replies once {@code SessionClosed} is durable. */
  record Close(String reason, ActorRef<StatusReply<Closing>> replyTo) implements SessionCommand {}

  /**
   * Adds a file, already stored, to an open conversation by its reference; replies it once durable
   * (again, and persists nothing, for an id already added). Refused with {@code too_large} past
   * {@link SessionFiles#MAX_PER_SESSION} files, {@code not_found} when the session is not open.
   */
  record AddAttachment(Attachment attachment, ActorRef<StatusReply<Attachment>> replyTo) implements SessionCommand {}

  /**
   * The page the customer is on now ({@link PageContext}, checked by the edge), replacing the one
   * before; the next turns' prompts hold it, fenced as data. Replies once it is durable; refused
   * when the session is not open.
   */
  record SetPageContext(PageContext context, ActorRef<StatusReply<Done>> replyTo) implements SessionCommand {}

  /**
   * The customer rates the conversation, once: while it is open, or within the node's rating window
   * after it closed. Replies the rating once it is durable; a second one is refused as a
   * {@code conflict}, one after the window as a {@code bad_request} naming it.
   */
  record Rate(int score, Optional<String> comment, ActorRef<StatusReply<Rating>> replyTo) implements SessionCommand {
    public Rate {
      comment = comment == null ? Optional.empty() : comment;
    }
  }

  /**
   * What the customer leaves for a reply when no person could answer: an {@code email} (checked by
   * the edge; absent when they decline) and whether they want the transcript with the reply. Replies
   * once it is durable and the customer told what happens; refused when the session is not open.
   */
  record LeaveContact(Optional<String> email, boolean transcript, ActorRef<StatusReply<ContactNoted>> replyTo)
      implements SessionCommand {
    public LeaveContact {
      email = email == null ? Optional.empty() : email;
    }
  }

  /** {@code byEmail}: a reply goes to the address left as well as to the conversation. */
  record ContactNoted(boolean byEmail) implements CborSerializable {}

  /**
   * What a reply by email needs, for the node's mail outbox: the address the customer left (absent
   * when none, or none any more) and, when they asked for it, the conversation as the archive keeps
   * it (personal data redacted as there), in the conversation's language {@code language}.
   */
  record ReadContact(ActorRef<StatusReply<ContactCard>> replyTo) implements SessionCommand {}

  record ContactCard(Optional<String> email, Optional<String> transcript, String language) implements CborSerializable {}

  /**
   * A staff member's reply to the conversation's ticket, appended as {@code agentName}'s message
   * whoever holds the conversation (the customer reads it when they come back), idempotent on
   * {@code replyKey}; also after the close, which writes the archive again with it.
   */
  record PostTicketReply(String replyKey, String agentId, String agentName, String text,
      Optional<io.parley.core.session.Translation> translation, ActorRef<StatusReply<Accepted>> replyTo)
      implements SessionCommand {}

  /** Replies with the whole session. */
  record GetView(ActorRef<StatusReply<SessionView>> replyTo) implements SessionCommand {}

  /**
   * A key the caller pressed on a phone call (DTMF: 0-9, *, #, A-D), as {@code method} received it
   * ({@code rfc4733}, {@code sip_info}, {@code inband}); an empty {@code key}: the caller paused as
   * long as the entry in progress waits. The keys gather into an entry, by the rules of the ask
   * waiting for one, and the entry is the customer's message. Replies how long the entry waits for
   * the next key (none once it is complete).
   */
  record PressKey(String key, String method, ActorRef<StatusReply<KeyTaken>> replyTo) implements SessionCommand {}

  /**
   * What a phone caller was told or said of the call's recording ({@code consent}: one of
   * {@link io.parley.sessions.entity.SessionEvent.RecordingConsentNoted}'s), noted in an open
   * session; replies once it is durable.
   */
  record NoteRecordingConsent(String consent, ActorRef<StatusReply<Done>> replyTo) implements SessionCommand {}

  /**
   * A key is taken: the entry waits {@code waitForNext} for the next key (none when no entry is in
   * progress); {@code asksForPerson}: the key asks for a person (the phone line's own way to ask).
   */
  record KeyTaken(Optional<Duration> waitForNext, boolean asksForPerson) implements CborSerializable {}

  /** A user message is durably stored at {@code seq}; {@code duplicate} when its clientMsgId was seen before. */
  record Accepted(long seq, String turnId, boolean duplicate) implements CborSerializable {}

  /** The assistant's persisted answer to a turn. */
  record Answer(ChatMessage message) implements CborSerializable {}

  /** What an interrupted answer keeps: "" when the customer heard none of it (then no answer is stored). */
  record Interrupted(String turnId, String keptText) implements CborSerializable {}

  /** The session is closed (now or before), for {@code reason}. */
  record Closing(String reason) implements CborSerializable {}
}
