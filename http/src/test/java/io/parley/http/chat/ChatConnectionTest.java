package io.parley.http.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.core.identity.Caller;
import io.parley.core.limits.SessionStartLimits;
import io.parley.core.session.Channel;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.core.testing.ClassResource;
import io.parley.core.trace.Tracing;
import io.parley.http.auth.Audit;
import io.parley.http.chat.ClientOutbox.Outbound;
import io.parley.http.testing.AuditedInMemory;
import io.parley.sessions.Edges;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionStatus;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.ChatSession;
import io.parley.sessions.entity.ChatSessions;
import io.parley.sessions.entity.SessionCommand;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A chat connection against a session the test plays, registered with sharding in its place: the
 * order of the frames a client gets when the session answers a message late or out of step.
 */
class ChatConnectionTest {
  private static final Config CLUSTER = ConfigFactory.parseString("""
      pekko.actor.provider = cluster
      pekko.remote.artery.canonical.hostname = 127.0.0.1
      pekko.remote.artery.canonical.port = 0
      pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
      # The played session keeps nothing: no journal for sharding's memory of its entities either.
      pekko.cluster.sharding.remember-entities = off
      pekko.cluster.sharding.distributed-data.durable.keys = []
      """).withFallback(ConfigFactory.load());
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit =
      ClassResource.of(() -> ActorTestKit.create(CLUSTER), ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final String TENANT = "acme";
  /** What the played session does with each message it is asked to post, by the session's id. */
  private static final Map<String, BiFunction<ActorContext<SessionCommand>, Posted, Behavior<SessionCommand>>> scripts =
      new ConcurrentHashMap<>();
  /** Joins the played session refuses, late, by the session's id; the others it answers at once. */
  private static final Map<String, SessionUpdate.Refused> refusedJoins = new ConcurrentHashMap<>();
  private static final Duration LATE_JOIN = Duration.ofMillis(1500);
  private static ChatNode node;
  private final Map<ActorRef<Outbound>, ActorRef<ConnectionCommand>> connections = new HashMap<>();

  /** A post the played session received: its command, the subscriber to publish to, how many posts came before. */
  record Posted(SessionCommand.PostUserMessage post, ActorRef<SessionUpdate> subscriber, int earlier) {}

  @BeforeAll
  static void joinAndRegisterThePlayedSession() {
    ActorTestKit testKit = kit.get();
    Cluster cluster = Cluster.get(testKit.system());
    cluster.manager().tell(Join.create(cluster.selfMember().address()));
    ClusterSharding sharding = ClusterSharding.get(testKit.system());
    // The stand-in hears only what the edges send, SessionCommands, where a session also hears its own.
    sharding.init(Entity.of(ChatSession.ENTITY_KEY, ctx -> played(SessionId.fromEntityId(ctx.getEntityId())).unsafeCast()));
    node = node(Duration.ofSeconds(3), Duration.ofSeconds(10));
    // Sharding answers before any test's timing counts.
    TestProbe<SessionUpdate> warmUp = testKit.createTestProbe();
    sharding.entityRefFor(ChatSession.ENTITY_KEY, SessionId.random(TENANT).entityId())
        .tell(new SessionCommand.Subscribe(0, warmUp.getRef(), Optional.empty()));
    warmUp.expectMessageClass(SessionUpdate.Joined.class, Duration.ofSeconds(30));
  }

  private static ChatNode node(Duration askTimeout, Duration startTimeout) {
    return new ChatNode(ChatSessions.reaching(ClusterSharding.get(kit.get().system())), "offline", askTimeout,
        startTimeout,
        Gauge.builder().name("test_connections").help("-").build(),
        Histogram.builder().classicOnly().name("test_acked").help("-").build(), new Edges(),
        Optional.empty(), Tracing.off(), SessionStartLimits.none(), new Audit(new AuditedInMemory(), Clock.systemUTC()),
        new AgentPictures() {
          // No agent holds these sessions: a picture asked for fails the test.
          @Override
          public Optional<Optional<String>> known(String tenant, String agentId) {
            throw new AssertionError("no agent answers here");
          }

          @Override
          public CompletionStage<Void> load(String tenant, String agentId) {
            throw new AssertionError("no agent answers here");
          }
        });
  }

  /**
   * A session that answers a join with its one subscriber and leaves each post to the test's
   * script for its id.
   */
  private static Behavior<SessionCommand> played(SessionId id) {
    return Behaviors.setup(ctx -> {
      AtomicInteger posts = new AtomicInteger();
      ActorRef<SessionUpdate>[] subscriber = new ActorRef[1];
      return Behaviors.receive(SessionCommand.class)
          .onMessage(SessionCommand.Subscribe.class, subscribe -> {
            SessionUpdate.Refused refusal = refusedJoins.get(id.wireId());
            if (refusal != null) {
              ctx.scheduleOnce(LATE_JOIN, subscribe.subscriber(), refusal);
              return Behaviors.same();
            }
            subscriber[0] = subscribe.subscriber();
            SessionInfo info = new SessionInfo(id.wireId(), TENANT, Optional.empty(), Channel.CHAT, SessionStatus.OPEN,
                0, Instant.now(), null, null, 0, null);
            subscribe.subscriber().tell(new SessionUpdate.Joined(ctx.getSelf(), info, List.of(), Optional.empty()));
            return Behaviors.same();
          })
          .onMessage(SessionCommand.PostUserMessage.class, post ->
              scripts.get(id.wireId()).apply(ctx, new Posted(post, subscriber[0], posts.getAndIncrement())))
          // A close is published as the session's last words, before its reply.
          .onMessage(SessionCommand.Close.class, close -> {
            subscriber[0].tell(new SessionUpdate.MessageAdded(
                new ChatMessage(1, Role.ASSISTANT, "Goodbye.", "turn-1", Instant.now())));
            close.replyTo().tell(StatusReply.success(new SessionCommand.Closing(close.reason())));
            return Behaviors.same();
          })
          .onAnyMessage(other -> Behaviors.same())
          .build();
    });
  }

  @Test
  void anAckComesBeforeTheAnswerEvenWhenTheSessionPublishedTheAnswerFirst() {
    SessionId id = SessionId.random(TENANT);
    // As when a repeated attempt reaches the session after the turn it started was answered.
    scripts.put(id.wireId(), (ctx, posted) -> {
      posted.subscriber().tell(new SessionUpdate.MessageAdded(
          new ChatMessage(1, Role.USER, posted.post().text(), "turn-1", Instant.now())));
      posted.subscriber().tell(new SessionUpdate.MessageAdded(
          new ChatMessage(2, Role.ASSISTANT, "Here is how.", "turn-1", Instant.now())));
      posted.post().replyTo().tell(StatusReply.success(new SessionCommand.Accepted(1, "turn-1", true)));
      return Behaviors.same();
    });
    TestProbe<Outbound> client = joined(id, node);

    send(client, new ClientFrame.User("c-1", "How do I reset my password?"));

    ServerFrame.Ack ack = frame(client, ServerFrame.Ack.class);
    assertEquals(new ServerFrame.Ack("c-1", 1, "turn-1"), ack);
    assertEquals(1, frame(client, ServerFrame.Message.class).seq());
    assertEquals("Here is how.", frame(client, ServerFrame.Message.class).text());
  }

  @Test
  void theFirstAttemptsLateReplyAcksTheMessageAndTheRepeatsTimeoutsAreNotAnswers() {
    SessionId id = SessionId.random(TENANT);
    AtomicReference<ActorRef<StatusReply<SessionCommand.Accepted>>> firstAttempt = new AtomicReference<>();
    // The session answers the first attempt only once the repeat came (it was replaying), and never a repeat.
    scripts.put(id.wireId(), (ctx, posted) -> {
      if (posted.earlier() == 0) firstAttempt.set(posted.post().replyTo());
      if (posted.earlier() == 1) firstAttempt.get().tell(StatusReply.success(new SessionCommand.Accepted(1, "turn-1", false)));
      return Behaviors.same();
    });
    Duration askTimeout = Duration.ofMillis(1500);
    TestProbe<Outbound> client = joined(id, node(askTimeout, Duration.ofSeconds(10)));

    send(client, new ClientFrame.User("c-1", "Where is my order?"));

    assertEquals(new ServerFrame.Ack("c-1", 1, "turn-1"), frame(client, ServerFrame.Ack.class));
    client.expectNoMessage(askTimeout.plusMillis(300));
  }

  @Test
  void whatTheSessionSaidBeforeItClosedComesBeforeClosed() {
    SessionId id = SessionId.random(TENANT);
    TestProbe<Outbound> client = joined(id, node);

    send(client, new ClientFrame.Close(Optional.of("solved")));

    assertEquals("Goodbye.", frame(client, ServerFrame.Message.class).text());
    assertEquals("solved", frame(client, ServerFrame.Closed.class).reason());
    client.expectMessageClass(Outbound.Done.class, WAIT);
  }

  @Test
  void aConnectionWithMoreUpdatesToHoldThanItsClientMayHaveQueuedEnds() {
    SessionId id = SessionId.random(TENANT);
    // A previous answer streams on while the session, stuck, does not answer the new message.
    scripts.put(id.wireId(), (ctx, posted) -> {
      if (posted.earlier() == 0) {
        for (int i = 0; i < 1025; i++) posted.subscriber().tell(new SessionUpdate.Delta("turn-0", "word ", 0));
      }
      return Behaviors.same();
    });
    TestProbe<Outbound> client = joined(id, node);
    ActorRef<ConnectionCommand> connection = connections.get(client.getRef());
    TestProbe<ConnectionCommand.Ack> next = testKit.createTestProbe();

    connection.tell(new ConnectionCommand.Inbound(
        new FrameCodec.Valid(new ClientFrame.User("c-1", "Hello?")), next.getRef()));

    // The socket's stage watches its connection and ends the socket when it stops.
    client.expectTerminated(connection, WAIT);
    client.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void aJoinRefusedAfterTheStartTimeoutIsReportedAndTheSocketThenTimesOut() {
    SessionId id = SessionId.random(TENANT);
    refusedJoins.put(id.wireId(), new SessionUpdate.Refused(ErrorCode.NOT_FOUND, "no such session"));
    TestProbe<Outbound> client = connected(node(Duration.ofSeconds(3), Duration.ofSeconds(1)));

    // The start timeout passes while the join is under way; the join's own answer decides.
    send(client, resume(id));

    assertEquals(ErrorCode.NOT_FOUND, frame(client, ServerFrame.Error.class).code());
    assertEquals(ErrorCode.BAD_REQUEST, frame(client, ServerFrame.Error.class).code());
    assertEquals("start_timeout", frame(client, ServerFrame.Closed.class).reason());
    client.expectMessageClass(Outbound.Done.class, WAIT);
  }

  /** A connection whose client started (resumed) session {@code id} and got its {@code session} frame. */
  private TestProbe<Outbound> joined(SessionId id, ChatNode on) {
    TestProbe<Outbound> client = connected(on);
    send(client, resume(id));
    assertEquals(id.wireId(), frame(client, ServerFrame.Session.class).sessionId());
    return client;
  }

  private TestProbe<Outbound> connected(ChatNode on) {
    TestProbe<Outbound> client = testKit.createTestProbe();
    ActorRef<ConnectionCommand> connection = testKit.spawn(
        ConnectionOpening.create(Caller.anonymous(TENANT), "request-" + connections.size(), Optional.empty(), on));
    connection.tell(new ConnectionCommand.OutboundOpened(client.getRef()));
    connections.put(client.getRef(), connection);
    return client;
  }

  private static ClientFrame.Start resume(SessionId id) {
    return new ClientFrame.Start(Optional.of(id.wireId()), OptionalLong.of(0), Optional.empty(), Channel.CHAT, false, Optional.empty());
  }

  /** Sends a client frame and waits until the connection asks for the next, as the socket's stage does. */
  private void send(TestProbe<Outbound> client, ClientFrame frame) {
    TestProbe<ConnectionCommand.Ack> next = testKit.createTestProbe();
    connections.get(client.getRef()).tell(new ConnectionCommand.Inbound(new FrameCodec.Valid(frame), next.getRef()));
    next.expectMessage(WAIT, ConnectionCommand.Ack.NEXT);
  }

  private static <F extends ServerFrame> F frame(TestProbe<Outbound> client, Class<F> type) {
    Outbound.Frame frame = client.expectMessageClass(Outbound.Frame.class, WAIT);
    return assertInstanceOf(type, frame.frame());
  }
}
