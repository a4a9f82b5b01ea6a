package io.parley.sessions.entity;

import io.parley.core.CborSerializable;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.procedure.ProcedureModelOutcome;
import io.parley.sessions.admission.TenantTokenBudget;
import io.parley.sessions.handoff.AgentQueue;
import io.parley.sessions.turn.Summarizer;
import io.parley.sessions.turn.ToolRound;
import io.parley.sessions.turn.Translator;
import io.parley.sessions.turn.TurnReport;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a session hears from its own children (turn runners, summarizers, the close's steps, the
 * usage reports), its timers, its host and sharding, and the answers to what it asked (a data key,
 * a bot configuration, the tenant's budget, the agent queue, a ticket). Public for the entity's rooms
 * (its sub-packages) only: no other package names it (sessions' InternalCommandsTest, http's
 * SessionProtocolTest), so the edges ({@code http}, {@code voice}, workflows) can only send the
 * public {@code SessionCommand}s.
 * Local messages all, never sent to another node, but sharding's {@link Stop}.
 */
public sealed interface InternalCommand extends SessionInput {

  record IdleCheck() implements InternalCommand {}

  /** The host's {@code SessionRest.Sleep}, behind a message adapter: sleep, if nothing is under way still. */
  record Sleep() implements InternalCommand {}

  record SubscriberGone(ActorRef<SessionUpdate> subscriber) implements InternalCommand {}

  /** The tenant's token budget answered ({@code standing}) or did not in time (empty; {@code failure} says why). */
  record TenantBudgetHeard(Optional<TenantTokenBudget.Standing> standing, String failure) implements InternalCommand {}

  /** An answered turn's usage is in the tenant's budget, which stands at {@code standing} now. */
  record UsageRecorded(TenantTokenBudget.Standing standing) implements InternalCommand {}

  // What a turn's runner and a summarizer report (TurnReport, Summarizer.Report), heard behind a
  // message adapter (see of): each kind in a record of its own, as a command is routed by its class.

  record TurnDelta(TurnReport.Delta report) implements InternalCommand {}

  record TurnAnswered(TurnReport.Answered report) implements InternalCommand {}
  record TurnStoppedUnanswered(TurnReport.StoppedUnanswered report) implements InternalCommand {}
  record RecordToolCalls(TurnReport.CallsRequested report) implements InternalCommand {}

  record RecordToolResult(TurnReport.CallCompleted report) implements InternalCommand {}

  record RecordApproval(TurnReport.ApprovalNeeded report) implements InternalCommand {}

  record TurnAwaitsApproval(TurnReport.AwaitingApproval report) implements InternalCommand {}

  /** The approval {@code approvalId} waited its whole time. */
  record ApprovalExpired(String approvalId) implements InternalCommand {}

  /** Time to tell the agent queue again which approvals wait for an agent. */
  record AgentApprovalsRefresh() implements InternalCommand {}

  record SummaryWritten(Summarizer.Report.Written report) implements InternalCommand {}

  record SummaryFailed(Summarizer.Report.Failed report) implements InternalCommand {}

  /** What a translation for the staff spent, for the tenant's budget. */
  record TranslationSpent(Translator.Spent spent) implements InternalCommand {}

  record TurnRunnerStopped(String turnId) implements InternalCommand {}

  record IdleCloseDue() implements InternalCommand {}

  /** A held turn waited long enough for what was heard of it. */
  record HoldExpired(String turnId) implements InternalCommand {}

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
   * its id and priority (its wire name), or empty when it could not be opened.
   */
  record UnstaffedTicketHeard(String reason, Instant since, Optional<String> ticketId, String priority)
      implements InternalCommand {}

  record ArchiveWritten(String key, String sha256, long bytes, String location) implements InternalCommand {}

  record MemoryWritten() implements InternalCommand {}
  /** A procedure may take its next step; with {@code toolResult}, what its tool step {@code step} of {@code runId} returned. */
  record ProcedureDue(String runId, String step, Optional<ToolRound.CompletedCall> toolResult) implements InternalCommand {}
  /** What the model gave a procedure's step ({@code procedure.ProcedureModel}) for its call {@code call}. */
  record ProcedureModelDone(long call, ProcedureModelOutcome outcome) implements InternalCommand {}
  /** The step {@code procedure.ProcedureDecisions} decided as {@code decision}: {@code next}, or none as {@code failure} says. */
  record ProcedureStepDecided(long decision, Optional<io.parley.sessions.procedure.NextStep> next, String failure) implements InternalCommand {}
  /**
   * Sharding's stop message (passivation, rebalance, shutdown), which the host passes on to its
   * incarnation; also what {@link ChatSessions#restart} sends, the one command of the session's own
   * that crosses nodes (its name is on the wire: nodes of an earlier release read it by this name).
   */
  record Stop() implements InternalCommand, CborSerializable {}
  /** The command a runner's report is heard as. */
  static InternalCommand of(TurnReport report) {
    if (report instanceof TurnReport.Delta delta) return new TurnDelta(delta);
    if (report instanceof TurnReport.Answered answered) return new TurnAnswered(answered);
    if (report instanceof TurnReport.StoppedUnanswered stopped) return new TurnStoppedUnanswered(stopped);
    if (report instanceof TurnReport.CallsRequested calls) return new RecordToolCalls(calls);
    if (report instanceof TurnReport.ApprovalNeeded needed) return new RecordApproval(needed);
    if (report instanceof TurnReport.AwaitingApproval awaiting) return new TurnAwaitsApproval(awaiting);
    return new RecordToolResult((TurnReport.CallCompleted) report);
  }

  /** The command a summarizer's report is heard as. */
  static InternalCommand of(Summarizer.Report report) {
    return report instanceof Summarizer.Report.Written written
        ? new SummaryWritten(written)
        : new SummaryFailed((Summarizer.Report.Failed) report);
  }
}
