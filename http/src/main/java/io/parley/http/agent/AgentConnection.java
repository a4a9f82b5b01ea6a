package io.parley.http.agent;

import io.parley.core.audit.AuditResult;
import io.parley.core.identity.Caller;
import io.parley.core.memory.ExtractiveSummarizer;
import io.parley.core.prompt.TokenEstimator;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.core.session.Translation;
import io.parley.http.chat.ChatNode;
import io.parley.http.edge.EdgeDrain;
import io.parley.http.edge.Refusals;
import io.parley.http.edge.SessionRequests;
import io.parley.http.rest.SessionRoutes.SessionJson;
import io.parley.sessions.Edges;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.SessionView;
import io.parley.sessions.entity.SessionCommand;
import io.parley.sessions.handoff.AgentQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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
import org.apache.pekko.pattern.StatusReply;

/**
 * One agent's console: it watches the tenant's {@link AgentQueue} (and watches again when the
 * queue's entity moves or restarts) with the approvals waiting for an agent ({@link AgentApprovals}),
 * follows the conversations the agent opens or takes, and carries the agent's actions to their
 * sessions (looked up in the agent's own tenant: another tenant's conversation is not found). A
 * frame is answered before the next is read; requests go through {@link SessionRequests}, asked
 * again while a session moves off a lost node. What an agent did is in the session's journal and in
 * the tenant's audit log (the action, the conversation, how it ended, never the words; with the
 * request id of the socket's upgrade).
 */
final class AgentConnection {
  sealed interface Command {}

  /** A text frame ({@code raw}), or a binary one (empty); {@code handled} when it was answered. */
  record Inbound(Optional<String> raw, ActorRef<Done> handled) implements Command {}

  record StreamEnded() implements Command {}

  private record QueueSeen(AgentQueue.Snapshot snapshot) implements Command {}

  private record QueueStopped() implements Command {}

  private record WatchQueue() implements Command {}

  private record FromSession(String sessionId, SessionUpdate update) implements Command {}

  /** The session answered: {@code frame} to send (if any), or the refusal; {@code view} to show and follow. */
  private record Answered(String sessionId, Optional<AgentServerFrame> frame, Optional<SessionView> view,
      Optional<Refusal> refusal, ActorRef<Done> handled) implements Command {}

  private record TookOver(SessionId id, ActorRef<Done> handled) implements Command {}

  /** The agent's {@code reply} as the customer is to read it: the model's translation (marked as one), or as written. */
  private record ReplyWorded(SessionId id, AgentFrame.Reply reply, SessionCommand.WordedReply worded) implements Command {}

    /** The queue's answer to this agent's claim on a conversation it is about to take. */
  private record ClaimHeard(String sessionId, Optional<Refusal> refusal, ActorRef<Done> handled) implements Command {}

  /** The queue pushed a conversation to this agent, claimed for it already. */
  private record AssignedHeard(AgentQueue.Assigned assigned) implements Command {}

  private record Drain(Edges.Drain drain) implements Command {}

  private record RequestSignal(SessionRequests.Signal signal) implements Command {}

  sealed interface Outbound {
    record Frame(AgentServerFrame frame) implements Outbound {}

    record Done() implements Outbound {}
  }

  private static final Duration REWATCH_PAUSE = Duration.ofMillis(200);
  /** A model's suggestion or translation may take as long as an answer's first sentences, and more. */
  private static final Duration MODEL_TIMEOUT = Duration.ofSeconds(60);
  private static final ExtractiveSummarizer BRIEFING =
      new ExtractiveSummarizer(new TokenEstimator(), ExtractiveSummarizer.DEFAULT_MAX_TOKENS);

