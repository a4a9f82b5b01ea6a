package io.parley.http.chat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.parley.core.audit.AuditResult;
import io.parley.core.identity.AccessPolicy;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.core.identity.Decision;
import io.parley.core.session.Channel;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.core.limits.SessionStartLimits;
import io.parley.core.trace.Tracing;
import io.parley.core.voice.Pcm16;
import io.parley.http.chat.FrameCodec.Parsed;
import io.parley.http.edge.Refusals;
import io.parley.sessions.Edges;
import io.parley.sessions.SessionCommand;
import io.parley.sessions.SessionFollower;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionUpdate;
import io.parley.voice.VoiceCall;
import io.parley.voice.VoiceCalls;
import io.parley.voice.VoiceOutput;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
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
import org.apache.pekko.util.Timeout;
import scala.reflect.ClassTag$;
import scala.util.Try;

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
 * connection receives while it waits for it: those wait in {@link #held} and follow the reply (a
 * {@code closed} reply comes after them), so an {@code ack} always comes before the answer to its
 * turn, whichever attempt of the request was answered. A voice call's own frames (speaking,
 * transcripts, audio) are not held: audio that waited for a slow ack would stall the answer being
 * played.
 *
 * <p>When the node drains its edges, the request being handled finishes (a message being persisted
 * is acked), then {@code closed} is sent and the socket ends; the client reconnects, to another
 * node, and resumes.
 */
final class ChatConnection {
  /** How long one attempt of a request to the session may go unanswered before it is sent again. */
  private static final Duration ATTEMPT = Duration.ofMillis(500);
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

  /** Request {@code request} has had no reply for an attempt's time: send it again if it still has none. */
  private record AskAgain(long request) implements Command {}

  /** The session's answer to request {@code request}: the frame it means, or the refusal to send. */
  private record Replied(long request, Optional<ServerFrame> frame, Optional<Refusal> refusal) implements Command {}

  private record Started(SessionId id, Optional<Refusal> refusal) implements Command {}

  private record Drain(Edges.Drain drain) implements Command {}

  private record VoiceOut(VoiceOutput output) implements Command {}

  private record StartDue() implements Command {}

  /** The node's voice engines are loaded (or could not be), for a voice start at {@code sampleRate}. */
  private record VoiceReady(int sampleRate, Optional<Throwable> failure) implements Command {}

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
  private final StashBuffer<Command> held;
  private final Caller caller;
  private final String requestId;
  private final Optional<String> clientAddress;
  private final String tenant;
  private final ActorRef<Outbound> out;
  private final ChatNode node;
  private final SessionFollower.Edge<Command> asEdge;
  private final ActorRef<Edges.Drain> drains;
  // The frame whose request is under way: the next frame is pulled when it is answered.
  private ActorRef<Ack> pendingAck;
  // Numbers the requests to the session: a reply to an earlier one (a repeated attempt's) is stale.
  private long requests;
  // Sends request number `requests` again, through sharding, if its deadline allows; null once it has
  // its reply. While it waits for one, the session's updates are held.
  private Runnable askAgain;
  // `closed` was sent: the socket is ending.
  private boolean closing;
  // Set by a drain that waits for the request under way; the socket ends once it is answered.
  private String drainReason;
  private final List<ActorRef<Done>> drainWaiters = new ArrayList<>();
  private final ActorRef<VoiceOutput> voiceOut;
  private Optional<ActorRef<VoiceCall.Command>> voiceCall = Optional.empty();
  // Audio without a call is refused once, not once per 20 ms frame.
  private boolean audioRefused;
  private long lastSeqSent;
  // The span of the user message under way (docs/tracing.md): it ends with the ack or the refusal.
  private Span messageSpan = Span.getInvalid();
  // When the user frame being asked about reached this connection (System.nanoTime()), for parley_chat_ack_seconds.
  private long messageArrivedAt;
  // Follows the session joined or being joined; stopped once the connection leaves it.
  private Optional<SessionFollower<Command>> follower = Optional.empty();

