package io.parley.http.chat;

import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.SessionId;
import io.parley.http.chat.FrameCodec.Parsed;
import io.parley.sessions.ChatSession;
import io.parley.sessions.Outcome;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

/**
 * One WebSocket connection. Client frames arrive one at a time and the next is pulled only when
 * this actor acknowledges the previous one, after the session answered: a client that sends
 * faster than its session stores messages is back-pressured through TCP, never buffered without
 * bound here. Outgoing frames go to a bounded source; a client too slow to read them is
 * disconnected and resumes from its last seq, losing nothing.
 *
 * <p>When the node shuts down, {@link Shutdown} lets the request being handled finish (a message
 * being persisted is acked), then sends {@code closed} and ends the socket; the client reconnects,
 * to another node, and resumes.
 */
final class ChatConnection {
  sealed interface Command {}

  /** The stream's acknowledgement token: "send the next client frame". */
  enum Ack { NEXT }

  record StreamStarted(ActorRef<Ack> ackTo) implements Command {}

  record Inbound(Parsed parsed, ActorRef<Ack> ackTo) implements Command {}

  record StreamEnded() implements Command {}

  record StreamFailed(Throwable cause) implements Command {}

  private record Update(SessionUpdate update) implements Command {}

  /** A session's answer, already translated: the frame to send (none for a start), or the error. */
  private record Replied(boolean ok, Optional<ServerFrame> frame) implements Command {}

  private record SessionLost(ActorRef<ChatSession.Command> incarnation) implements Command {}

  private record Resubscribe() implements Command {}

  /** A subscription was not answered within the ask timeout (the session's shard unreachable). */
  private record JoinTimedOut() implements Command {}

  /** The node is going away: finish the request in flight, send closed, end; replies once ended. */
  record Shutdown(String reason, ActorRef<Done> replyTo) implements Command {}

  /** What the outgoing source carries: a frame, or the end of the socket. */
  sealed interface Outbound {
    record Frame(ServerFrame frame) implements Outbound {}

    record Done() implements Outbound {}
  }