  /** {@code maxConversations}: how many conversations the agent may hold at once, in all its consoles. */
  static Behavior<Command> create(Caller caller, ConsoleAgent agent, String requestId,
      ActorRef<Outbound> out, ChatNode node, AgentFrames frames, int maxConversations) {
    return Behaviors.withMdc(Command.class, Map.of("tenant", caller.tenant(), "agentId", agent.id()),
        Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new AgentConnection(ctx, timers, caller, agent, requestId,
            out, node, frames, maxConversations).running())));
  }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final Caller caller;
  private final String requestId;
  private final String tenant;
  private final String agentId;
  private final ConsoleAgent agent;
  private final ActorRef<Outbound> out;
  private final ChatNode node;
  private final AgentFrames frames;
  private final AgentApprovals approvals;
  private final ActorRef<AgentQueue.Snapshot> queueUpdates;
  private final ActorRef<AgentQueue.Assigned> assignments;
  // Whether the agent takes conversations the queue pushes; said again to a queue that restarted.
  private boolean autoAssign;
  private final EdgeDrain drain;
  private final SessionRequests<Command, Command> requests;
  private final Map<String, ActorRef<FollowedSession.Command>> followed = new HashMap<>();
  private final int maxConversations;
  private ActorRef<AgentQueue.Command> watchedQueue;

  private AgentConnection(ActorContext<Command> ctx, TimerScheduler<Command> timers, Caller caller, ConsoleAgent agent,
      String requestId, ActorRef<Outbound> out, ChatNode node, AgentFrames frames,
      int maxConversations) {
    this.ctx = ctx;
    this.caller = caller;
    this.requestId = requestId;
    this.maxConversations = maxConversations;
    this.timers = timers;
    this.tenant = caller.tenant();
    this.agentId = agent.id();
    this.agent = agent;
    this.out = out;
    this.node = node;
    this.frames = frames;
    this.approvals = new AgentApprovals(agentId);
    this.queueUpdates = ctx.messageAdapter(AgentQueue.Snapshot.class, QueueSeen::new);
    this.assignments = ctx.messageAdapter(AgentQueue.Assigned.class, AssignedHeard::new);
    this.requests = SessionRequests.create(new SessionRequests.Edge<>(ctx, timers, RequestSignal::new), node.askTimeout());
    node.audit().record(caller, "agent.connect", "/v1/agent/ws", AuditResult.OK, requestId, Optional.empty(),
        Optional.empty());
    send(new AgentServerFrame.Hello(tenant, agentId, agent.name()));
    node.sessions().agentQueue(tenant).tell(new AgentQueue.Watch(queueUpdates));
    this.drain = EdgeDrain.register(ctx, node.edges(), tenant, Drain::new);
  }

  private Behavior<Command> running() {
    return Behaviors.receive(Command.class)
        .onMessage(Inbound.class, this::onInbound)
        .onMessage(Answered.class, this::onAnswered)
        .onMessage(RequestSignal.class, signal -> requests.onSignal(signal.signal()).map(this::onRequestAnswered)
            .orElseGet(Behaviors::same))
        .onMessage(ClaimHeard.class, this::onClaimHeard)
        .onMessage(ReplyWorded.class, heard -> {
          postReply(heard.id(), heard.reply(), heard.worded().text(), heard.worded().translation(), ctx.getSystem().ignoreRef());
          return Behaviors.same();
        })
        .onMessage(AssignedHeard.class, heard -> {
          SessionId id = SessionId.of(tenant, heard.assigned().sessionId());
          send(new AgentServerFrame.Assigned(id.wireId()));
          takeOver(id, ctx.getSystem().ignoreRef(), "agent.assigned");
          return Behaviors.same();
        })
        .onMessage(FromSession.class, this::onSessionUpdate)
        .onMessage(QueueSeen.class, this::onQueue)
        .onMessage(QueueStopped.class, stopped -> {
          watchedQueue = null;
          timers.startSingleTimer(new WatchQueue(), REWATCH_PAUSE);
          return Behaviors.same();
        })
        .onMessage(WatchQueue.class, watch -> {
          node.sessions().agentQueue(tenant).tell(new AgentQueue.Watch(queueUpdates));
          if (autoAssign) node.sessions().agentQueue(tenant).tell(new AgentQueue.Ready(agentId, maxConversations, assignments));
          return Behaviors.same();
        })
        .onMessage(Drain.class, asked -> {
          // No session is closed: the console says why it ends (node_shutdown: reconnect; tenant_disabled: do not).
          send(new AgentServerFrame.Closed(null, asked.drain().reason()));
          out.tell(new Outbound.Done());
          drain.asked(asked.drain());
          return Behaviors.same();
        })
        .onMessage(StreamEnded.class, ended -> Behaviors.stopped())
        .onSignal(PostStop.class, stopped -> {
          node.sessions().agentQueue(tenant).tell(new AgentQueue.Unwatch(queueUpdates));
          node.sessions().agentQueue(tenant).tell(new AgentQueue.NotReady(assignments));
          drain.unregister();
          return Behaviors.same();
        })
        .build();
  }

  private Behavior<Command> onInbound(Inbound inbound) {
    AgentFrame frame;
    try {
      frame = frames.parse(inbound.raw()
          .orElseThrow(() -> Refusal.of(ErrorCode.BAD_REQUEST, "the agent socket takes JSON text frames only")));
    } catch (Refusal refused) {
      send(new AgentServerFrame.Error(refused.code(), refused.getMessage(), null));
      inbound.handled().tell(Done.getInstance());
      return Behaviors.same();
    }
    if (frame instanceof AgentFrame.Ping) {
      send(new AgentServerFrame.Pong());
      inbound.handled().tell(Done.getInstance());
      return Behaviors.same();
    }
    if (frame instanceof AgentFrame.AutoAssign assign) {
      autoAssign = assign.enabled();
      node.sessions().agentQueue(tenant).tell(autoAssign
          ? new AgentQueue.Ready(agentId, maxConversations, assignments) : new AgentQueue.NotReady(assignments));
      inbound.handled().tell(Done.getInstance());
      return Behaviors.same();
    }
    if (frame instanceof AgentFrame.TakeNext) {
      // The queue picks the oldest conversation nobody claimed, and claims it, in one step.
      claim(replyTo -> new AgentQueue.ClaimNext(agentId, agent.name(), maxConversations, replyTo), inbound.handled());
      return Behaviors.same();
    }
    String rawId = ((AgentFrame.AboutSession) frame).sessionId();
    SessionId id;
    try {
      id = SessionId.of(tenant, rawId);
    } catch (IllegalArgumentException e) {
      send(new AgentServerFrame.Error(ErrorCode.BAD_REQUEST, e.getMessage(), rawId));
      inbound.handled().tell(Done.getInstance());
      return Behaviors.same();
    }
    ActorRef<Done> handled = inbound.handled();
    if (frame instanceof AgentFrame.Open) {
      view(id, handled, Optional.of("agent.open"));
    } else if (frame instanceof AgentFrame.Take) {
      claim(replyTo -> new AgentQueue.Claim(id.wireId(), agentId, agent.name(), maxConversations, replyTo), handled);
    } else if (frame instanceof AgentFrame.Reply reply && reply.translateFrom().isPresent()) {
      // The customer gets the translation or nothing: sending the words as written is the agent's choice.
      askModel(id, SessionCommand.Translated.class, replyTo -> new SessionCommand.TranslateReply(agentId, reply.text(),
          reply.translateFrom().get(), replyTo), "agent.translate_reply", translated -> new ReplyWorded(id, reply,
          new SessionCommand.WordedReply(translated.texts().get(0).text(), Optional.of(new Translation(reply.text(),
              reply.translateFrom().get(), translated.language())))));
      handled.tell(Done.getInstance());
    } else if (frame instanceof AgentFrame.Reply reply && reply.worded()) {
      // The session tells the reply's language; a failed translation still sends the words, marked for staff.
      askModel(id, SessionCommand.WordedReply.class, replyTo -> new SessionCommand.WordReply(Optional.of(agentId),
          Optional.empty(), reply.text(), replyTo), "agent.word_reply", worded -> new ReplyWorded(id, reply, worded));
      handled.tell(Done.getInstance());
    } else if (frame instanceof AgentFrame.Reply reply) {
      postReply(id, reply, reply.text(), reply.translated(), handled);
    } else if (frame instanceof AgentFrame.PreviewReply preview) {
      askModel(id, SessionCommand.Translated.class, replyTo -> new SessionCommand.TranslateReply(agentId, preview.text(),
          preview.translateFrom(), replyTo), "agent.preview_reply", translated -> answered(id,
          new AgentServerFrame.ReplyPreview(id.wireId(), preview.text(), preview.translateFrom(), translated.language(),
              translated.texts().get(0).text()), ctx.getSystem().ignoreRef()));
      handled.tell(Done.getInstance());
    } else if (frame instanceof AgentFrame.HandBack) {
      ask(id, SessionInfo.class, replyTo -> new SessionCommand.HandBack(agentId, replyTo),
          info -> answered(id, FollowedFrames.handoff(id.wireId(), info), handled), handled, Optional.of("agent.hand_back"));
    } else if (frame instanceof AgentFrame.Close close) {
      ask(id, SessionCommand.Closing.class,
          replyTo -> new SessionCommand.Close(close.reason().orElse("closed by agent"), replyTo),
          closing -> answered(id, new AgentServerFrame.Closed(id.wireId(), closing.reason()), handled), handled,
          Optional.of("agent.close"));
    } else if (frame instanceof AgentFrame.Suggest) {
      askModel(id, SessionCommand.Suggestion.class, replyTo -> new SessionCommand.SuggestReply(agentId, replyTo),
          "agent.suggest", suggestion -> answered(id, new AgentServerFrame.Suggestion(id.wireId(), suggestion.text()),
              ctx.getSystem().ignoreRef()));
      handled.tell(Done.getInstance());
    } else if (frame instanceof AgentFrame.Translate translate) {
      askModel(id, SessionCommand.Translated.class,
          replyTo -> new SessionCommand.TranslateCustomer(agentId, translate.language(), replyTo), "agent.translate",
          translated -> answered(id, new AgentServerFrame.Translation(id.wireId(), translated.language(),
              translated.texts().stream().map(t -> new AgentServerFrame.Translated(t.seq(), t.text())).toList()),
              ctx.getSystem().ignoreRef()));
      handled.tell(Done.getInstance());
    } else if (frame instanceof AgentFrame.Approve approve) {
      // The session is the agent's tenant's (its id was made with it): an agent of another tenant finds none.
      ask(id, Done.class, approvals.decision(approve), done -> answered(id, AgentApprovals.decided(id.wireId(), approve),
          handled), handled, Optional.of("agent.approve"));
    } else if (frame instanceof AgentFrame.Composing) {
      node.sessions().entity(id).tell(new SessionCommand.Composing(Role.AGENT, Optional.of(agentId)));
      handled.tell(Done.getInstance());
    } else if (frame instanceof AgentFrame.Leave) {
      Optional.ofNullable(followed.remove(id.wireId())).ifPresent(ctx::stop);
      handled.tell(Done.getInstance());
    }
    return Behaviors.same();
  }

  private void postReply(SessionId id, AgentFrame.Reply reply, String text, Optional<Translation> translation,
      ActorRef<Done> handled) {
    ask(id, SessionCommand.Accepted.class,
        replyTo -> new SessionCommand.PostAgentMessage(agentId, reply.clientMsgId(), text, translation,
            reply.attachments(), replyTo),
        accepted -> answered(id, new AgentServerFrame.Ack(id.wireId(), reply.clientMsgId(), accepted.seq()), handled),
        handled, Optional.of("agent.reply"));
  }

  /**
   * Asks the session for what its model writes for this agent (a suggestion, a translation): it
   * takes seconds, so the console goes on meanwhile and the answer follows by itself. Asked once,
   * not through the requests: a repeat would ask the model again.
   */
  private <T> void askModel(SessionId id, Class<T> type, Function<ActorRef<StatusReply<T>>, SessionCommand> request,
      String auditAction, Function<T, Command> onSuccess) {
    ctx.askWithStatus(type, node.sessions().entity(id), MODEL_TIMEOUT, request::apply, (answer, failure) -> {
      Optional<Refusal> refusal = Optional.ofNullable(failure).map(f -> Refusals.of(f, "the model"));
      audited(auditAction, id, refusal);
      return refusal.isEmpty() ? onSuccess.apply(answer) : refused(id, refusal.get(), ctx.getSystem().ignoreRef());
    });
  }

  /**
   * Claims a conversation in the tenant's queue before taking it: the cap counts the agent's
   * conversations in the queue's sharded state, whichever console or node took them.
   */
  private void claim(Function<ActorRef<AgentQueue.Claimed>, AgentQueue.Command> request, ActorRef<Done> handled) {
    ctx.ask(AgentQueue.Claimed.class, node.sessions().agentQueue(tenant), node.askTimeout(), request::apply,
        (claimed, failure) -> failure != null
            ? new ClaimHeard("", Optional.of(Refusals.of(failure, "the agent queue")), handled)
            : new ClaimHeard(claimed.sessionId(), claimed.refusedAs().map(code -> Refusal.of(code, claimed.reason())), handled));
  }

  private Behavior<Command> onClaimHeard(ClaimHeard heard) {
    if (heard.refusal().isPresent()) {
      Refusal refusal = heard.refusal().get();
      String sessionId = heard.sessionId().isEmpty() ? null : heard.sessionId();
      if (sessionId != null) {
        record("agent.take", SessionId.of(tenant, sessionId), AuditResult.of(refusal.code()), Optional.of(refusal.getMessage()));
      }
      send(new AgentServerFrame.Error(refusal.code(), refusal.getMessage(), sessionId));
      heard.handled().tell(Done.getInstance());
    } else {
      takeOver(SessionId.of(tenant, heard.sessionId()), heard.handled(), "agent.take");
    }
    return Behaviors.same();
  }

  /** Takes the claimed conversation over; a take that does not happen gives the claim back. */
  private void takeOver(SessionId id, ActorRef<Done> handled, String auditAction) {
    EntityRef<SessionCommand> session = node.sessions().entity(id);
    requests.ask(session, session, SessionInfo.class,
        replyTo -> new SessionCommand.TakeOver(agentId, agent.name(), agent.phone(), replyTo), info -> {
          audited(auditAction, id, Optional.empty());
          return new TookOver(id, handled);
        }, refusal -> {
          audited(auditAction, id, Optional.of(refusal));
          node.sessions().agentQueue(tenant).tell(new AgentQueue.Release(id.wireId(), agentId));
          return refused(id, refusal, handled);
        });
  }

  /** Shows the whole conversation, then follows it from its last message on; recorded as {@code auditAction} if given. */
  private void view(SessionId id, ActorRef<Done> handled, Optional<String> auditAction) {
    ask(id, SessionView.class, SessionCommand.GetView::new,
        view -> new Answered(id.wireId(), Optional.empty(), Optional.of(view), Optional.empty(), handled), handled,
        auditAction);
  }

  /** Asks the session; the outcome, done or refused, is recorded as {@code auditAction} when there is one. */
  private <T> void ask(SessionId id, Class<T> type, Function<ActorRef<StatusReply<T>>, SessionCommand> request,
      Function<T, Command> onSuccess, ActorRef<Done> handled, Optional<String> auditAction) {
    EntityRef<SessionCommand> session = node.sessions().entity(id);
    requests.ask(session, session, type, request, reply -> {
      auditAction.ifPresent(action -> audited(action, id, Optional.empty()));
      return onSuccess.apply(reply);
    }, refusal -> {
      auditAction.ifPresent(action -> audited(action, id, Optional.of(refusal)));
      return refused(id, refusal, handled);
    });
  }

  private static Answered answered(SessionId id, AgentServerFrame frame, ActorRef<Done> handled) {
    return new Answered(id.wireId(), Optional.of(frame), Optional.empty(), Optional.empty(), handled);
  }

  private static Answered refused(SessionId id, Refusal refusal, ActorRef<Done> handled) {
    return new Answered(id.wireId(), Optional.empty(), Optional.empty(), Optional.of(refusal), handled);
  }

  /** What a request's answer means: a take-over shows the conversation; any other answer is sent. */
  private Behavior<Command> onRequestAnswered(Command answer) {
    if (answer instanceof TookOver took) {
      view(took.id(), took.handled(), Optional.empty());
      return Behaviors.same();
    }
    return onAnswered((Answered) answer);
  }

  private Behavior<Command> onAnswered(Answered answered) {
    answered.refusal().ifPresent(refusal ->
        send(new AgentServerFrame.Error(refusal.code(), refusal.getMessage(), answered.sessionId())));
    answered.frame().ifPresent(this::send);
    answered.view().ifPresent(view -> {
      followed.computeIfAbsent(answered.sessionId(), sessionId -> ctx.spawnAnonymous(FollowedSession.create(
          SessionId.of(tenant, sessionId), node.sessions(), view.info().lastSeq(), node.askTimeout(), ctx.getSelf(),
          update -> new FromSession(sessionId, update), frame -> new Answered(sessionId, Optional.of(frame),
              Optional.empty(), Optional.empty(), ctx.getSystem().ignoreRef()))))
          .tell(new FollowedSession.Show(new AgentServerFrame.Conversation(answered.sessionId(), SessionJson.of(view),
              briefing(view))));
    });
    answered.handled().tell(Done.getInstance());
    return Behaviors.same();
  }

  /** The rolling summary, extended over what it does not cover yet: what happened, in a few lines. */
  private static String briefing(SessionView view) {
    long covered = view.notes().summarizedThroughSeq();
    return BRIEFING.extend(view.notes().summaryText().orElse(""),
        view.messages().stream().filter(m -> m.seq() > covered).toList());
  }

  private Behavior<Command> onSessionUpdate(FromSession from) {
    FollowedFrames.of(from.sessionId(), from.update()).forEach(this::send);
    if (from.update() instanceof SessionUpdate.Ended || from.update() instanceof SessionUpdate.Refused) {
      Optional.ofNullable(followed.remove(from.sessionId())).ifPresent(ctx::stop);
    }
    return Behaviors.same();
  }

  private Behavior<Command> onQueue(QueueSeen seen) {
    AgentQueue.Snapshot snapshot = seen.snapshot();
    if (!snapshot.queue().equals(watchedQueue)) {
      watchedQueue = snapshot.queue();
      ctx.watchWith(watchedQueue, new QueueStopped());
    }
    approvals.framesOf(snapshot, Instant.now()).forEach(this::send);
    return Behaviors.same();
  }

  private void send(AgentServerFrame frame) {
    out.tell(new Outbound.Frame(frame));
  }

  /** Records what the agent did to the conversation: done, or refused and why (never the words of a reply). */
  private void audited(String action, SessionId id, Optional<Refusal> refusal) {
    record(action, id, refusal.map(r -> AuditResult.of(r.code())).orElse(AuditResult.OK), refusal.map(Refusal::getMessage));
  }

  private void record(String action, SessionId id, AuditResult result, Optional<String> reason) {
    node.audit().record(caller, action, "/v1/sessions/" + id.wireId(), result, requestId, reason, Optional.empty());
  }
}
