package io.parley.http.chat;

import io.parley.core.identity.Caller;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Rating;
import io.parley.core.session.Refusal;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.http.chat.FrameCodec.Parsed;
import io.parley.http.edge.EdgeDrain;
import io.parley.http.edge.Refusals;
import io.parley.http.edge.SessionRequests;
import io.parley.sessions.Edges;
import io.parley.sessions.SessionFollower;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.SessionCommand;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;

// Over 450 lines: the four phases and the moves between them read best side by side; what they use has its own classes.
/**
 * One WebSocket connection, one behavior per phase: {@link #connecting} until a {@code start}
 * frame names a session, {@link #joining} while its {@link SessionFollower} joins it,
 * {@link #joined} while the client talks to it, {@link #ended} once {@code closed} is sent.
 *
 * <p>Client frames arrive one at a time and the next is pulled only when this actor acknowledges
 * the previous one, after the session answered: a client that sends faster than its session
 * stores messages is back-pressured through TCP, never buffered without bound here. Outgoing
 * frames go to a bounded source; a client too slow to read them is disconnected and resumes from
 * its last seq, losing nothing.
 *
 * <p>A {@code user} or {@code close} frame's reply comes before any update of the session the
 * connection receives while it waits for it: {@link SessionRequests} holds those until the reply
 * (a {@code closed} reply comes after them), so an {@code ack} always comes before the answer to
 * its turn, whichever attempt of the request was answered. A voice call's own frames
 * ({@link BrowserVoice}) are not held.
 *
 * <p>When the node drains its edges, the request being handled finishes (a message being persisted
 * is acked), then {@code closed} is sent and the socket ends; the client reconnects, to another
 * node, and resumes.
 */
final class ChatConnection {
  /**
   * Messages held back: those that come before the outgoing source is materialized (the stream's
   * start and a first frame), and a session's updates while a request waits for its reply. As many
   * as the socket's outgoing queue: a connection with more to hold ends, and its client resumes
   * from its last seq, as a client too slow to read does.
   */
  private static final int HELD_MESSAGES = 1024;

  sealed interface Command {}

  /** The stream's acknowledgement token: "send the next client frame". */
  enum Ack { NEXT }

  record StreamStarted(ActorRef<Ack> ackTo) implements Command {}

  record Inbound(Parsed parsed, ActorRef<Ack> ackTo) implements Command {}

  record StreamEnded() implements Command {}

  record StreamFailed(Throwable cause) implements Command {}

  /** The socket's outgoing source is materialized: frames go to {@code out}. */
  record OutboundOpened(ActorRef<Outbound> out) implements Command {}

  private record Update(SessionUpdate update) implements Command {}

  private record FollowerSignal(SessionFollower.Signal signal) implements Command {}

  private record RequestSignal(SessionRequests.Signal signal) implements Command {}

  private record VoiceSignal(BrowserVoice.Signal signal) implements Command {}

  private record Started(SessionId id, Optional<Refusal> refusal) implements Command {}

  private record Drain(Edges.Drain drain) implements Command {}

  private record StartDue() implements Command {}

  /** What the outgoing source carries: a frame, or the end of the socket. */
  sealed interface Outbound {
    record Frame(ServerFrame frame) implements Outbound {}

    /** The bot's voice: mono PCM16 little-endian, at the voice start's rate. */
    record Audio(byte[] pcm) implements Outbound {}

    record Done() implements Outbound {}
  }

