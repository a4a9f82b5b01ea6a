package io.parley.http.chat;

import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.identity.Caller;
import io.parley.core.language.LanguageTag;
import io.parley.core.language.Wording;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Rating;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.http.chat.ConnectionCommand.Ack;
import io.parley.http.chat.ConnectionCommand.Drain;
import io.parley.http.chat.ConnectionCommand.FollowerSignal;
import io.parley.http.chat.ConnectionCommand.Inbound;
import io.parley.http.chat.ConnectionCommand.RequestSignal;
import io.parley.http.chat.ConnectionCommand.StartDue;
import io.parley.http.chat.ConnectionCommand.Started;
import io.parley.http.chat.ConnectionCommand.StreamEnded;
import io.parley.http.chat.ConnectionCommand.StreamFailed;
import io.parley.http.chat.ConnectionCommand.StreamStarted;
import io.parley.http.chat.ConnectionCommand.Update;
import io.parley.http.chat.ConnectionCommand.VoiceSignal;
import io.parley.http.edge.EdgeDrain;
import io.parley.http.edge.Refusals;
import io.parley.http.edge.SessionRequests;
import io.parley.sessions.SessionFollower;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.SessionCommand;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.BehaviorBuilder;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.pattern.StatusReply;

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
 * <p>It starts once its outgoing source is materialized ({@link ConnectionOpening}).
 *
 * <p>When the node drains its edges, the request being handled finishes (a message being persisted
 * is acked), then {@code closed} is sent and the socket ends; the client reconnects, to another
 * node, and resumes.
 */
final class ChatConnection {
  /** A connection whose outgoing source is materialized: what the socket sent before waits in {@code held}. */
  static Behavior<ConnectionCommand> opened(ActorContext<ConnectionCommand> ctx, TimerScheduler<ConnectionCommand> timers,
      StashBuffer<ConnectionCommand> held, Caller caller, String requestId, Optional<String> clientAddress,
      ActorRef<ClientOutbox.Outbound> out, ChatNode node) {
    return held.unstashAll(new ChatConnection(ctx, timers, held, caller, requestId, clientAddress, out, node).connecting());
  }

  private final ActorContext<ConnectionCommand> ctx;
  private final TimerScheduler<ConnectionCommand> timers;
  private final String tenant;
  private final ClientOutbox client;
  private final ChatNode node;
  private final ChatAccess access;
  private final MessageTrace trace;
  private final FollowedSession<ConnectionCommand> following;
  // A request's reply: the frame to send, or none (a page context or a rating stored says nothing).
  private final SessionRequests<ConnectionCommand, Optional<ServerFrame>> requests;
  private final BrowserVoice<ConnectionCommand> voice;
  private final EdgeDrain drain;
  private final int heldLimit;
  // The frame whose request is under way: the next frame is pulled when it is answered.
  private ActorRef<Ack> pendingAck;
  // `closed` was sent: the socket is ending.
  private boolean closing;
  /** The session this socket started, until its customer's first message counts it as a conversation. */
  private Optional<SessionId> uncounted = Optional.empty();
  /** The language its start frame said, and then its wording: the tenant's language when the frame said none. */
  private Optional<LanguageTag> startLanguage = Optional.empty();
  private Wording uncountedWording = Wording.english();

  private ChatConnection(ActorContext<ConnectionCommand> ctx, TimerScheduler<ConnectionCommand> timers,
      StashBuffer<ConnectionCommand> held, Caller caller, String requestId, Optional<String> clientAddress,
      ActorRef<ClientOutbox.Outbound> out, ChatNode node) {
    this.ctx = ctx;
    this.timers = timers;
    this.tenant = caller.tenant();
    this.client = new ClientOutbox(out, tenant, node.pictures());
    this.node = node;
    this.access = new ChatAccess(caller, requestId, clientAddress, node.audit(), node.starts());
    this.trace = new MessageTrace(node.tracing(), node.acked(), tenant, requestId);
    this.following = new FollowedSession<>(new SessionFollower.Edge<>(ctx, timers,
        ctx.messageAdapter(SessionUpdate.class, Update::new), FollowerSignal::new));
    this.heldLimit = held.capacity();
    this.requests = SessionRequests.holding(new SessionRequests.Edge<>(ctx, timers, RequestSignal::new),
        node.askTimeout(), held);
    this.voice = new BrowserVoice<>(ctx, VoiceSignal::new, node.voice(), client::send, client::audio);
    timers.startSingleTimer(new StartDue(), node.startTimeout());
    node.openConnections().inc();
    // Last: a socket that opens while the node is already draining is closed straight away.
    this.drain = EdgeDrain.register(ctx, node.edges(), tenant, Drain::new);
  }

