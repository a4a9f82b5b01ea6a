package io.parley.http.chat;

import io.parley.core.identity.Caller;
import io.parley.http.chat.ConnectionCommand.OutboundOpened;
import io.parley.http.chat.ConnectionCommand.StreamFailed;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A chat connection before its outgoing source is materialized ({@link OutboundOpened}): what the
 * socket sends before that waits in a stash, and the {@link ChatConnection} starts with it.
 */
final class ConnectionOpening {
  /**
   * Messages held back: those that come before the outgoing source is materialized (the stream's
   * start and a first frame), and, once the connection runs, a session's updates while a request
   * waits for its reply. As many as the socket's outgoing queue: a connection with more to hold
   * ends, and its client resumes from its last seq, as a client too slow to read does.
   */
  private static final int HELD_MESSAGES = 1024;

  private ConnectionOpening() {}

  static Behavior<ConnectionCommand> create(Caller caller, String requestId, Optional<String> clientAddress,
      ChatNode node) {
    return Behaviors.withMdc(ConnectionCommand.class, Map.of("tenant", caller.tenant(), "requestId", requestId),
        Behaviors.setup(ctx -> Behaviors.withTimers(timers -> Behaviors.withStash(HELD_MESSAGES, held ->
            Behaviors.receive(ConnectionCommand.class)
                .onMessage(OutboundOpened.class, opened ->
                    ChatConnection.opened(ctx, timers, held, caller, requestId, clientAddress, opened.out(), node))
                // The stream failed while it was being materialized: there is no socket to serve.
                .onMessage(StreamFailed.class, failed -> Behaviors.stopped())
                .onAnyMessage(message -> {
                  held.stash(message);
                  return Behaviors.same();
                })
                .build()))));
  }
}
