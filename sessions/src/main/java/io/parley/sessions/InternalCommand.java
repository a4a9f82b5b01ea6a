package io.parley.sessions;

import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.llm.TokenUsage;
import io.parley.core.memory.SeqRange;
import io.parley.core.session.AnswerSource;
import io.parley.sessions.admission.TenantTokenBudget;
import io.parley.sessions.handoff.AgentQueue;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a session hears from its own children (turn runners, summarizers, the close's steps, the
 * usage reports), its timers, its host and sharding, and the answers to what it asked (a data key,
 * a bot configuration, the tenant's budget, the agent queue, a ticket). Package-private, so that the
 * edges ({@code http}, {@code voice}, workflows) can only send the public {@link SessionCommand}s.
 * Local messages all, never sent to another node.
 */
sealed interface InternalCommand extends SessionCommand {

  record IdleCheck() implements InternalCommand {}

  /** From the session's host: sleep, if nothing is under way still ({@link SessionRest}). */
  record Sleep() implements InternalCommand {}

  record SubscriberGone(ActorRef<SessionUpdate> subscriber) implements InternalCommand {}

  /** The tenant's token budget answered ({@code standing}) or did not in time (empty; {@code failure} says why). */
  record TenantBudgetHeard(Optional<TenantTokenBudget.Standing> standing, String failure) implements InternalCommand {}

  /** An answered turn's usage is in the tenant's budget, which stands at {@code standing} now. */
  record UsageRecorded(TenantTokenBudget.Standing standing) implements InternalCommand {}

  /** A piece of a turn's answer; {@code waitedNanos}, how long the turn had waited on its model and tools by then. */
  record TurnDelta(String turnId, String text, long waitedNanos) implements InternalCommand {}

  /**
   * The answer of a turn, and the range its prompt left outside the window that is worth summarising
   * now; {@code traceparent} is the turn's span, which its storing continues.
   */
  record TurnAnswered(
      String turnId, String text, AnswerSource source, Optional<TokenUsage> usage, Optional<SeqRange> summarize,
      Optional<String> traceparent) implements InternalCommand {}

  /**
   * A turn stopped before it answered (the customer spoke over it): the tokens its model calls
   * used, as reported for finished calls and estimated for the one cut short, for the budgets.
   */
  record TurnStoppedUnanswered(String turnId, TokenUsage usage) implements InternalCommand {}

  record SummaryWritten(SeqRange range, String text, AnswerSource source) implements InternalCommand {}

  record SummaryFailed(SeqRange range, String reason) implements InternalCommand {}

  record TurnRunnerStopped(String turnId) implements InternalCommand {}

  record IdleCloseDue() implements InternalCommand {}

  /** A held turn waited long enough for what was heard of it. */
  record HoldExpired(String turnId) implements InternalCommand {}

  /** From the turn runner: tool calls to record before they run; replies when durable. */
  record RecordToolCalls(String turnId, List<ToolRound.RequestedCall> calls, ActorRef<Done> replyTo)
      implements InternalCommand {}

  /**
   * From the turn runner: a tool call's outcome to record; replies when durable. {@code failedForGood}:
   * the tool ran and failed after its attempts (not a call the model got wrong, refused before running).
   */
  record RecordToolResult(String turnId, ToolRound.CompletedCall result, boolean failedForGood, ActorRef<Done> replyTo)
      implements InternalCommand {}

  /**
   * The session's data key as its store knows it, read when a recovering incarnation starts
   * ({@link SessionKeyLoading}); empty when the store failed.
   */
  record DataKeyHeard(Optional<io.parley.core.erasure.KeyLookup> lookup) implements InternalCommand {}

  /** A starting session's new data key, to be stored with its first event; empty when the store failed. */
  record NewDataKeyMade(Optional<io.parley.core.erasure.NewDataKey> key) implements InternalCommand {}

  /** The tenant's current bot configuration, asked for by a session being started (empty: none, or no answer). */
  record BotConfigHeard(Optional<PinnedBotConfig> config) implements InternalCommand {}

  /** The agent queue's answer to the session joining it. */
  record QueuePlaceHeard(AgentQueue.Place place) implements InternalCommand {}

  /** Nobody took the waiting session within the wait limit. */
  record AgentWaitOver() implements InternalCommand {}

  /**
   * The ticket opened because no person came ({@code reason}) to the request made at {@code since}:
   * its id and expected response, or empty when it could not be opened.
   */
  record UnstaffedTicketHeard(String reason, Instant since, Optional<String> ticketId, String expectedResponse)
      implements InternalCommand {}

  record ArchiveWritten(String key, String sha256, long bytes, String location) implements InternalCommand {}

  record MemoryWritten() implements InternalCommand {}
  /** The sharding stop message (passivation, rebalance, shutdown). */
  record Stop() implements InternalCommand {}
}