  private ChatConnection(ActorContext<Command> ctx, TimerScheduler<Command> timers, StashBuffer<Command> held,
      Caller caller, String requestId, Optional<String> clientAddress, ActorRef<Outbound> out, ChatNode node) {
    this.ctx = ctx;
    this.timers = timers;
    this.held = held;
    this.caller = caller;
    this.requestId = requestId;
    this.clientAddress = clientAddress;
    this.tenant = caller.tenant();
    this.out = out;
    this.node = node;
    this.asEdge = new SessionFollower.Edge<>(ctx, timers, ctx.messageAdapter(SessionUpdate.class, Update::new),
        FollowerSignal::new);
    this.drains = ctx.messageAdapter(Edges.Drain.class, Drain::new);
    this.voiceOut = ctx.messageAdapter(VoiceOutput.class, VoiceOut::new);
    timers.startSingleTimer(new StartDue(), node.startTimeout());
    node.openConnections().inc();
    // A socket that opens while the node is already draining is closed straight away.
    node.edges().opened(drains).ifPresent(reason -> drains.tell(new Edges.Drain(reason, ctx.getSystem().ignoreRef())));
  }

  /** No session yet: a {@code start} frame names one, or asks for a new one. */
  private Behavior<Command> connecting() {
    return common()
        .onMessage(Inbound.class, inbound -> onInbound(inbound, frame -> frame instanceof ClientFrame.Start start
            ? onStart(start, inbound.ackTo())
            : refuse(inbound.ackTo(), ErrorCode.BAD_REQUEST, "send a start frame first")))
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
        if (refused.code() == ErrorCode.FORBIDDEN) refusedJoin(id, new Decision.Forbidden(refused.message()));
        send(ServerFrame.Error.of(refused.code(), refused.message()));
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
          if (frame instanceof ClientFrame.Composing) {
            session.tell(new SessionCommand.Composing(Role.USER, Optional.empty()));
            return ack(inbound.ackTo());
          }
          if (frame instanceof ClientFrame.VoiceStart voice) return onVoiceStart(id, session, voice, inbound.ackTo());
          if (frame instanceof ClientFrame.VoiceStop) return onVoiceStop(inbound.ackTo());
          if (frame instanceof ClientFrame.Played played) {
            voiceCall.ifPresent(call -> call.tell(new VoiceCall.Played(played.turnId(), played.millis(), played.stopped())));
            return ack(inbound.ackTo());
          }
          return refuse(inbound.ackTo(), ErrorCode.BAD_REQUEST, "this connection already joined session " + id.wireId());
        }))
        .onMessage(VoiceOut.class, out -> onVoiceOut(out.output()))
        .onMessage(VoiceReady.class, ready -> onVoiceReady(id, session, ready))
        .onMessage(Replied.class, replied -> onReplied(replied, id, session))
        .onMessage(AskAgain.class, again -> {
          if (again.request() == requests && awaitingReply()) askAgain.run();
          return Behaviors.same();
        })
        .onMessage(Update.class, update -> awaitingReply() ? hold(update) : followed(update.update(), this::onUpdate))
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
    replyDrained();
    return Behaviors.receive(Command.class)
        .onMessage(Drain.class, drain -> {
          drain.drain().replyTo().tell(Done.getInstance());
          return Behaviors.same();
        })
        .onMessage(Update.class, update -> Behaviors.same())
        .onMessage(FollowerSignal.class, signal -> Behaviors.same())
        // A repeated attempt's reply, or its timeout.
        .onMessage(Replied.class, replied -> Behaviors.same())
        .onMessage(AskAgain.class, again -> Behaviors.same())
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

  /** Pings and malformed frames are answered in every phase; a valid frame goes to the phase's own handling. */
  private Behavior<Command> onInbound(Inbound inbound, Function<ClientFrame, Behavior<Command>> handle) {
    if (inbound.parsed() instanceof FrameCodec.Rejected rejected) {
      return refuse(inbound.ackTo(), rejected.code(), rejected.message());
    }
    ClientFrame frame = ((FrameCodec.Valid) inbound.parsed()).frame();
    if (frame instanceof ClientFrame.Ping) {
      send(new ServerFrame.Pong());
      return ack(inbound.ackTo());
    }
    if (frame instanceof ClientFrame.Audio audio) return onAudio(audio, inbound.ackTo());
    return handle.apply(frame);
  }

  private Behavior<Command> onStart(ClientFrame.Start start, ActorRef<Ack> ackTo) {
    pendingAck = ackTo;
    if (start.sessionId().isPresent()) {
      SessionId id;
      try {
        id = SessionId.of(tenant, start.sessionId().get());
      } catch (IllegalArgumentException e) {
        send(ServerFrame.Error.of(ErrorCode.BAD_REQUEST, e.getMessage()));
        return releaseAck(Behaviors.same());
      }
      return follow(id, start.resumeAfter().orElse(0), true);
    }
    if (AccessPolicy.mayStart(caller, start.userId()) instanceof Decision.Forbidden forbidden) {
      refused("session.start", "/v1/sessions", forbidden);
      send(ServerFrame.Error.of(ErrorCode.FORBIDDEN, forbidden.reason()));
      return releaseAck(Behaviors.same());
    }
    if (start.draft() && AccessPolicy.decide(caller, Action.CONFIGURE_BOT) instanceof Decision.Forbidden forbidden) {
      refused("session.start", "/v1/sessions", forbidden);
      send(ServerFrame.Error.of(ErrorCode.FORBIDDEN,
          "only those who configure the bot may start a session on its draft: " + forbidden.reason()));
      return releaseAck(Behaviors.same());
    }
    Optional<SessionStartLimits.Refused> tooMany = node.starts().start(tenant, clientAddress, Instant.now());
    if (tooMany.isPresent()) {
      send(ServerFrame.Error.of(tooMany.get().refusal()));
      return releaseAck(Behaviors.same());
    }
    SessionId id = SessionId.random(tenant);
    Optional<String> owner = AccessPolicy.ownerOfNewSession(caller, start.userId());
    ctx.askWithStatus(SessionInfo.class, node.sessions().entity(id), node.askTimeout(),
        replyTo -> SessionCommand.Start.ofNewId(owner, start.channel(), start.draft(), replyTo),
        (info, failure) -> new Started(id, Optional.ofNullable(failure).map(f -> Refusals.of(f, "the session"))));
    return Behaviors.same();
  }

  private Behavior<Command> onStarted(Started started) {
    if (started.refusal().isPresent()) {
      send(ServerFrame.Error.of(started.refusal().get()));
      return releaseAck(Behaviors.same());
    }
    return follow(started.id(), 0, false);
  }

  /**
   * Follows the session. A customer follows as itself, so that the session refuses one that is not
   * its own before it sends anything: no update of another customer's session ever reaches this
   * connection, not even one late after the client moved on to a session of its own.
   */
  private Behavior<Command> follow(SessionId id, long afterSeq, boolean resumed) {
    leaveSession();
    Optional<SessionCommand.Customer> asCustomer =
        caller.isStaff() ? Optional.empty() : Optional.of(new SessionCommand.Customer(caller.userId()));
    follower = Optional.of(SessionFollower.follow(asEdge, id, node.sessions().entity(id), afterSeq, asCustomer,
        node.askTimeout()));
    return joining(id, resumed);
  }

  private Behavior<Command> onJoined(SessionId id, boolean resumed, SessionUpdate.Joined joined) {
    // The owner is known now, and nothing of the session has been sent yet; the session checked a customer already.
    if (AccessPolicy.mayUseSession(caller, joined.info().userId()) instanceof Decision.Forbidden forbidden) {
      refusedJoin(id, forbidden);
      leaveSession();
      send(ServerFrame.Error.of(ErrorCode.FORBIDDEN, forbidden.reason()));
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
    messageArrivedAt = System.nanoTime();
    // Each message is a trace of its own: the turn it starts continues it, on whatever node.
    messageSpan = node.tracing().start("chat.user_message", SpanKind.SERVER, Optional.empty())
        .setAttribute("parley.tenant", tenant)
        .setAttribute("parley.session_id", id.wireId())
        .setAttribute("parley.request_id", requestId);
    Optional<String> traceparent = Tracing.traceparent(messageSpan);
    ask(session, SessionCommand.Accepted.class,
        replyTo -> new SessionCommand.PostUserMessage(user.clientMsgId(), user.text(), Optional.empty(), traceparent,
            replyTo),
        accepted -> new ServerFrame.Ack(user.clientMsgId(), accepted.seq(), accepted.turnId()));
    return Behaviors.same();
  }

  private Behavior<Command> onClose(EntityRef<SessionCommand> session, ClientFrame.Close close, ActorRef<Ack> ackTo) {
    pendingAck = ackTo;
    ask(session, SessionCommand.Closing.class,
        replyTo -> new SessionCommand.Close(close.reason().orElse("closed by client"), replyTo),
        closing -> new ServerFrame.Closed(closing.reason()));
    return Behaviors.same();
  }

  /** Voice on the joined session: a {@link VoiceCall} child hears the audio that follows and speaks the answers. */
  private Behavior<Command> onVoiceStart(SessionId id, EntityRef<SessionCommand> session, ClientFrame.VoiceStart start,
      ActorRef<Ack> ackTo) {
    if (node.voice().isEmpty()) {
      return refuse(ackTo, ErrorCode.UNAVAILABLE, "this node has no voice engines; go on typing");
    }
    if (!VoiceCalls.SAMPLE_RATES.contains(start.sampleRate())) {
      return refuse(ackTo, ErrorCode.BAD_REQUEST,
          "sampleRate must be one of " + VoiceCalls.SAMPLE_RATES + ", got " + start.sampleRate());
    }
    ctx.pipeToSelf(node.voice().get().ready(),
        (ready, failure) -> new VoiceReady(start.sampleRate(), Optional.ofNullable(failure)));
    return ack(ackTo);
  }

  private Behavior<Command> onVoiceReady(SessionId id, EntityRef<SessionCommand> session, VoiceReady ready) {
    if (ready.failure().isPresent()) {
      send(ServerFrame.Error.of(ErrorCode.UNAVAILABLE, "voice is not working on this node; go on typing"));
      return Behaviors.same();
    }
    voiceCall.ifPresent(ctx::stop);
    String callId = VoiceCalls.newCallId();
    voiceCall = Optional.of(ctx.spawn(node.voice().get().call(callId, id, Channel.VOICE.wireName(), session, lastSeqSent,
        ready.sampleRate(), voiceOut), "voice-" + callId));
    audioRefused = false;
    send(new ServerFrame.Voice("started", ready.sampleRate(), null));
    return Behaviors.same();
  }

  private Behavior<Command> onVoiceStop(ActorRef<Ack> ackTo) {
    voiceCall.ifPresentOrElse(call -> call.tell(new VoiceCall.Hangup("stopped by client")),
        () -> send(new ServerFrame.Voice("stopped", null, "not started")));
    return ack(ackTo);
  }

  private Behavior<Command> onAudio(ClientFrame.Audio audio, ActorRef<Ack> ackTo) {
    if (voiceCall.isPresent()) {
      voiceCall.get().tell(new VoiceCall.CallerAudio(audio.samples()));
      return ack(ackTo);
    }
    if (audioRefused) return ack(ackTo);
    audioRefused = true;
    return refuse(ackTo, ErrorCode.BAD_REQUEST, "binary frames are audio: send a voice start frame first");
  }

  private Behavior<Command> onVoiceOut(VoiceOutput output) {
    if (output instanceof VoiceOutput.Audio audio) {
      out.tell(new Outbound.Audio(Pcm16.toLittleEndian(audio.samples())));
    } else if (output instanceof VoiceOutput.Heard heard) {
      send(new ServerFrame.TranscriptFrame(heard.text(), heard.isFinal(), heard.confidence()));
    } else if (output instanceof VoiceOutput.SpeakingStarted started) {
      send(new ServerFrame.Speaking("start", started.turnId(), null));
    } else if (output instanceof VoiceOutput.SpeakingStopped stopped) {
      send(new ServerFrame.Speaking("stop", stopped.turnId(), stopped.reason()));
    } else if (output instanceof VoiceOutput.Problem problem) {
      send(ServerFrame.Error.of(problem.code(), problem.message()));
    } else if (output instanceof VoiceOutput.Ended ended) {
      voiceCall = Optional.empty();
      send(new ServerFrame.Voice("stopped", null, ended.reason()));
    }
    return Behaviors.same();
  }

  /**
   * Asks the session; its reply or refusal comes back as {@link Replied}. Through the Scala API of
   * the context, whose reply is mapped in this actor: the Java API turns the reply into a
   * {@code CompletionStage} that runs its stages on the JDK's common pool, which on two cores
   * starts a new thread per message.
   *
   * <p>A request without a reply after {@link #ATTEMPT} is sent again, and again, until
   * {@code askTimeout}: while a crashed node's session moves, a request sent to its old home is
   * lost, and asking again finds the new one a moment after the move rather than after the whole
   * timeout. Every attempt waits for its reply until that deadline, and the first reply of any
   * answers the request: a session slow to take the first one (it was replaying) answers it first,
   * before it publishes what follows, whereas a repeat queued behind it is answered later. Every
   * request of this connection may be repeated: messages are idempotent on their
   * {@code clientMsgId}, a close on the session.
   *
   * <p>The first attempt goes straight to the incarnation that answered the join, if it lives; an
   * attempt sent again goes through sharding, which finds the session wherever it is now.
   */
  private <T> void ask(EntityRef<SessionCommand> session, Class<T> type,
      Function<ActorRef<StatusReply<T>>, SessionCommand> request, Function<T, ServerFrame> frameOf) {
    long number = ++requests;
    long deadline = System.nanoTime() + node.askTimeout().toNanos();
    askAgain = () -> attempt(number, session, type, request, frameOf, deadline);
    attempt(number, reach(session), type, request, frameOf, deadline);
  }

  private <T> void attempt(long number, RecipientRef<SessionCommand> target, Class<T> type,
      Function<ActorRef<StatusReply<T>>, SessionCommand> request, Function<T, ServerFrame> frameOf, long deadline) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      ctx.getSelf().tell(new Replied(number, Optional.empty(),
          Optional.of(Refusals.of(new TimeoutException("no attempt answered"), "the session"))));
      return;
    }
    ctx.asScala().askWithStatus(target, request::apply, (Try<T> reply) -> {
      if (reply.isSuccess()) return new Replied(number, Optional.of(frameOf.apply(reply.get())), Optional.empty());
      Throwable failure = reply.failed().get();
      // An incarnation that stopped before its watch told this connection fails the ask at once: ask sharding.
      if (failure instanceof TimeoutException && System.nanoTime() < deadline) return new AskAgain(number);
      return new Replied(number, Optional.empty(), Optional.of(Refusals.of(failure, "the session")));
    }, Timeout.create(Duration.ofNanos(left)), ClassTag$.MODULE$.apply(type));
    if (left > ATTEMPT.toNanos()) timers.startSingleTimer(AskAgain.class, new AskAgain(number), ATTEMPT);
  }

  /**
   * Where a request to the session goes: the incarnation that answered the last join while it lives
   * (two hops fewer than through the shard region and the shard, on every message's way to its
   * ack), else sharding (a rebalance, a node's loss).
   */
  private RecipientRef<SessionCommand> reach(EntityRef<SessionCommand> session) {
    return follower.flatMap(SessionFollower::incarnation).<RecipientRef<SessionCommand>>map(live -> live)
        .orElse(session);
  }

  private void leaveSession() {
    follower.ifPresent(SessionFollower::stop);
    follower = Optional.empty();
  }

  private boolean awaitingReply() {
    return askAgain != null;
  }

  /** An update that comes while a request waits for its reply; it follows the reply. */
  private Behavior<Command> hold(Update update) {
    if (held.isFull()) {
      ctx.getLog().warn("chat connection ends: {} session updates came while a request waited for its reply",
          HELD_MESSAGES);
      return Behaviors.stopped();
    }
    held.stash(update);
    return Behaviors.same();
  }

  /**
   * The request's reply (a repeat of one already answered is dropped), then what was held while it
   * came; a {@code closed} reply comes after it, and a drain's end too.
   */
  private Behavior<Command> onReplied(Replied replied, SessionId id, EntityRef<SessionCommand> session) {
    if (replied.request() != requests || !awaitingReply()) return Behaviors.same();
    askAgain = null;
    timers.cancel(AskAgain.class);
    replied.refusal().ifPresent(refusal -> {
      messageSpan.setStatus(StatusCode.ERROR, refusal.code().wireName());
      send(ServerFrame.Error.of(refusal));
    });
    messageSpan.end();
    messageSpan = Span.getInvalid();
    ServerFrame frame = replied.frame().orElse(null);
    if (frame != null && !(frame instanceof ServerFrame.Closed)) send(frame);
    if (frame instanceof ServerFrame.Ack) node.acked().observe((System.nanoTime() - messageArrivedAt) / 1e9);
    Behavior<Command> next = held.isEmpty() ? Behaviors.same() : held.unstashAll(joined(id, session));
    // A held update may have ended the socket already (the session ended).
    if (closing) return next;
    if (frame instanceof ServerFrame.Closed closed) return end(closed.reason());
    return releaseAck(next);
  }

  private Behavior<Command> onUpdate(SessionUpdate update) {
    if (update instanceof SessionUpdate.Joined rejoined) {
      replay(rejoined);
    } else if (update instanceof SessionUpdate.MessageAdded added) {
      sendMessage(added.message());
    } else if (update instanceof SessionUpdate.AnswerCut cut) {
      send(new ServerFrame.Interrupted(cut.turnId(), cut.seq(), cut.keptText()));
    } else if (update instanceof SessionUpdate.Delta delta) {
      send(new ServerFrame.Delta(delta.turnId(), delta.text()));
    } else if (update instanceof SessionUpdate.ToolActivity tool) {
      send(new ServerFrame.Tool(tool.turnId(), tool.name(), tool.status(), tool.detail().orElse(null)));
    } else if (update instanceof SessionUpdate.Composing composing && composing.role() == Role.AGENT) {
      send(new ServerFrame.Composing(Role.AGENT, composing.author().orElse(null)));
    } else if (update instanceof SessionUpdate.HandoffChanged changed) {
      send(ServerFrame.HandoffFrame.of(changed.handoff()));
    } else if (update instanceof SessionUpdate.QueuePlace place) {
      send(new ServerFrame.QueueFrame(place.position(), place.expectedMinutes()));
    } else if (update instanceof SessionUpdate.Typing typing) {
      send(new ServerFrame.Typing(typing.turnId()));
    } else if (update instanceof SessionUpdate.Ended sessionEnded) {
      return end(sessionEnded.reason());
    } else if (update instanceof SessionUpdate.Refused refused) {
      // The session can no longer be followed (its journal lost what this client saw): start over.
      send(ServerFrame.Error.of(refused.code(), refused.message()));
      return end("session_lost");
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

  private Behavior<Command> onDrain(Drain drain) {
    drainWaiters.add(drain.drain().replyTo());
    drainReason = drain.drain().reason();
    // A request under way (a message being persisted, a join) ends in releaseAck, which ends the socket.
    return pendingAck == null ? end(drainReason) : Behaviors.same();
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

  private void replyDrained() {
    drainWaiters.forEach(waiter -> waiter.tell(Done.getInstance()));
    drainWaiters.clear();
  }

  private void send(ServerFrame frame) {
    out.tell(new Outbound.Frame(frame));
  }

  /** A frame refused for the caller's rights is recorded in the audit log, with the socket's request id. */
  private void refused(String action, String resource, Decision.Forbidden forbidden) {
    node.audit().record(caller, action, resource, AuditResult.FORBIDDEN, requestId, Optional.of(forbidden.reason()));
  }

  /** A join refused for the caller's rights, by the session itself or here. */
  private void refusedJoin(SessionId id, Decision.Forbidden forbidden) {
    refused("session.join", "/v1/sessions/" + id.wireId(), forbidden);
  }

  private Behavior<Command> refuse(ActorRef<Ack> ackTo, ErrorCode code, String message) {
    send(ServerFrame.Error.of(code, message));
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
    return drainReason != null ? end(drainReason) : next;
  }

  /** However the connection ends (socket closed, stream failed, a bug), it leaves no trace behind, nor its subscription. */
  private Behavior<Command> onStopped() {
    leaveSession();
    node.openConnections().dec();
    node.edges().closed(drains);
    replyDrained();
    return Behaviors.same();
  }
}
