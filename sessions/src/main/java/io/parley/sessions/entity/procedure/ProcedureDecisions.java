package io.parley.sessions.entity.procedure;

import io.parley.core.compute.LogicBudget;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.SessionId;
import io.parley.sessions.entity.InternalCommand.ProcedureStepDecided;
import io.parley.sessions.entity.SessionInput;
import io.parley.sessions.procedure.NextStep;
import io.parley.sessions.procedure.ProcedureNote;
import io.parley.sessions.procedure.TenantLogic;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * Decides a session's procedure steps off its thread, one at a time: what the tenant wrote (a
 * check, a text's placeholders, an asked value's schema) runs on {@link TenantLogic}'s pool within
 * its budget, and the step comes back to the session as a {@link ProcedureStepDecided}, so the
 * session's thread never waits for it nor runs it. In memory only: the session persists what the
 * step did, and a replay reads that, never deciding again; a step left undecided by a restart is
 * decided again, as nothing of it was recorded.
 */
public final class ProcedureDecisions {
  private static final String STOPPING = "the node is stopping";

  /**
   * The step of {@code runId} being decided, which must still be where its run is ({@code asked} asks
   * so far), on the customer's message it read ({@code answer}'s seq, or none), which must still be
   * the one waiting: a customer who answers an ask while the step after the ask is decided would
   * otherwise be left with the step's "wait", the answer never read.
   */
  record Deciding(long id, String runId, String label, int asked, OptionalLong answer) {
    boolean isAt(ProcedureNote note, Optional<ChatMessage> waiting) {
      return note.runId().equals(runId) && note.label().equals(label) && note.run().asked() == asked
          && answer.equals(seqOf(waiting));
    }
  }

  private final ActorContext<SessionInput> context;
  private final TenantLogic logic;
  private Optional<Deciding> running = Optional.empty();
  private long decisions;

  public ProcedureDecisions(ActorContext<SessionInput> context, TenantLogic logic) {
    this.context = context;
    this.logic = logic;
  }

  LogicBudget budget() {
    return logic.budget();
  }

  boolean isRunning() {
    return running.isPresent();
  }

  /**
   * Has {@code decision}, for the step {@code note}'s run is at with the customer's message
   * {@code waiting} (if any), made on the pool; its step is due back.
   */
  void decide(SessionId id, ProcedureNote note, Optional<ChatMessage> waiting, Supplier<NextStep> decision) {
    Deciding deciding = new Deciding(++decisions, note.runId(), note.label(), note.run().asked(), seqOf(waiting));
    running = Optional.of(deciding);
    context.pipeToSelf(logic.pool().submit(id.tenant(), decision), (next, failure) -> next != null
        ? new ProcedureStepDecided(deciding.id(), Optional.of(next), "")
        : new ProcedureStepDecided(deciding.id(), Optional.empty(), why(failure)));
  }

  /** The step {@code decided} answers, if it is the one being decided; none is, after it. */
  Optional<Deciding> done(ProcedureStepDecided decided) {
    Optional<Deciding> answered = running.filter(deciding -> deciding.id() == decided.decision());
    answered.ifPresent(deciding -> running = Optional.empty());
    return answered;
  }

  /** Whether a decision failed only because the node is stopping: then it is decided again after the restart. */
  static boolean stopping(ProcedureStepDecided decided) {
    return decided.next().isEmpty() && decided.failure().equals(STOPPING);
  }

  private static OptionalLong seqOf(Optional<ChatMessage> message) {
    return message.map(m -> OptionalLong.of(m.seq())).orElse(OptionalLong.empty());
  }

  private static String why(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof RejectedExecutionException) return STOPPING;
    return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }
}
