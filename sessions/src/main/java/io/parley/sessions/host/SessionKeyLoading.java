package io.parley.sessions.host;

import io.parley.core.erasure.DataKeyStore;
import io.parley.core.erasure.KeyLookup;
import io.parley.core.session.SessionId;
import io.parley.sessions.entity.SessionCommand;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * What a session is before its recovery: it reads its data key from {@code keys}, off the actor
 * threads ({@code blocking}), keeping the commands that arrive meanwhile, then becomes the session
 * (which replays its journal with that key, or as erased) and hands them over in order. A store
 * that fails stops it: the callers time out as for any unavailable session, and the next command
 * tries again. The key's answer is its own message, so it knows nothing of the session's commands
 * but that they are {@link SessionCommand}s.
 */
public final class SessionKeyLoading {
  private static final int WAITING_COMMANDS = 1000;

  /** The store's answer; empty when it failed. */
  private record KeyHeard(Optional<KeyLookup> lookup) {}

  private SessionKeyLoading() {}

  public static Behavior<SessionCommand> create(SessionId id, DataKeyStore keys, Executor blocking,
      Function<KeyLookup, Behavior<SessionCommand>> session) {
    return Behaviors.<Object>withStash(WAITING_COMMANDS, waiting -> Behaviors.setup(context -> {
      context.pipeToSelf(CompletableFuture.supplyAsync(() -> keys.find(id), blocking), (key, failure) -> {
        if (failure != null) context.getLog().error("cannot read the data key of session {}: {}", id, failure.toString());
        return new KeyHeard(Optional.ofNullable(key));
      });
      return Behaviors.receive(Object.class)
          .onMessage(KeyHeard.class, heard -> heard.lookup().isEmpty() ? Behaviors.stopped()
              : waiting.unstashAll(takingAll(session.apply(heard.lookup().get()))))
          .onAnyMessage(command -> {
            if (waiting.isFull()) {
              context.getLog().warn("session {} is still reading its key; a command is dropped", id);
            } else {
              waiting.stash(command);
            }
            return Behaviors.same();
          })
          .build();
    })).narrow();
  }

  /**
   * The session, as the behavior that follows this one in the same actor: all that reaches it from
   * now on is a {@link SessionCommand}, as the actor's address takes nothing else and the key was
   * heard once.
   */
  @SuppressWarnings("unchecked")
  private static Behavior<Object> takingAll(Behavior<SessionCommand> session) {
    return (Behavior<Object>) (Behavior<?>) session;
  }
}