  /**
   * A connection that starts once its outgoing source is materialized ({@link OutboundOpened});
   * what the socket sends before that waits in a stash.
   */
  static Behavior<Command> create(Caller caller, String requestId, Optional<String> clientAddress, ChatNode node) {
    return Behaviors.withMdc(Command.class, Map.of("tenant", caller.tenant(), "requestId", requestId),
        Behaviors.setup(ctx -> Behaviors.withTimers(timers -> Behaviors.withStash(HELD_MESSAGES, held ->
            Behaviors.receive(Command.class)
                .onMessage(OutboundOpened.class, opened -> held.unstashAll(
                    new ChatConnection(ctx, timers, held, caller, requestId, clientAddress, opened.out(), node)
                        .connecting()))
                // The stream failed while it was being materialized: there is no socket to serve.
                .onMessage(StreamFailed.class, failed -> Behaviors.stopped())
                .onAnyMessage(message -> {
                  held.stash(message);
                  return Behaviors.same();
                })
                .build()))));
  }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final String tenant;
  private final ActorRef<Outbound> out;
  private final ChatNode node;
  private final ChatAccess access;
  private final MessageTrace trace;
  private final SessionFollower.Edge<Command> asEdge;
  // A request's reply: the frame to send, or none (a page context or a rating stored says nothing).
  private final SessionRequests<Command, Optional<ServerFrame>> requests;
  private final BrowserVoice<Command> voice;
  private final EdgeDrain drain;
  // The frame whose request is under way: the next frame is pulled when it is answered.
  private ActorRef<Ack> pendingAck;
  // `closed` was sent: the socket is ending.
  private boolean closing;
  private long lastSeqSent;
  // Follows the session joined or being joined; stopped once the connection leaves it.
  private Optional<SessionFollower<Command>> follower = Optional.empty();

  private ChatConnection(ActorContext<Command> ctx, TimerScheduler<Command> timers, StashBuffer<Command> held,
      Caller caller, String requestId, Optional<String> clientAddress, ActorRef<Outbound> out, ChatNode node) {
    this.ctx = ctx;
    this.timers = timers;
    this.tenant = caller.tenant();
    this.out = out;
    this.node = node;
    this.access = new ChatAccess(caller, requestId, clientAddress, node.audit(), node.starts());
    this.trace = new MessageTrace(node.tracing(), node.acked(), tenant, requestId);
    this.asEdge = new SessionFollower.Edge<>(ctx, timers, ctx.messageAdapter(SessionUpdate.class, Update::new),
        FollowerSignal::new);
    this.requests = SessionRequests.holding(new SessionRequests.Edge<>(ctx, timers, RequestSignal::new),
        node.askTimeout(), held);
    this.voice = new BrowserVoice<>(ctx, VoiceSignal::new, node.voice(), this::send,
        pcm -> out.tell(new Outbound.Audio(pcm)));
    timers.startSingleTimer(new StartDue(), node.startTimeout());
    node.openConnections().inc();
    // Last: a socket that opens while the node is already draining is closed straight away.
    this.drain = EdgeDrain.register(ctx, node.edges(), tenant, Drain::new);
  }

  /** No session yet: a {@code start} frame names one, or asks for a new one. */
  private Behavior<Command> connecting() {
    return common()
        .onMessage(Inbound.class, inbound -> onInbound(inbound, frame -> frame instanceof ClientFrame.Start start
            ? onStart(start, inbound.ackTo())
            : refuse(inbound.ackTo(), ServerFrame.Error.of(ErrorCode.BAD_REQUEST, "send a start frame first")
                .refusing(frame))))
        .onMessage(Started.class, this::onStarted)
        // A session this connection left may still be heard from; its follower has stopped.
        .onMessage(Update.class, update -> Behaviors.same())
        .onMessage(FollowerSignal.class, signal -> Behaviors.same())
        .onMessage(StartDue.class, due -> {
          if (pendingAck != null) return startUnderWay();
          send(ServerFrame.Error.of(ErrorCode.BAD_REQUEST,
              "no session started within " + node.startTimeout().toSeconds() + " s of connecting"));
          return end("start_timeout");
        })
        .build();
  }

