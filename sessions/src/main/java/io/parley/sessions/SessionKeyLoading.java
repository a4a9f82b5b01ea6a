package io.parley.sessions;

import io.parley.core.erasure.KeyLookup;
import io.parley.core.session.SessionId;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * What a session is before its recovery: it reads its data key from the store, off the actor
 * threads, keeping the commands that arrive meanwhile, then becomes the session (which replays its
 * journal with that key, or as erased) and hands them over in order. A store that fails stops it:
 * the callers time out as for any unavailable session, and the next command tries again.
 */
final class SessionKeyLoading {
  private static final int WAITING_COMMANDS = 1000;

  private SessionKeyLoading() {}

  static Behavior<SessionCommand> create(SessionId id, SessionSeal.Keys keys,
      Function<KeyLookup, Behavior<SessionCommand>> session) {
    return Behaviors.withStash(WAITING_COMMANDS, waiting -> Behaviors.setup(context -> {
      context.pipeToSelf(CompletableFuture.supplyAsync(() -> keys.store().find(id), keys.blocking()), (key, failure) -> {
        if (failure != null) context.getLog().error("cannot read the data key of session {}: {}", id, failure.toString());
        return new InternalCommand.DataKeyHeard(Optional.ofNullable(key));
      });
      return Behaviors.receive(SessionCommand.class)
          .onMessage(InternalCommand.DataKeyHeard.class, heard -> heard.lookup().isEmpty() ? Behaviors.stopped()
              : waiting.unstashAll(session.apply(heard.lookup().get())))
          .onAnyMessage(command -> {
            if (waiting.isFull()) {
              context.getLog().warn("session {} is still reading its key; a command is dropped", id);
            } else {
              waiting.stash(command);
            }
            return Behaviors.same();
          })
          .build();
    }));
  }
}
