package io.parley.http.chat;

import io.parley.core.session.Refusal;
import io.parley.core.session.SessionId;
import io.parley.http.chat.FrameCodec.Parsed;
import io.parley.http.edge.SessionRequests;
import io.parley.sessions.Edges;
import io.parley.sessions.SessionFollower;
import io.parley.sessions.SessionUpdate;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a {@link ChatConnection} hears: its socket's stream (started, a client frame, ended or
 * failed, the outgoing source opened), and the answers and signals of what it asked: the session
 * it follows, its requests, the browser's voice, the node's drain and its own start timeout.
 */
sealed interface ConnectionCommand {
  /** The stream's acknowledgement token: "send the next client frame". */
  enum Ack { NEXT }

  record StreamStarted(ActorRef<Ack> ackTo) implements ConnectionCommand {}

  record Inbound(Parsed parsed, ActorRef<Ack> ackTo) implements ConnectionCommand {}

  record StreamEnded() implements ConnectionCommand {}

  record StreamFailed(Throwable cause) implements ConnectionCommand {}

  /** The socket's outgoing source is materialized: frames go to {@code out}. */
  record OutboundOpened(ActorRef<ClientOutbox.Outbound> out) implements ConnectionCommand {}

  record Update(SessionUpdate update) implements ConnectionCommand {}

  record FollowerSignal(SessionFollower.Signal signal) implements ConnectionCommand {}

  record RequestSignal(SessionRequests.Signal signal) implements ConnectionCommand {}

  record VoiceSignal(BrowserVoice.Signal signal) implements ConnectionCommand {}

  record Started(SessionId id, Optional<Refusal> refusal) implements ConnectionCommand {}

  record Drain(Edges.Drain drain) implements ConnectionCommand {}

  record StartDue() implements ConnectionCommand {}
}