  static Behavior<Command> create(String tenant, String requestId, ActorRef<Outbound> out, ChatNode node) {
    return Behaviors.withMdc(Command.class, Map.of("tenant", tenant, "requestId", requestId),
        Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new ChatConnection(ctx, timers, tenant, out, node).idle())));
  }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final String tenant;
  private final ActorRef<Outbound> out;
  private final ChatNode node;
  private final ActorRef<SessionUpdate> updates;

  // Mutable, single-threaded connection state.
  private SessionId sessionId;
  private EntityRef<ChatSession.Command> session;
  private ActorRef<ChatSession.Command> watched;
  private boolean resumed;
  private boolean joined;
  private long lastSeq;
  private ActorRef<Ack> pendingAck;
  private boolean ended;
  private String shutdownReason;
  private final List<ActorRef<Done>> shutdownWaiters = new ArrayList<>();

  private ChatConnection(
      ActorContext<Command> ctx, TimerScheduler<Command> timers, String tenant, ActorRef<Outbound> out, ChatNode node) {
    this.ctx = ctx;
    this.timers = timers;
    this.tenant = tenant;
    this.out = out;
    this.node = node;
    this.updates = ctx.messageAdapter(SessionUpdate.class, Update::new);
    node.openConnections().inc();
    // A socket that opens while the node is already closing them all is closed straight away.
    node.connections().opened(ctx.getSelf()).ifPresent(reason ->
        ctx.getSelf().tell(new Shutdown(reason, ctx.getSystem().ignoreRef())));
  }

  private Behavior<Command> idle() {
    return Behaviors.receive(Command.class)
        .onMessage(StreamStarted.class, started -> ack(started.ackTo()))
        .onMessage(Inbound.class, this::onInbound)
        .onMessage(Update.class, update -> onUpdate(update.update()))
        .onMessage(Replied.class, this::onReplied)
        .onMessage(SessionLost.class, this::onSessionLost)
        .onMessage(Resubscribe.class, r -> subscribe())
        .onMessage(JoinTimedOut.class, this::onJoinTimedOut)
        .onMessage(Shutdown.class, this::onShutdown)
        .onMessage(StreamEnded.class, e -> stop())
        .onMessage(StreamFailed.class, failed -> {
          ctx.getLog().debug("chat socket failed: {}", failed.cause().toString());
          return stop();
        })
        .onSignal(PostStop.class, signal -> onStopped())
        .build();
  }

  private Behavior<Command> onInbound(Inbound inbound) {
    // Closing: nothing new is started. The frame stays unacknowledged, so no more are read.
    if (shutdownReason != null || ended) return Behaviors.same();
    if (inbound.parsed() instanceof FrameCodec.Rejected rejected) {
      send(ServerFrame.Error.of(rejected.code(), rejected.message()));
      return ack(inbound.ackTo());
    }
    ClientFrame frame = ((FrameCodec.Valid) inbound.parsed()).frame();
    if (frame instanceof ClientFrame.Ping) {
      send(new ServerFrame.Pong());
      return ack(inbound.ackTo());
    }
    if (frame instanceof ClientFrame.Start start) return onStart(start, inbound.ackTo());
    if (session == null || !joined) {
      send(ServerFrame.Error.of(ErrorCode.BAD_REQUEST, "send a start frame first"));
      return ack(inbound.ackTo());
    }
    if (frame instanceof ClientFrame.User user) {
      pendingAck = inbound.ackTo();
      this.<Outcome.Accepted>ask(
          replyTo -> new ChatSession.PostUserMessage(user.clientMsgId(), user.text(), replyTo),
          accepted -> Optional.of(new ServerFrame.Ack(user.clientMsgId(), accepted.seq(), accepted.turnId())));
      return Behaviors.same();
    }
    ClientFrame.Close close = (ClientFrame.Close) frame;
    pendingAck = inbound.ackTo();
    this.<Outcome.Closing>ask(replyTo -> new ChatSession.Close(close.reason().orElse("closed by client"), replyTo),
        closing -> Optional.of(new ServerFrame.Closed(closing.reason())));
    return Behaviors.same();
  }

  private Behavior<Command> onStart(ClientFrame.Start start, ActorRef<Ack> ackTo) {
    if (session != null) {
      send(ServerFrame.Error.of(ErrorCode.BAD_REQUEST, "this connection already joined session " + sessionId.wireId()));
      return ack(ackTo);
    }
    pendingAck = ackTo;
    resumed = start.sessionId().isPresent();
    lastSeq = start.resumeAfter().orElse(0);
    if (resumed) {
      try {
        sessionId = SessionId.of(tenant, start.sessionId().get());
      } catch (IllegalArgumentException e) {
        send(ServerFrame.Error.of(ErrorCode.BAD_REQUEST, e.getMessage()));
        return releaseAck();
      }
      session = node.sessions().entity(sessionId);
      return subscribe();
    }
    sessionId = SessionId.random(tenant);
    session = node.sessions().entity(sessionId);
    this.<SessionInfo>ask(replyTo -> new ChatSession.Start(start.userId(), replyTo), started -> Optional.empty());
    return Behaviors.same();
  }

  private Behavior<Command> subscribe() {
    timers.startSingleTimer(new JoinTimedOut(), node.askTimeout());
    session.tell(new ChatSession.Subscribe(lastSeq, updates));
    return Behaviors.same();
  }

  /** A first join that gets no answer is refused to the client; a lost session is tried again. */
  private Behavior<Command> onJoinTimedOut(JoinTimedOut timeout) {
    if (joined) {
      ctx.getLog().warn("session {} did not answer a re-subscription; trying again", sessionId);
      return subscribe();
    }
    send(ServerFrame.Error.of(ErrorCode.UNAVAILABLE, "the session did not answer in time; retry"));
    session = null;
    sessionId = null;
    return releaseAck();
  }

  private <T extends Outcome.Value> void ask(
      Function<ActorRef<Outcome<T>>, ChatSession.Command> request, Function<T, Optional<ServerFrame>> onOk) {
    @SuppressWarnings({"unchecked", "rawtypes"})
    Class<Outcome<T>> type = (Class) Outcome.class;
    ctx.ask(type, session, node.askTimeout(), request::apply, (outcome, failure) -> {
      if (failure != null) {
        ctx.getLog().warn("session {} did not answer in time: {}", sessionId, failure.toString());
        return new Replied(false, Optional.of(
            ServerFrame.Error.of(ErrorCode.UNAVAILABLE, "the session did not answer in time; retry")));
      }
      if (outcome instanceof Outcome.Refused<T> refused) {
        return new Replied(false, Optional.of(
            new ServerFrame.Error(refused.code(), refused.message(), refused.retryAfterMs().orElse(null))));
      }
      return new Replied(true, onOk.apply(((Outcome.Ok<T>) outcome).value()));
    });
  }

  private Behavior<Command> onReplied(Replied replied) {
    if (!replied.ok()) {
      replied.frame().ifPresent(this::send);
      if (!joined) session = null;
      return releaseAck();
    }
    if (replied.frame().isEmpty()) return subscribe();
    ServerFrame frame = replied.frame().get();
    if (frame instanceof ServerFrame.Closed closed) return end(closed.reason());
    send(frame);
    return releaseAck();
  }

  private Behavior<Command> onUpdate(SessionUpdate update) {
    if (isStale(update)) return Behaviors.same();
    if (update instanceof SessionUpdate.Joined || update instanceof SessionUpdate.Refused) {
      timers.cancel(new JoinTimedOut());
    }
    if (update instanceof SessionUpdate.Joined j) {
      if (!j.session().equals(watched)) {
        if (watched != null) ctx.unwatch(watched);
        watched = j.session();
        ctx.watchWith(watched, new SessionLost(watched));
      }
      if (!joined) {
        joined = true;
        ctx.getLog().atInfo().addKeyValue("sessionId", sessionId.wireId()).log("chat connection joined session");
        send(new ServerFrame.Session(sessionId.wireId(), resumed, j.info().lastSeq(), node.mode(), j.info().status().wireName()));
        releaseAck();
      }
      j.replay().forEach(this::sendMessage);
      j.turnInProgress().ifPresent(turnId -> send(new ServerFrame.Typing(turnId)));
    } else if (update instanceof SessionUpdate.Refused refused) {
      send(ServerFrame.Error.of(refused.code(), refused.message()));
      session = null;
      sessionId = null;
      return releaseAck();
    } else if (update instanceof SessionUpdate.MessageAdded added) {
      sendMessage(added.message());
    } else if (update instanceof SessionUpdate.Delta delta) {
      send(new ServerFrame.Delta(delta.turnId(), delta.text()));
    } else if (update instanceof SessionUpdate.ToolActivity tool) {
      send(new ServerFrame.Tool(tool.turnId(), tool.name(), tool.status(), tool.detail().orElse(null)));
    } else if (update instanceof SessionUpdate.Typing typing) {
      send(new ServerFrame.Typing(typing.turnId()));
    } else if (update instanceof SessionUpdate.Ended ended) {
      return end(ended.reason());
    }
    return Behaviors.same();
  }

  /**
   * An answer to a subscription this connection gave up on: its join timed out while the
   * session's shard was moving to another node, and the subscription was delivered later. It must
   * not join this connection now, perhaps after the client asked for another session.
   */
  private boolean isStale(SessionUpdate update) {
    if (update instanceof SessionUpdate.Joined j) {
      boolean current = sessionId != null && j.info().sessionId().equals(sessionId.wireId());
      if (!current) j.session().tell(new ChatSession.Unsubscribe(updates));
      return !current;
    }
    if (update instanceof SessionUpdate.Refused) return session == null || joined;
    // A session sends Joined before anything else, so an update before it is from a stale subscription.
    return !joined;
  }

  private void sendMessage(ChatMessage message) {
    if (message.seq() <= lastSeq) return; // already delivered on this connection
    lastSeq = message.seq();
    send(ServerFrame.Message.of(message));
  }

  /** The entity stopped (moved to another node, or its node died): join its next incarnation. */
  private Behavior<Command> onSessionLost(SessionLost lost) {
    if (!lost.incarnation().equals(watched) || ended) return Behaviors.same();
    watched = null;
    timers.startSingleTimer(new Resubscribe(), Duration.ofMillis(200));
    return Behaviors.same();
  }

  private Behavior<Command> onShutdown(Shutdown shutdown) {
    shutdownWaiters.add(shutdown.replyTo());
    if (ended) return replyShutdownDone();
    shutdownReason = shutdown.reason();
    // A request in flight (a message being persisted, a join) ends in releaseAck, which closes.
    return pendingAck == null ? end(shutdownReason) : Behaviors.same();
  }

  private Behavior<Command> end(String reason) {
    if (!ended) {
      send(new ServerFrame.Closed(reason));
      out.tell(new Outbound.Done());
      ended = true;
    }
    releaseAck();
    return replyShutdownDone();
  }

  private Behavior<Command> replyShutdownDone() {
    shutdownWaiters.forEach(waiter -> waiter.tell(Done.getInstance()));
    shutdownWaiters.clear();
    return Behaviors.same();
  }

  private void send(ServerFrame frame) {
    if (!ended) out.tell(new Outbound.Frame(frame));
  }

  private Behavior<Command> ack(ActorRef<Ack> ackTo) {
    ackTo.tell(Ack.NEXT);
    return Behaviors.same();
  }

  private Behavior<Command> releaseAck() {
    if (pendingAck != null) {
      pendingAck.tell(Ack.NEXT);
      pendingAck = null;
    }
    // The request that a shutdown waited for is answered: now the socket can close.
    if (shutdownReason != null && !ended) return end(shutdownReason);
    return Behaviors.same();
  }

  private Behavior<Command> stop() {
    return Behaviors.stopped();
  }

  /** However the connection ends (socket closed, stream failed, a bug), it leaves no trace behind. */
  private Behavior<Command> onStopped() {
    if (session != null) session.tell(new ChatSession.Unsubscribe(updates));
    node.openConnections().dec();
    node.connections().closed(ctx.getSelf());
    return replyShutdownDone();
  }
}