  /** The session is being joined: its {@code Joined} (or refusal) completes the {@code start} frame. */
  private Behavior<Command> joining(SessionId id, boolean resumed) {
    Function<SessionUpdate, Behavior<Command>> onJoining = update -> {
      if (update instanceof SessionUpdate.Joined joined) return onJoined(id, resumed, joined);
      if (update instanceof SessionUpdate.Refused refused) {
        if (refused.code() == ErrorCode.FORBIDDEN) access.refusedJoin(id, refused.message());
        send(refusingStart(ServerFrame.Error.of(refused.code(), refused.message())));
        return releaseAck(connecting());
      }
      return Behaviors.same();
    };
    return common()
        .onMessage(Update.class, update -> followed(update.update(), onJoining))
        .onMessage(FollowerSignal.class, signal -> signalled(signal.signal(), onJoining))
        .onMessage(StartDue.class, due -> startUnderWay())
        .build();
  }

  /**
   * The start timeout came while a start is under way (asked, or joining): its own timeouts bound
   * it (a retryable unavailable), and a start_timeout now would blame the client and leave the
   * session it creates unfollowed. The timeout runs again, for a start that is then refused.
   */
  private Behavior<Command> startUnderWay() {
    timers.startSingleTimer(new StartDue(), node.startTimeout());
    return Behaviors.same();
  }

  /** Following the session: the client's messages go to it, its updates to the client. */
  private Behavior<Command> joined(SessionId id, EntityRef<SessionCommand> session) {
    return common()
        .onMessage(Inbound.class, inbound -> onInbound(inbound, frame -> {
          if (frame instanceof ClientFrame.User user) return onUser(id, session, user, inbound.ackTo());
          if (frame instanceof ClientFrame.Close close) return onClose(session, close, inbound.ackTo());
          if (frame instanceof ClientFrame.Context context) {
            return quietly(session, context, Done.class,
                replyTo -> new SessionCommand.SetPageContext(context.context(), replyTo), inbound.ackTo());
          }
          if (frame instanceof ClientFrame.Rate rate) {
            return access.refusalToRate(id)
                .map(reason -> refuse(inbound.ackTo(), ServerFrame.Error.of(ErrorCode.FORBIDDEN, reason).refusing(rate)))
                .orElseGet(() -> quietly(session, rate, Rating.class,
                    replyTo -> new SessionCommand.Rate(rate.rating().score(), rate.rating().comment(), replyTo),
                    inbound.ackTo()));
          }
          if (frame instanceof ClientFrame.Composing) {
            session.tell(new SessionCommand.Composing(Role.USER, Optional.empty()));
            return ack(inbound.ackTo());
          }
          if (BrowserVoice.carries(frame)) return voiced(frame, inbound.ackTo());
          return refuse(inbound.ackTo(), ServerFrame.Error.of(ErrorCode.BAD_REQUEST,
              "this connection already joined session " + id.wireId()).refusing(frame));
        }))
        .onMessage(VoiceSignal.class, signal -> {
          voice.onSignal(signal.signal(), id, session, lastSeqSent);
          return Behaviors.same();
        })
        .onMessage(RequestSignal.class, signal -> requests.onSignal(signal.signal())
            .map(frame -> onReplied(frame, id, session)).orElseGet(Behaviors::same))
        .onMessage(Update.class, update -> requests.awaiting() ? hold(update) : followed(update.update(), this::onUpdate))
        .onMessage(FollowerSignal.class, signal -> signalled(signal.signal(), this::onUpdate))
        .build();
  }

  /** An update the session sent, as its follower passes it on (a repeat or a stray is dropped there). */
  private Behavior<Command> followed(SessionUpdate update, Function<SessionUpdate, Behavior<Command>> handle) {
    return follower.flatMap(following -> following.onUpdate(update)).map(handle).orElse(Behaviors.same());
  }

  private Behavior<Command> signalled(SessionFollower.Signal signal, Function<SessionUpdate, Behavior<Command>> handle) {
    return follower.flatMap(following -> following.onSignal(signal)).map(handle).orElse(Behaviors.same());
  }

