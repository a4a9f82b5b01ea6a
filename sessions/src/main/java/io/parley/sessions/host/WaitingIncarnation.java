package io.parley.sessions.host;

import io.parley.core.session.SessionId;
import io.parley.sessions.entity.SessionInput;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The first phase of an incarnation that needs one answer before it knows what to be (its data key;
 * whether its session is failed-safe): it asks, keeping the commands that arrive meanwhile, then
 * becomes what the answer makes of it and hands them over in order. The answer is its own message,
 * so it knows nothing of the session's commands but that they are its {@link SessionInput}.
 */
public final class WaitingIncarnation {
  private static final int WAITING_COMMANDS = 1000;

  /** The answer, or why there is none. */
  private record Answered(Object value, Throwable failure) {}

  private WaitingIncarnation() {}

  /**
   * Asks {@code ask} (which must not block: it answers off the actor threads), then becomes {@code
   * then} of its answer, or of its failure (with a null answer); {@code waitingFor} says what it waits
   * for in the warning about a command it has no room to keep.
   */
  public static <T> Behavior<SessionInput> create(SessionId id, String waitingFor, Supplier<CompletionStage<T>> ask,
      BiFunction<T, Throwable, Behavior<SessionInput>> then) {
    return Behaviors.<Object>withStash(WAITING_COMMANDS, waiting -> Behaviors.setup(context -> {
      context.pipeToSelf(ask.get(), Answered::new);
      return Behaviors.receive(Object.class)
          .onMessage(Answered.class, answered -> waiting.unstashAll(takingAll(then.apply(value(answered),
              answered.failure()))))
          .onAnyMessage(command -> {
            if (waiting.isFull()) {
              context.getLog().warn("session {} is still {}; a command is dropped", id, waitingFor);
            } else {
              waiting.stash(command);
            }
            return Behaviors.same();
          })
          .build();
    })).narrow();
  }

  @SuppressWarnings("unchecked")
  private static <T> T value(Answered answered) {
    return (T) answered.value();
  }

  /**
   * What follows, as the behavior that follows this one in the same actor: all that reaches it from
   * now on is a {@link SessionInput}, as the actor's address takes nothing else and the answer
   * was heard once.
   */
  @SuppressWarnings("unchecked")
  private static Behavior<Object> takingAll(Behavior<SessionInput> next) {
    return (Behavior<Object>) (Behavior<?>) next;
  }
}
