package io.parley.sessions;

import io.parley.core.CborSerializable;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.handoff.HandoffTrigger;
import io.parley.core.llm.TokenUsage;
import io.parley.core.memory.SeqRange;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.Channel;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Heard;
import io.parley.core.session.Role;
import io.parley.sessions.admission.TenantTokenBudget;
import io.parley.sessions.handoff.AgentQueue;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * What a chat session is told. The public commands come from the edges (chat socket, REST,
 * workflows) and reply a {@link StatusReply}: its value on success, a
 * {@link io.parley.core.session.Refusal} (error code, message, retry hint) when refused. The
 * package-private ones come from the session's own children and timers.
 */
public sealed interface SessionCommand extends CborSerializable {

  /**
   * Creates the session on {@code channel} (idempotent: a started session replies its info again),
   * with the tenant's current configuration, or with its draft for a test session ({@code draft}:
   * refused when the tenant has none). {@code newId}: the caller minted the session's id for this
   * start ({@link io.parley.core.session.SessionId#random}), so nothing can be stored under it yet
   * and the session neither reads a key nor replays a journal to start.
   */
  record Start(Optional<String> userId, Channel channel, boolean draft, boolean newId,
      ActorRef<StatusReply<SessionInfo>> replyTo) implements SessionCommand {
    /** A session on the tenant's published configuration. */
    public Start(Optional<String> userId, Channel channel, ActorRef<StatusReply<SessionInfo>> replyTo) {
      this(userId, channel, false, false, replyTo);
    }

    /** The start of a session whose id the caller has just minted. */
    public static Start ofNewId(Optional<String> userId, Channel channel, boolean draft,
        ActorRef<StatusReply<SessionInfo>> replyTo) {
      return new Start(userId, channel, draft, true, replyTo);
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
   * turn continues (docs/tracing.md), from the edge that received it, on whatever node.
   */
  record PostUserMessage(String clientMsgId, String text, Optional<Heard> heard, Optional<String> traceparent,
      ActorRef<StatusReply<Accepted>> replyTo) implements SessionCommand {
    /** A typed message. */
    public PostUserMessage(String clientMsgId, String text, ActorRef<StatusReply<Accepted>> replyTo) {
      this(clientMsgId, text, Optional.empty(), Optional.empty(), replyTo);
    }
  }

  /**
   * Appends a system notice for the user (a workflow's news, e.g. an escalated ticket), idempotent on
   * {@code noticeId}; replies once it is durable, refused when the session is not open.
   */
  record PostNotice(String noticeId, String text, ActorRef<StatusReply<Accepted>> replyTo) implements SessionCommand {}

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

  /** A message of the agent holding the session to the customer (idempotent on {@code clientMsgId}). */
  record PostAgentMessage(String agentId, String clientMsgId, String text, ActorRef<StatusReply<Accepted>> replyTo)
      implements SessionCommand {}

  /**
   * A reply the agent holding the session could send, written by the model and shown to that agent
   * only; never stored. Refused when no model is configured.
   */
  record SuggestReply(String agentId, ActorRef<StatusReply<Suggestion>> replyTo) implements SessionCommand {}

  /** A suggested reply, for the agent to edit and send, or not. */
  record Suggestion(String text) implements CborSerializable {}

  /** The agent holding the session gives it back to the bot, which answers the next message. */
  record HandBack(String agentId, ActorRef<StatusReply<SessionInfo>> replyTo) implements SessionCommand {}

  /**
   * Someone is writing: the customer ({@link Role#USER}), or the agent
   * {@code agentId} holding the session ({@code AGENT}). Passed on to the followers, never stored;
   * no reply. An agent who does not hold the session is ignored.
   */
  record Composing(Role role, Optional<String> agentId) implements SessionCommand {}

  /** Closes the session (idempotent); replies once {@code SessionClosed} is durable. */
  record Close(String reason, ActorRef<StatusReply<Closing>> replyTo) implements SessionCommand {}

  /** Replies with the whole session. */
  record GetView(ActorRef<StatusReply<SessionView>> replyTo) implements SessionCommand {}

  /** The sharding stop message (passivation, rebalance, shutdown). */
  record Stop() implements SessionCommand {}

  /** A user message is durably stored at {@code seq}; {@code duplicate} when its clientMsgId was seen before. */
  record Accepted(long seq, String turnId, boolean duplicate) implements CborSerializable {}

  /** The assistant's persisted answer to a turn. */
  record Answer(ChatMessage message) implements CborSerializable {}

  /** What an interrupted answer keeps: "" when the customer heard none of it (then no answer is stored). */
  record Interrupted(String turnId, String keptText) implements CborSerializable {}

  /** The session is closed (now or before), for {@code reason}. */
  record Closing(String reason) implements CborSerializable {}

  record IdleCheck() implements SessionCommand {}

  /** From the session's host: sleep, if nothing is under way still ({@link SessionRest}). */
  record Sleep() implements SessionCommand {}

  record SubscriberGone(ActorRef<SessionUpdate> subscriber) implements SessionCommand {}

  /** The tenant's token budget answered ({@code standing}) or did not in time (empty; {@code failure} says why). */
  record TenantBudgetHeard(Optional<TenantTokenBudget.Standing> standing, String failure) implements SessionCommand {}

  /** An answered turn's usage is in the tenant's budget, which stands at {@code standing} now. */
  record UsageRecorded(TenantTokenBudget.Standing standing) implements SessionCommand {}

  /** A piece of a turn's answer; {@code waitedNanos}, how long the turn had waited on its model and tools by then. */
  record TurnDelta(String turnId, String text, long waitedNanos) implements SessionCommand {}

  /** A turn's answer, and the range its prompt left outside the window that is worth summarising now. */
  /** The answer of a turn; {@code traceparent} is the turn's span, which its storing continues. */
  record TurnAnswered(
      String turnId, String text, AnswerSource source, Optional<TokenUsage> usage, Optional<SeqRange> summarize,
      Optional<String> traceparent) implements SessionCommand {}

  /**
   * A turn stopped before it answered (the customer spoke over it): the tokens its model calls
   * used, as reported for finished calls and estimated for the one cut short, for the budgets.
   */
  record TurnStoppedUnanswered(String turnId, TokenUsage usage) implements SessionCommand {}

  record SummaryWritten(SeqRange range, String text, AnswerSource source) implements SessionCommand {}

  record SummaryFailed(SeqRange range, String reason) implements SessionCommand {}

  record TurnRunnerStopped(String turnId) implements SessionCommand {}

  record IdleCloseDue() implements SessionCommand {}

  /** A held turn waited long enough for what was heard of it. */
  record HoldExpired(String turnId) implements SessionCommand {}

  /** From the turn runner: tool calls to record before they run; replies when durable. */
  record RecordToolCalls(String turnId, List<ToolRound.RequestedCall> calls, ActorRef<Done> replyTo)
      implements SessionCommand {}

  /**
   * From the turn runner: a tool call's outcome to record; replies when durable. {@code failedForGood}:
   * the tool ran and failed after its attempts (not a call the model got wrong, refused before running).
   */
  record RecordToolResult(String turnId, ToolRound.CompletedCall result, boolean failedForGood, ActorRef<Done> replyTo)
      implements SessionCommand {}

  /**
   * The session's data key as its store knows it, read when a recovering incarnation starts
   * ({@link SessionKeyLoading}); empty when the store failed.
   */
  record DataKeyHeard(Optional<io.parley.core.erasure.KeyLookup> lookup) implements SessionCommand {}

  /** A starting session's new data key, to be stored with its first event; empty when the store failed. */
  record NewDataKeyMade(Optional<io.parley.core.erasure.NewDataKey> key) implements SessionCommand {}

  /** The tenant's current bot configuration, asked for by a session being started (empty: none, or no answer). */
  record BotConfigHeard(Optional<PinnedBotConfig> config) implements SessionCommand {}

  /** The agent queue's answer to the session joining it. */
  record QueuePlaceHeard(AgentQueue.Place place) implements SessionCommand {}

  /** Nobody took the waiting session within the wait limit. */
  record AgentWaitOver() implements SessionCommand {}

  /**
   * The ticket opened because no person came ({@code reason}) to the request made at {@code since}:
   * its id and expected response, or empty when it could not be opened.
   */
  record UnstaffedTicketHeard(String reason, Instant since, Optional<String> ticketId, String expectedResponse)
      implements SessionCommand {}

  record ArchiveWritten(String key, String sha256, long bytes, String location) implements SessionCommand {}

  record MemoryWritten() implements SessionCommand {}
}