  /** {@code closed} was sent; the socket is ending. */
  private Behavior<Command> ended() {
    drain.ended();
    return Behaviors.receive(Command.class)
        .onMessage(Drain.class, asked -> {
          asked.drain().replyTo().tell(Done.getInstance());
          return Behaviors.same();
        })
        .onMessage(Update.class, update -> Behaviors.same())
        .onMessage(FollowerSignal.class, signal -> Behaviors.same())
        // A repeated attempt's reply, or its timeout.
        .onMessage(RequestSignal.class, signal -> Behaviors.same())
        .onMessage(StreamEnded.class, e -> Behaviors.stopped())
        .onMessage(StreamFailed.class, failed -> Behaviors.stopped())
        .onSignal(PostStop.class, signal -> onStopped())
        .build();
  }

  /** What every phase before the end handles alike. */
  private BehaviorBuilder<Command> common() {
    return Behaviors.receive(Command.class)
        .onMessage(StreamStarted.class, started -> ack(started.ackTo()))
        .onMessage(Drain.class, this::onDrain)
        .onMessage(StreamEnded.class, e -> Behaviors.stopped())
        .onMessage(StreamFailed.class, failed -> {
          ctx.getLog().debug("chat socket failed: {}", failed.cause().toString());
          return Behaviors.stopped();
        })
        .onSignal(PostStop.class, signal -> onStopped());
  }

  /** Pings, audio and malformed frames are answered in every phase; the others go to the phase's own handling. */
  private Behavior<Command> onInbound(Inbound inbound, Function<ClientFrame, Behavior<Command>> handle) {
    if (inbound.parsed() instanceof FrameCodec.Rejected rejected) {
      return refuse(inbound.ackTo(), rejected.error());
    }
    ClientFrame frame = ((FrameCodec.Valid) inbound.parsed()).frame();
    if (frame instanceof ClientFrame.Ping) {
      send(new ServerFrame.Pong());
      return ack(inbound.ackTo());
    }
    if (frame instanceof ClientFrame.Audio) return voiced(frame, inbound.ackTo());
    return handle.apply(frame);
  }

  /** A frame of the browser's voice: answered at once, with a refusal if it has one. */
  private Behavior<Command> voiced(ClientFrame frame, ActorRef<Ack> ackTo) {
    return voice.on(frame).map(refusal -> refuse(ackTo, refusal.refusing(frame))).orElseGet(() -> ack(ackTo));
  }

  private Behavior<Command> onStart(ClientFrame.Start start, ActorRef<Ack> ackTo) {
    pendingAck = ackTo;
    ChatAccess.Start decided = access.start(start);
    if (decided instanceof ChatAccess.Start.Refused refused) {
      send(refusingStart(refused.error()));
      return releaseAck(Behaviors.same());
    }
    if (decided instanceof ChatAccess.Start.Resume resume) return follow(resume.id(), resume.afterSeq(), true);
    ChatAccess.Start.Create create = (ChatAccess.Start.Create) decided;
    ctx.askWithStatus(SessionInfo.class, node.sessions().entity(create.id()), node.askTimeout(),
        replyTo -> SessionCommand.Start.ofNewId(create.owner(), start.channel(), start.draft(), start.language(), replyTo),
        (info, failure) -> new Started(create.id(),
            Optional.ofNullable(failure).map(f -> Refusals.of(f, "the session"))));
    return Behaviors.same();
  }

  private Behavior<Command> onStarted(Started started) {
    if (started.refusal().isPresent()) {
      send(refusingStart(ServerFrame.Error.of(started.refusal().get())));
      return releaseAck(Behaviors.same());
    }
    return follow(started.id(), 0, false);
  }

  /**
   * Follows the session, as {@link ChatAccess#follower}: no update of another customer's session
   * ever reaches this connection, not even one late after the client moved on to a session of its own.
   */
  private Behavior<Command> follow(SessionId id, long afterSeq, boolean resumed) {
    leaveSession();
    follower = Optional.of(SessionFollower.follow(asEdge, id, node.sessions().entity(id), afterSeq, access.follower(),
        node.askTimeout()));
    return joining(id, resumed);
  }