  /** No session yet: a {@code start} frame names one, or asks for a new one. */
  private Behavior<ConnectionCommand> connecting() {
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
          client.send(ServerFrame.Error.of(ErrorCode.BAD_REQUEST,
              "no session started within " + node.startTimeout().toSeconds() + " s of connecting"));
          return end("start_timeout");
        })
        .build();
  }

  /** The session is being joined: its {@code Joined} (or refusal) completes the {@code start} frame. */
  private Behavior<ConnectionCommand> joining(SessionId id, boolean resumed) {
    Function<SessionUpdate, Behavior<ConnectionCommand>> onJoining = update -> {
      if (update instanceof SessionUpdate.Joined joined) return onJoined(id, resumed, joined);
      if (update instanceof SessionUpdate.Refused refused) {
        if (refused.code() == ErrorCode.FORBIDDEN) access.refusedJoin(id, refused.message());
        client.send(refusingStart(ServerFrame.Error.of(refused.code(), refused.message())));
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
  private Behavior<ConnectionCommand> startUnderWay() {
    timers.startSingleTimer(new StartDue(), node.startTimeout());
    return Behaviors.same();
  }

  /** Following the session: the client's messages go to it, its updates to the client. */
  private Behavior<ConnectionCommand> joined(SessionId id, EntityRef<SessionCommand> session) {
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
          if (frame instanceof ClientFrame.Approve approve) {
            return quietly(session, approve, Done.class, approve::byCustomer, inbound.ackTo());
          }
          if (frame instanceof ClientFrame.Contact contact) {
            return quietly(session, contact, SessionCommand.ContactNoted.class,
                replyTo -> new SessionCommand.LeaveContact(contact.email(), contact.transcript(), replyTo), inbound.ackTo());
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
          voice.onSignal(signal.signal(), id, session, client.lastSeqSent());
          return Behaviors.same();
        })
        .onMessage(RequestSignal.class, signal -> requests.onSignal(signal.signal())
            .map(frame -> onReplied(frame, id, session)).orElseGet(Behaviors::same))
        .onMessage(Update.class, update -> requests.awaiting() ? hold(update) : followed(update.update(), this::onUpdate))
        .onMessage(FollowerSignal.class, signal -> signalled(signal.signal(), this::onUpdate))
        .build();
  }

  /** An update the session sent, as its follower passes it on (a repeat or a stray is dropped there). */
  private Behavior<ConnectionCommand> followed(SessionUpdate update,
      Function<SessionUpdate, Behavior<ConnectionCommand>> handle) {
    return following.onUpdate(update).map(handle).orElse(Behaviors.same());
  }

  private Behavior<ConnectionCommand> signalled(SessionFollower.Signal signal,
      Function<SessionUpdate, Behavior<ConnectionCommand>> handle) {
    return following.onSignal(signal).map(handle).orElse(Behaviors.same());
  }

  /** {@code closed} was sent; the socket is ending. */
  private Behavior<ConnectionCommand> ended() {
    return Behaviors.receive(ConnectionCommand.class)
        .onMessage(Drain.class, asked -> {
          drain.asked(asked.drain());
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
  private BehaviorBuilder<ConnectionCommand> common() {
    return Behaviors.receive(ConnectionCommand.class)
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
  private Behavior<ConnectionCommand> onInbound(Inbound inbound,
      Function<ClientFrame, Behavior<ConnectionCommand>> handle) {
    if (inbound.parsed() instanceof FrameCodec.Rejected rejected) {
      return refuse(inbound.ackTo(), rejected.error());
    }
    ClientFrame frame = ((FrameCodec.Valid) inbound.parsed()).frame();
    if (frame instanceof ClientFrame.Ping) {
      client.send(new ServerFrame.Pong());
      return ack(inbound.ackTo());
    }
    if (frame instanceof ClientFrame.Audio) return voiced(frame, inbound.ackTo());
    return handle.apply(frame);
  }

  /** A frame of the browser's voice: answered at once, with a refusal if it has one. */
  private Behavior<ConnectionCommand> voiced(ClientFrame frame, ActorRef<Ack> ackTo) {
    return voice.on(frame).map(refusal -> refuse(ackTo, refusal.refusing(frame))).orElseGet(() -> ack(ackTo));
  }

  private Behavior<ConnectionCommand> onStart(ClientFrame.Start start, ActorRef<Ack> ackTo) {
    pendingAck = ackTo;
    startLanguage = start.language();
    ChatAccess.Start decided = access.start(start);
    if (decided instanceof ChatAccess.Start.Refused refused) {
      client.send(refusingStart(refused.error()));
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

  private Behavior<ConnectionCommand> onStarted(Started started) {
    if (started.refusal().isPresent()) {
      client.send(refusingStart(ServerFrame.Error.of(started.refusal().get())));
      return releaseAck(Behaviors.same());
    }
    uncounted = Optional.of(started.id());
    return follow(started.id(), 0, false);
  }

  /**
   * Follows the session, as {@link ChatAccess#follower}: no update of another customer's session
   * ever reaches this connection, not even one late after the client moved on to a session of its own.
   */
  private Behavior<ConnectionCommand> follow(SessionId id, long afterSeq, boolean resumed) {
    following.follow(id, node.sessions().entity(id), afterSeq, access.follower(), node.askTimeout());
    return joining(id, resumed);
  }

  private Behavior<ConnectionCommand> onJoined(SessionId id, boolean resumed, SessionUpdate.Joined joined) {
    // The owner is known now, and nothing of the session has been sent yet; the session checked a customer already.
    Optional<String> forbidden = access.refusalToJoin(id, joined.info().userId());
    if (forbidden.isPresent()) {
      following.leave();
      client.send(refusingStart(ServerFrame.Error.of(ErrorCode.FORBIDDEN, forbidden.get())));
      return releaseAck(connecting());
    }
    timers.cancel(new StartDue());
    uncountedWording = Wording.of(startLanguage, joined.info().botConfig().map(PinnedBotConfig::config));
    ctx.getLog().atInfo().addKeyValue("sessionId", id.wireId()).log("chat connection joined session");
    client.joined(id, resumed, joined, node.mode(), node.voice().isPresent());
    return releaseAck(joined(id, node.sessions().entity(id)));
  }

  private Behavior<ConnectionCommand> onUser(SessionId id, EntityRef<SessionCommand> session, ClientFrame.User user,
      ActorRef<Ack> ackTo) {
    if (uncounted.equals(Optional.of(id))) {
      Optional<ServerFrame.Error> tooMany = access.conversationStarts(uncountedWording);
      if (tooMany.isPresent()) return refuse(ackTo, tooMany.get().refusing(user));
      uncounted = Optional.empty();
    }
    pendingAck = ackTo;
    Optional<String> traceparent = trace.arrived(id);
    ask(session, user, SessionCommand.Accepted.class,
        replyTo -> new SessionCommand.PostUserMessage(user.clientMsgId(), user.text(), Optional.empty(), traceparent,
            replyTo, user.attachments()),
        accepted -> Optional.of(new ServerFrame.Ack(user.clientMsgId(), accepted.seq(), accepted.turnId())));
    return Behaviors.same();
  }

  /** A request whose success the client is not told of (what it changed reaches the followers, if anything). */
  private <T> Behavior<ConnectionCommand> quietly(EntityRef<SessionCommand> session, ClientFrame frame, Class<T> type,
      Function<ActorRef<StatusReply<T>>, SessionCommand> request, ActorRef<Ack> ackTo) {
    pendingAck = ackTo;
    ask(session, frame, type, request, reply -> Optional.empty());
    return Behaviors.same();
  }

  private Behavior<ConnectionCommand> onClose(EntityRef<SessionCommand> session, ClientFrame.Close close,
      ActorRef<Ack> ackTo) {
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
    requests.ask(following.reach(session), session, type, request, frameOf, refusal -> {
      trace.refused(refusal);
      return Optional.of(ServerFrame.Error.of(refusal).refusing(frame));
    });
  }

  /** An update that comes while a request waits for its reply; it follows the reply. */
  private Behavior<ConnectionCommand> hold(Update update) {
    if (requests.hold(update)) return Behaviors.same();
    ctx.getLog().warn("chat connection ends: {} session updates came while a request waited for its reply",
        heldLimit);
    return Behaviors.stopped();
  }

  /**
   * The request's reply (a refusal's error frame), then what was held while it came; a
   * {@code closed} reply comes after it, and a drain's end too.
   */
  private Behavior<ConnectionCommand> onReplied(Optional<ServerFrame> reply, SessionId id,
      EntityRef<SessionCommand> session) {
    ServerFrame frame = reply.orElse(null);
    if (frame != null && !(frame instanceof ServerFrame.Closed)) client.send(frame);
    trace.answered(frame instanceof ServerFrame.Ack);
    Behavior<ConnectionCommand> next = requests.release(joined(id, session));
    // A held update may have ended the socket already (the session ended).
    if (closing) return next;
    if (frame instanceof ServerFrame.Closed closed) return end(closed.reason());
    return releaseAck(next);
  }

  private Behavior<ConnectionCommand> onUpdate(SessionUpdate update) {
    if (update instanceof SessionUpdate.Ended sessionEnded) return end(sessionEnded.reason());
    if (update instanceof SessionUpdate.Refused refused) {
      // The session can no longer be followed (its journal lost what this client saw): start over.
      client.send(ServerFrame.Error.of(refused.code(), refused.message()));
      return end("session_lost");
    }
    client.forward(update);
    return Behaviors.same();
  }

  private Behavior<ConnectionCommand> onDrain(Drain asked) {
    drain.asked(asked.drain());
    // A request under way (a message being persisted, a join) ends in releaseAck, which ends the socket.
    return pendingAck == null ? end(asked.drain().reason()) : Behaviors.same();
  }

  private Behavior<ConnectionCommand> end(String reason) {
    closing = true;
    following.leave();
    client.send(new ServerFrame.Closed(reason));
    client.done();
    if (pendingAck != null) pendingAck.tell(Ack.NEXT);
    pendingAck = null;
    return ended();
  }

  /** An error answering the {@code start} frame under way. */
  private static ServerFrame.Error refusingStart(ServerFrame.Error error) {
    return error.refusing("start", Optional.empty());
  }

  private Behavior<ConnectionCommand> refuse(ActorRef<Ack> ackTo, ServerFrame.Error refusal) {
    client.send(refusal);
    return ack(ackTo);
  }

  private Behavior<ConnectionCommand> ack(ActorRef<Ack> ackTo) {
    ackTo.tell(Ack.NEXT);
    return Behaviors.same();
  }

  /** The frame under way is answered: pull the next one, or end the socket a drain waits to end. */
  private Behavior<ConnectionCommand> releaseAck(Behavior<ConnectionCommand> next) {
    if (pendingAck != null) pendingAck.tell(Ack.NEXT);
    pendingAck = null;
    return drain.reason().map(this::end).orElse(next);
  }

  /** However the connection ends (socket closed, stream failed, a bug), it leaves no trace behind, nor its subscription. */
  private Behavior<ConnectionCommand> onStopped() {
    following.leave();
    node.openConnections().dec();
    drain.unregister();
    return Behaviors.same();
  }
}
