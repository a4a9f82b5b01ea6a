package io.parley.sessions.host;

import io.parley.core.erasure.DataKeyStore;
import io.parley.core.erasure.KeyLookup;
import io.parley.core.session.SessionId;
import io.parley.sessions.entity.SessionCommand;
import io.parley.sessions.entity.SessionInput;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a session is before its recovery: it reads its data key from {@code keys}, off the actor
 * threads ({@code blocking}), keeping the commands that arrive meanwhile, then becomes the session
 * (which replays its journal with that key, or as erased) and hands them over in order
 * ({@link WaitingIncarnation}). A store that fails stops it: the callers time out as for any
 * unavailable session, and the next command tries again.
 */
public final class SessionKeyLoading {
  private static final Logger LOG = LoggerFactory.getLogger(SessionKeyLoading.class);

  private SessionKeyLoading() {}

  public static Behavior<SessionInput> create(SessionId id, DataKeyStore keys, Executor blocking,
      Function<KeyLookup, Behavior<SessionInput>> session) {
    return WaitingIncarnation.create(id, "reading its key", () -> CompletableFuture.supplyAsync(() -> keys.find(id), blocking),
        (key, failure) -> {
          if (failure == null) return session.apply(key);
          LOG.error("cannot read the data key of session {}: {}", id, failure.toString());
          return Behaviors.stopped();
        });
  }
}