  private Behavior<Command> onJoined(SessionId id, boolean resumed, SessionUpdate.Joined joined) {
    // The owner is known now, and nothing of the session has been sent yet; the session checked a customer already.
    Optional<String> forbidden = access.refusalToJoin(id, joined.info().userId());
    if (forbidden.isPresent()) {
      leaveSession();
      send(refusingStart(ServerFrame.Error.of(ErrorCode.FORBIDDEN, forbidden.get())));
      return releaseAck(connecting());
    }
    timers.cancel(new StartDue());
    ctx.getLog().atInfo().addKeyValue("sessionId", id.wireId()).log("chat connection joined session");
    SessionInfo info = joined.info();
    send(new ServerFrame.Session(id.wireId(), resumed, info.lastSeq(), node.mode(), info.status().wireName(),
        node.voice().isPresent()));
    lastSeqSent = info.lastSeq();
    if (!info.handoff().botAnswers()) send(ServerFrame.HandoffFrame.of(info.handoff()));
    replay(joined);
    return releaseAck(joined(id, node.sessions().entity(id)));
  }

  private Behavior<Command> onUser(SessionId id, EntityRef<SessionCommand> session, ClientFrame.User user,
      ActorRef<Ack> ackTo) {
    pendingAck = ackTo;
    Optional<String> traceparent = trace.arrived(id);
    ask(session, user, SessionCommand.Accepted.class,
        replyTo -> new SessionCommand.PostUserMessage(user.clientMsgId(), user.text(), Optional.empty(), traceparent,
            replyTo),
        accepted -> Optional.of(new ServerFrame.Ack(user.clientMsgId(), accepted.seq(), accepted.turnId())));
    return Behaviors.same();
  }

  /** A request whose success the client is not told of (what it changed reaches the followers, if anything). */
  private <T> Behavior<Command> quietly(EntityRef<SessionCommand> session, ClientFrame frame, Class<T> type,
      Function<ActorRef<StatusReply<T>>, SessionCommand> request, ActorRef<Ack> ackTo) {
    pendingAck = ackTo;
    ask(session, frame, type, request, reply -> Optional.empty());
    return Behaviors.same();
  }

  private Behavior<Command> onClose(EntityRef<SessionCommand> session, ClientFrame.Close close, ActorRef<Ack> ackTo) {
    pendingAck = ackTo;
    ask(session, close, SessionCommand.Closing.class,
        replyTo -> new SessionCommand.Close(close.reason().orElse("closed by client"), replyTo),
        closing -> Optional.of(new ServerFrame.Closed(closing.reason())));
    return Behaviors.same();
  }

  /**
   * Asks the session, again until it answers ({@link SessionRequests}): every request of this
   * connection may be repeated, messages being idempotent on their {@code clientMsgId}, a close on
   * the session. The first attempt goes straight to the incarnation that answered the join, if it lives.
   */
  private <T> void ask(EntityRef<SessionCommand> session, ClientFrame frame, Class<T> type,
      Function<ActorRef<StatusReply<T>>, SessionCommand> request, Function<T, Optional<ServerFrame>> frameOf) {
    RecipientRef<SessionCommand> reach = follower.flatMap(SessionFollower::incarnation)
        .<RecipientRef<SessionCommand>>map(live -> live).orElse(session);
    requests.ask(reach, session, type, request, frameOf, refusal -> {
      trace.refused(refusal);
      return Optional.of(ServerFrame.Error.of(refusal).refusing(frame));
    });
  }

  private void leaveSession() {
    follower.ifPresent(SessionFollower::stop);
    follower = Optional.empty();
  }

