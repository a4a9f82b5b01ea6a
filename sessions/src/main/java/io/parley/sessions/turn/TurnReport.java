package io.parley.sessions.turn;

import io.parley.core.citation.Citation;
import io.parley.core.gaps.GapReason;
import io.parley.core.llm.TokenUsage;
import io.parley.core.memory.SeqRange;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.ReplyOption;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a turn's runner ({@link TurnRunner}) tells its session, which hears it behind a message
 * adapter: the runner knows nothing of the session's own commands. A delta goes from the model
 * client's thread straight into the session's mailbox; the adapter adds no hop.
 */
public sealed interface TurnReport {
  String turnId();

  /** A piece of the answer; {@code waitedNanos}, how long the turn had waited on its model and tools by then. */
  record Delta(String turnId, String text, long waitedNanos) implements TurnReport {}

  /**
   * The answer, and the range its prompt left outside the window that is worth summarising now;
   * {@code traceparent} is the turn's span, which its storing continues; {@code savedTokens}, what
   * a cached answer had cost the model (0 for the others); {@code unanswered}, why the answer
   * leaves the customer's question unanswered (the knowledge base found nothing, the offline
   * responder could only say it cannot answer), when it does; {@code options}, the replies the
   * model offered with it to tap ({@code suggest_replies}), none for most; {@code citations}, the
   * help articles it was built on and cites (checked: {@link io.parley.core.citation.CitationCheck}).
   */
  record Answered(String turnId, String text, AnswerSource source, Optional<TokenUsage> usage,
      Optional<SeqRange> summarize, Optional<String> traceparent, int savedTokens, Optional<GapReason> unanswered,
      List<ReplyOption> options, List<Citation> citations)
      implements TurnReport {
    public Answered {
      options = List.copyOf(options);
      citations = List.copyOf(citations);
    }

    public Answered(String turnId, String text, AnswerSource source, Optional<TokenUsage> usage,
        Optional<SeqRange> summarize, Optional<String> traceparent, int savedTokens, Optional<GapReason> unanswered) {
      this(turnId, text, source, usage, summarize, traceparent, savedTokens, unanswered, List.of(), List.of());
    }
  }

  /**
   * Stopped before it answered (the customer spoke over it): the tokens its model calls used, as
   * reported for finished calls and estimated for the one cut short, for the budgets.
   */
  record StoppedUnanswered(String turnId, TokenUsage usage) implements TurnReport {}

  /** Tool calls the model asked for, to record before they run; replied to once durable. */
  record CallsRequested(String turnId, List<ToolRound.RequestedCall> calls, ActorRef<Done> replyTo)
      implements TurnReport {}

  /**
   * A tool call's outcome to record; replied to once durable. {@code failedForGood}: the tool ran
   * and failed after its attempts (not a call the model got wrong, refused before running).
   */
  record CallCompleted(String turnId, ToolRound.CompletedCall result, boolean failedForGood, ActorRef<Done> replyTo)
      implements TurnReport {}

  /**
   * A call that needs an approval (docs/tools.md#approvals) waits for one: the approval to record
   * and ask for; replied to once durable.
   */
  record ApprovalNeeded(String turnId, ToolRound.Approval approval, ActorRef<Done> replyTo)
      implements TurnReport {}

  /**
   * Every call of the turn's last round that could run has finished and the others wait for their
   * approvals: the runner stops, and the turn goes on when the approvals are decided.
   */
  record AwaitingApproval(String turnId) implements TurnReport {}
}
