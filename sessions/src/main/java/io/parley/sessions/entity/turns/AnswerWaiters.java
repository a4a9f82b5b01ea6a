package io.parley.sessions.entity.turns;

import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.sessions.entity.SessionCommand.Answer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/** Who waits for which turn's answer ({@code AwaitAnswer}), in memory only: a restart refuses nobody, it forgets. */
public final class AnswerWaiters {
  private final Map<String, List<ActorRef<StatusReply<Answer>>>> byTurn = new HashMap<>();

  public void await(String turnId, ActorRef<StatusReply<Answer>> replyTo) {
    byTurn.computeIfAbsent(turnId, t -> new ArrayList<>()).add(replyTo);
  }

  public void answered(String turnId, ChatMessage answer) {
    Optional.ofNullable(byTurn.remove(turnId))
        .ifPresent(waiters -> waiters.forEach(w -> w.tell(StatusReply.success(new Answer(answer)))));
  }

  /** The turn ended with no answer (the customer spoke over it before hearing any). */
  void unanswered(String turnId) {
    Optional.ofNullable(byTurn.remove(turnId)).ifPresent(waiters -> waiters.forEach(w -> w.tell(
        StatusReply.error(Refusal.of(ErrorCode.NOT_FOUND, "the customer interrupted turn " + turnId + " before its answer")))));
  }

  /** No turn will answer now (the session closed, a person was asked for): every waiter hears {@code reason}. */
  public void refuseAll(String reason) {
    byTurn.values().forEach(waiters ->
        waiters.forEach(w -> w.tell(StatusReply.error(Refusal.of(ErrorCode.NOT_FOUND, reason)))));
    byTurn.clear();
  }

  public boolean isEmpty() {
    return byTurn.isEmpty();
  }
}