  /** An update that comes while a request waits for its reply; it follows the reply. */
  private Behavior<Command> hold(Update update) {
    if (requests.hold(update)) return Behaviors.same();
    ctx.getLog().warn("chat connection ends: {} session updates came while a request waited for its reply",
        HELD_MESSAGES);
    return Behaviors.stopped();
  }

  /**
   * The request's reply (a refusal's error frame), then what was held while it came; a
   * {@code closed} reply comes after it, and a drain's end too.
   */
  private Behavior<Command> onReplied(Optional<ServerFrame> reply, SessionId id, EntityRef<SessionCommand> session) {
    ServerFrame frame = reply.orElse(null);
    if (frame != null && !(frame instanceof ServerFrame.Closed)) send(frame);
    trace.answered(frame instanceof ServerFrame.Ack);
    Behavior<Command> next = requests.release(joined(id, session));
    // A held update may have ended the socket already (the session ended).
    if (closing) return next;
    if (frame instanceof ServerFrame.Closed closed) return end(closed.reason());
    return releaseAck(next);
  }

  private Behavior<Command> onUpdate(SessionUpdate update) {
    if (update instanceof SessionUpdate.Ended sessionEnded) return end(sessionEnded.reason());
    if (update instanceof SessionUpdate.Refused refused) {
      // The session can no longer be followed (its journal lost what this client saw): start over.
      send(ServerFrame.Error.of(refused.code(), refused.message()));
      return end("session_lost");
    }
    if (update instanceof SessionUpdate.Joined rejoined) {
      replay(rejoined);
    } else if (update instanceof SessionUpdate.MessageAdded added) {
      sendMessage(added.message());
    } else {
      UpdateFrames.of(update).ifPresent(this::send);
    }
    return Behaviors.same();
  }

  /** The messages a (re)join brings that the client has not seen, and the turn being answered. */
  private void replay(SessionUpdate.Joined joined) {
    joined.replay().forEach(this::sendMessage);
    joined.turnInProgress().ifPresent(turnId -> send(new ServerFrame.Typing(turnId)));
  }

  private void sendMessage(ChatMessage message) {
    lastSeqSent = Math.max(lastSeqSent, message.seq());
    send(ServerFrame.Message.of(message));
  }

  private Behavior<Command> onDrain(Drain asked) {
    drain.asked(asked.drain());
    // A request under way (a message being persisted, a join) ends in releaseAck, which ends the socket.
    return pendingAck == null ? end(asked.drain().reason()) : Behaviors.same();
  }

  private Behavior<Command> end(String reason) {
    closing = true;
    leaveSession();
    send(new ServerFrame.Closed(reason));
    out.tell(new Outbound.Done());
    if (pendingAck != null) pendingAck.tell(Ack.NEXT);
    pendingAck = null;
    return ended();
  }

  private void send(ServerFrame frame) {
    out.tell(new Outbound.Frame(frame));
  }

  /** An error answering the {@code start} frame under way. */
  private static ServerFrame.Error refusingStart(ServerFrame.Error error) {
    return error.refusing("start", Optional.empty());
  }

  private Behavior<Command> refuse(ActorRef<Ack> ackTo, ServerFrame.Error refusal) {
    send(refusal);
    return ack(ackTo);
  }

  private Behavior<Command> ack(ActorRef<Ack> ackTo) {
    ackTo.tell(Ack.NEXT);
    return Behaviors.same();
  }

  /** The frame under way is answered: pull the next one, or end the socket a drain waits to end. */
  private Behavior<Command> releaseAck(Behavior<Command> next) {
    if (pendingAck != null) pendingAck.tell(Ack.NEXT);
    pendingAck = null;
    return drain.reason().map(this::end).orElse(next);
  }

  /** However the connection ends (socket closed, stream failed, a bug), it leaves no trace behind, nor its subscription. */
  private Behavior<Command> onStopped() {
    leaveSession();
    node.openConnections().dec();
    drain.unregister();
    return Behaviors.same();
  }
}
