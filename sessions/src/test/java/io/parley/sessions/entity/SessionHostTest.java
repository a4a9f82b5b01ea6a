package io.parley.sessions.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.erasure.DataKey;
import io.parley.core.erasure.DataKeyStore;
import io.parley.core.erasure.KeyLookup;
import io.parley.core.erasure.NewDataKey;
import io.parley.core.erasure.Sealing;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.session.Channel;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.core.session.WakePacing;
import io.parley.core.testing.MetricSamples;
import io.parley.core.testing.SteppedClock;
import io.parley.sessions.EntityTestKit;
import io.parley.sessions.FreshEvents;
import io.parley.sessions.Replies;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.SessionServices;
import io.parley.sessions.SessionStatus;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.SessionView;
import io.parley.sessions.admission.TenantBudgets;
import io.parley.sessions.host.SessionHost;
import io.parley.sessions.host.SessionKeyLoading;
import io.parley.sessions.host.SessionRest;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An open session nobody talks to sleeps and wakes without its followers noticing: first the
 * host's side of {@link SessionRest} against incarnations the test plays, then real sessions on
 * Pekko's in-memory journal.
 */
class SessionHostTest {
  @RegisterExtension static final EntityTestKit entities = new EntityTestKit();
  private final PersistenceTestKit journal = PersistenceTestKit.create(entities.actors().system());
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final WakePacing PACING = WakePacing.onSystemClock(1000);

  /** Incarnations played by the test: each one's host and commands land in queues, in the order they came. */
  private static final class PlayedIncarnations {
    final BlockingQueue<SessionRest.Host> hosts = new LinkedBlockingQueue<>();
    final TestProbe<Object> received = entities.actors().createTestProbe();
    final BlockingQueue<ActorRef<SessionInput>> selves = new LinkedBlockingQueue<>();
    final PrometheusRegistry registry = new PrometheusRegistry();
    /** The host under test, whose incarnations these are, woken by a first command as its shard would. */
    final ActorRef<SessionInput> address = entities.actors().spawn(SessionHost.create(SessionId.random("acme"),
        new SessionHost.Incarnations(this::incarnation, this::incarnation), new InternalCommand.Stop(), PACING,
        new SessionMetrics(registry), Clock.systemUTC()));

    PlayedIncarnations() {
      this(true);
    }

    /** {@code asked}: woken by a command; else as a host its shard restarted, which nobody asks anything. */
    PlayedIncarnations(boolean asked) {
      if (!asked) return;
      address.tell(new SessionCommand.Composing(Role.USER, Optional.empty()));
      received.expectMessageClass(SessionCommand.Composing.class, WAIT);
    }

    Behavior<SessionInput> incarnation(SessionRest.Host host) {
      return Behaviors.setup(context -> {
        hosts.add(host);
        selves.add(context.getSelf());
        return Behaviors.receiveMessage(command -> {
          if (command instanceof InternalCommand.Stop) return Behaviors.stopped();
          received.getRef().tell(command);
          return Behaviors.same();
        });
      });
    }

    SessionRest.Host nextHost() throws InterruptedException {
      SessionRest.Host host = hosts.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertTrue(host != null, "an incarnation was started");
      return host;
    }

    ActorRef<SessionInput> nextSelf() throws InterruptedException {
      return selves.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The incarnation {@code self} tells its host it could rest; the host asks it to sleep. */
    void askToSleep(SessionRest.Host host, ActorRef<SessionInput> self) {
      host.tell(new SessionRest.Resting(self.narrow(), received.getRef().narrow()));
      received.expectMessageClass(SessionRest.Sleep.class, WAIT);
    }
  }

  private static double sleeping(PrometheusRegistry registry) {
    return MetricSamples.value(registry, "parley_sessions_sleeping");
  }

  /** Puts the played incarnation to sleep, handing over {@code followers}; the idle close is due at {@code due}. */
  private static void putToSleep(PlayedIncarnations played, SessionRest.Host host, ActorRef<SessionInput> self,
      Set<ActorRef<SessionUpdate>> followers, Instant due) {
    played.askToSleep(host, self);
    host.tell(new SessionRest.Slept(self.narrow(), followers, due));
  }

  @Test
  void commandsWhileTheSessionIsAskedToSleepAreHeldAndGoToTheSameIncarnationWhenItStaysAwake() throws Exception {
    PlayedIncarnations played = new PlayedIncarnations();
    SessionRest.Host host = played.nextHost();
    ActorRef<SessionInput> first = played.nextSelf();
    assertEquals(played.address, host.address(), "followers are given the host's address, which outlives incarnations");

    played.askToSleep(host, first);
    played.address.tell(new SessionCommand.HoldAnswer("turn-1"));
    played.received.expectNoMessage(Duration.ofMillis(200));

    host.tell(new SessionRest.StillAwake(first.narrow()));
    played.received.expectMessageClass(SessionCommand.HoldAnswer.class, WAIT);
    assertTrue(played.hosts.isEmpty(), "the same incarnation goes on");
    assertEquals(0.0, sleeping(played.registry));
  }

  @Test
  void aSleepingSessionIsWokenByItsNextCommandWithTheFollowersItHandedOver() throws Exception {
    PlayedIncarnations played = new PlayedIncarnations();
    ActorRef<SessionInput> address = played.address;
    SessionRest.Host host = played.nextHost();
    ActorRef<SessionInput> first = played.nextSelf();
    TestProbe<SessionUpdate> staying = entities.actors().createTestProbe();
    TestProbe<SessionUpdate> leaving = entities.actors().createTestProbe();
    TestProbe<Object> firstWatcher = entities.actors().createTestProbe();

    putToSleep(played, host, first, Set.of(staying.getRef(), leaving.getRef()), Instant.now().plusSeconds(600));
    // A command that comes while it falls asleep waits for the next incarnation.
    address.tell(new SessionCommand.Composing(Role.USER, Optional.empty()));
    firstWatcher.expectTerminated(first, WAIT);
    SessionRest.Host second = played.nextHost();
    played.received.expectMessageClass(SessionCommand.Composing.class, WAIT);
    assertEquals(Set.of(staying.getRef(), leaving.getRef()), second.followers());

    putToSleep(played, second, played.nextSelf(), second.followers(), Instant.now().plusSeconds(600));
    awaitSleeping(played.registry, 1.0);
    // Leaving needs nothing of a sleeping session: it does not wake.
    address.tell(new SessionCommand.Unsubscribe(leaving.getRef()));
    played.received.expectNoMessage(Duration.ofMillis(300));
    assertTrue(played.hosts.isEmpty(), "an unsubscription does not wake the session");

    address.tell(new SessionCommand.Composing(Role.USER, Optional.empty()));
    SessionRest.Host third = played.nextHost();
    played.received.expectMessageClass(SessionCommand.Composing.class, WAIT);
    assertEquals(Set.of(staying.getRef()), third.followers());
    assertEquals(0.0, sleeping(played.registry));
  }

  @Test
  void followersWhoLeaveWhileTheSessionFallsAsleepDoNotWakeIt() throws Exception {
    PlayedIncarnations played = new PlayedIncarnations();
    SessionRest.Host host = played.nextHost();
    ActorRef<SessionInput> first = played.nextSelf();
    ActorRef<SessionUpdate> staying = entities.actors().<SessionUpdate>createTestProbe().getRef();
    ActorRef<SessionUpdate> leaving = entities.actors().<SessionUpdate>createTestProbe().getRef();
    ActorRef<SessionUpdate> leavingLater = entities.actors().<SessionUpdate>createTestProbe().getRef();

    played.askToSleep(host, first);
    // Held while the session decides whether it sleeps, then while it stops.
    played.address.tell(new SessionCommand.Unsubscribe(leaving));
    host.tell(new SessionRest.Slept(first.narrow(), Set.of(staying, leaving, leavingLater), Instant.now().plusSeconds(600)));
    played.address.tell(new SessionCommand.Unsubscribe(leavingLater));
    awaitSleeping(played.registry, 1.0);
    played.received.expectNoMessage(Duration.ofMillis(300));
    assertTrue(played.hosts.isEmpty(), "leaving did not wake the session");

    played.address.tell(new SessionCommand.Composing(Role.USER, Optional.empty()));
    assertEquals(Set.of(staying), played.nextHost().followers());
    played.received.expectMessageClass(SessionCommand.Composing.class, WAIT);
  }

  @Test
  void aSleepingSessionWakesWhenItsIdleCloseIsDue() throws Exception {
    PlayedIncarnations played = new PlayedIncarnations();
    ActorRef<SessionInput> address = played.address;
    SessionRest.Host host = played.nextHost();

    putToSleep(played, host, played.nextSelf(), Set.of(), Instant.now().plusMillis(500));
    assertEquals(address, played.nextHost().address(), "woken by the due idle close, with no command");
  }

  @Test
  void shardingsStopEndsASleepingHostWithoutWakingItAndAnAwakeOneWithItsIncarnation() throws Exception {
    PlayedIncarnations played = new PlayedIncarnations();
    ActorRef<SessionInput> asleep = played.address;
    putToSleep(played, played.nextHost(), played.nextSelf(), Set.of(), Instant.now().plusSeconds(600));
    TestProbe<Object> watcher = entities.actors().createTestProbe();
    awaitSleeping(played.registry, 1.0);
    asleep.tell(new InternalCommand.Stop());
    watcher.expectTerminated(asleep, WAIT);
    assertTrue(played.hosts.isEmpty(), "the sleeping session was not woken to be stopped");
    assertEquals(0.0, sleeping(played.registry));

    PlayedIncarnations another = new PlayedIncarnations();
    ActorRef<SessionInput> awake = another.address;
    another.nextHost();
    ActorRef<SessionInput> incarnation = another.nextSelf();
    awake.tell(new InternalCommand.Stop());
    watcher.expectTerminated(incarnation, WAIT);
    watcher.expectTerminated(awake, WAIT);
  }

  @Test
  void shardingsStopAfterCommandsWereHeldGivesThemToAnIncarnationFirst() throws Exception {
    PlayedIncarnations asked = new PlayedIncarnations();
    SessionRest.Host host = asked.nextHost();
    ActorRef<SessionInput> first = asked.nextSelf();
    asked.askToSleep(host, first);
    asked.address.tell(new SessionCommand.Composing(Role.USER, Optional.empty()));
    asked.address.tell(new InternalCommand.Stop());
    asked.received.expectMessageClass(SessionCommand.Composing.class, WAIT);
    TestProbe<Object> watcher = entities.actors().createTestProbe();
    watcher.expectTerminated(asked.address, WAIT);

    // Stopped while falling asleep: the incarnation that handed over is already stopping.
    PlayedIncarnations falling = new PlayedIncarnations();
    SessionRest.Host fallingHost = falling.nextHost();
    ActorRef<SessionInput> sleeper = falling.nextSelf();
    TestProbe<SessionUpdate> follower = entities.actors().createTestProbe();
    putToSleep(falling, fallingHost, sleeper, Set.of(follower.getRef()), Instant.now().plusSeconds(600));
    falling.address.tell(new SessionCommand.Composing(Role.USER, Optional.empty()));
    falling.address.tell(new InternalCommand.Stop());
    falling.received.expectMessageClass(SessionCommand.Composing.class, WAIT);
    assertEquals(Set.of(follower.getRef()), falling.nextHost().followers(), "the last incarnation has the followers");
    watcher.expectTerminated(falling.address, WAIT);
    assertEquals(0.0, sleeping(falling.registry));
  }

  @Test
  void anIncarnationThatStopsByItselfTakesItsHostAlong() throws Exception {
    Function<SessionRest.Host, Behavior<SessionInput>> failing = host -> Behaviors.stopped();
    ActorRef<SessionInput> host = entities.actors().spawn(SessionHost.create(SessionId.random("acme"),
        new SessionHost.Incarnations(failing, failing), new InternalCommand.Stop(), PACING,
        new SessionMetrics(new PrometheusRegistry()),
        Clock.systemUTC()));
    host.tell(new SessionCommand.Composing(Role.USER, Optional.empty()));
    entities.actors().createTestProbe().expectTerminated(host, WAIT);
  }

  @Test
  void aFailedReplayOfTheSessionsOwnIsCountedOnceAndStopsItsIncarnationAndHostWhileTheStoresIsLeftToRetry() {
    List<Throwable> counted = new CopyOnWriteArrayList<>();
    Function<SessionRest.Host, Behavior<SessionInput>> replayFailing = host -> Behaviors.setup(ctx -> {
      ActorRef<SessionInput> self = ctx.getSelf();
      // Pekko signals a failed replay twice: the failure, then the same wrapped.
      IllegalStateException unreadable = new IllegalStateException("an event of a newer release");
      host.tell(new SessionRest.RecoveryFailed(self.narrow(), new IllegalStateException("the store's")));
      host.tell(new SessionRest.RecoveryFailed(self.narrow(), unreadable));
      host.tell(new SessionRest.RecoveryFailed(self.narrow(), new RuntimeException("wrapped", unreadable)));
      return Behaviors.ignore();
    });
    ActorRef<SessionInput> host = entities.actors().spawn(SessionHost.create(SessionId.random("acme"),
        new SessionHost.Incarnations(replayFailing, replayFailing, failure -> {
          counted.add(failure);
          return !failure.getMessage().equals("the store's");
        }), new InternalCommand.Stop(), PACING, new SessionMetrics(new PrometheusRegistry()), Clock.systemUTC()));
    host.tell(new SessionCommand.Composing(Role.USER, Optional.empty()));
    entities.actors().createTestProbe().expectTerminated(host, WAIT);
    assertEquals(List.of("the store's", "an event of a newer release"), counted.stream().map(Throwable::getMessage).toList(),
        "the store's failure is asked about and left to retry; the session's own is counted once");
  }

  /** Hosts whose incarnations only say which kind they are. */
  private static ActorRef<SessionInput> host(BlockingQueue<String> woken, WakePacing pacing, SessionMetrics metrics) {
    Function<String, Function<SessionRest.Host, Behavior<SessionInput>>> kind = name -> host -> Behaviors.setup(ctx -> {
      woken.add(name);
      return Behaviors.ignore();
    });
    return entities.actors().spawn(SessionHost.create(SessionId.random("acme"),
        new SessionHost.Incarnations(kind.apply("recovering"), kind.apply("new id")), new InternalCommand.Stop(), pacing,
        metrics, Clock.systemUTC()));
  }

  @Test
  void aNewHostWakesItsSessionUnreadOnlyForTheStartOfANewId() throws Exception {
    BlockingQueue<String> woken = new LinkedBlockingQueue<>();
    PrometheusRegistry registry = new PrometheusRegistry();
    SessionMetrics metrics = new SessionMetrics(registry);
    TestProbe<StatusReply<SessionInfo>> replies = entities.actors().createTestProbe();

    host(woken, PACING, metrics).tell(SessionCommand.Start.ofNewId(Optional.empty(), Channel.CHAT, false, replies.getRef()));
    assertEquals("new id", woken.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    host(woken, PACING, metrics).tell(new SessionCommand.Start(Optional.empty(), Channel.CHAT, replies.getRef()));
    assertEquals("recovering", woken.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS), "a start of an id the caller named");
    host(woken, PACING, metrics).tell(new SessionCommand.Composing(Role.USER, Optional.empty()));
    assertEquals("recovering", woken.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    assertEquals(0.0, sleeping(registry));
  }

  @Test
  void aHostItsShardRestartedSleepsUntilItsPacedTurnOrUntilSomeoneAsks() throws Exception {
    BlockingQueue<String> woken = new LinkedBlockingQueue<>();
    PrometheusRegistry registry = new PrometheusRegistry();
    SessionMetrics metrics = new SessionMetrics(registry);
    // A node busy with restarted sessions: the next free turn is a minute away.
    WakePacing busy = WakePacing.onSystemClock(1);
    for (int taken = 0; taken < 60; taken++) busy.nextDelay();
    ActorRef<SessionInput> first = host(woken, busy, metrics);
    host(woken, busy, metrics);
    assertEquals(null, woken.poll(SessionHost.FIRST_COMMAND_GRACE.toMillis() / 2, TimeUnit.MILLISECONDS),
        "nothing wakes while a command may still come");
    awaitSleeping(registry, 2.0);

    first.tell(new SessionCommand.Composing(Role.USER, Optional.empty()));
    assertEquals("recovering", woken.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS), "asked, it wakes at once");
    assertEquals(1.0, sleeping(registry));
    assertEquals(null, woken.poll(500, TimeUnit.MILLISECONDS), "the other waits for its turn");

    // On a quiet node the turn comes at once after the grace: the session replays with nobody asking,
    // and is asked straight away, not after passivate-after-idle, whether it is at rest. A customer
    // who comes meanwhile goes first, to the same incarnation.
    PlayedIncarnations restarted = new PlayedIncarnations(false);
    SessionRest.Host host = restarted.nextHost();
    ActorRef<SessionInput> replayed = restarted.nextSelf();
    assertTrue(host.unasked(), "woken by no command, it asks itself whether it is at rest");
    restarted.address.tell(new SessionCommand.Composing(Role.USER, Optional.empty()));
    restarted.received.expectMessageClass(SessionCommand.Composing.class, WAIT);
    putToSleep(restarted, host, replayed, Set.of(), Instant.now().plusSeconds(600));
    awaitSleeping(restarted.registry, 1.0);
    assertTrue(restarted.hosts.isEmpty(), "one replay served both");
  }

  // Real sessions on the in-memory journal.

  private static ActorRef<SessionInput> session(SessionId id, SessionServices services) {
    TestProbe<ClusterSharding.ShardCommand> shard = entities.actors().createTestProbe();
    SessionSeal seal = SessionSeal.plain(id, ChatSession.persistenceId(id),
        SerializationExtension.get(entities.actors().system().classicSystem()));
    return entities.actors().spawn(SessionHost.create(id, new SessionHost.Incarnations(
            host -> ChatSession.create(id, shard.getRef(), services, seal, Optional.of(host)),
            host -> ChatSession.createForNewId(id, shard.getRef(), services, seal, host)),
        new InternalCommand.Stop(), PACING, services.metrics(), services.clock()));
  }

  private static <T> T ask(ActorRef<SessionInput> session, Function<ActorRef<StatusReply<T>>, SessionCommand> command) {
    TestProbe<StatusReply<T>> reply = entities.actors().createTestProbe();
    session.tell(command.apply(reply.getRef()));
    return Replies.value(reply.receiveMessage(WAIT));
  }

  private static SessionServices services(PrometheusRegistry registry, Map<String, String> settings) {
    return TestSessionServices.withBudgets(TestSessionServices.offline(TestSessionServices.settings(settings)),
        TenantBudgets.unlimited(), new SessionMetrics(registry));
  }

  private static void awaitSleeping(PrometheusRegistry registry, double sessions) {
    entities.actors().createTestProbe().awaitAssert(WAIT, () -> {
      assertEquals(sessions, sleeping(registry));
      return null;
    });
  }

  /** The user and assistant messages a follower was sent, skipping deltas and typing. */
  private static ChatMessage nextMessage(TestProbe<SessionUpdate> follower) {
    return assertInstanceOf(SessionUpdate.MessageAdded.class,
        follower.fishForMessage(WAIT, update -> update instanceof SessionUpdate.MessageAdded
            ? FishingOutcomes.complete()
            : FishingOutcomes.continueAndIgnore()).get(0)).message();
  }

  @Test
  void aConversationSleepsAndWakesWhereItWasAndItsFollowerNeverJoinsAgain() {
    PrometheusRegistry registry = new PrometheusRegistry();
    SessionId id = SessionId.random("acme");
    ActorRef<SessionInput> session = session(id, services(registry, Map.of("passivate-after-idle", "300ms")));
    // Started as the edges start sessions: on an id minted for it, with nothing read.
    ask(session, (ActorRef<StatusReply<SessionInfo>> replyTo) ->
        SessionCommand.Start.ofNewId(Optional.empty(), Channel.CHAT, false, replyTo));
    TestProbe<SessionUpdate> follower = entities.actors().createTestProbe();
    session.tell(new SessionCommand.Subscribe(0, follower.getRef(), Optional.empty()));
    SessionUpdate.Joined joined = follower.expectMessageClass(SessionUpdate.Joined.class, WAIT);
    assertEquals(session, joined.incarnation(), "the follower watches the host, which stays while the session sleeps");

    SessionCommand.Accepted first = ask(session, (ActorRef<StatusReply<SessionCommand.Accepted>> replyTo) ->
        new SessionCommand.PostUserMessage("m-1", "Where is my order 1042?", replyTo));
    assertEquals(Role.USER, nextMessage(follower).role());
    assertEquals(Role.ASSISTANT, nextMessage(follower).role());
    awaitSleeping(registry, 1.0);

    SessionCommand.Accepted second = ask(session, (ActorRef<StatusReply<SessionCommand.Accepted>> replyTo) ->
        new SessionCommand.PostUserMessage("m-2", "And can I change the address?", replyTo));
    assertEquals(first.seq() + 2, second.seq(), "the woken session recovered the whole conversation");
    ChatMessage asked = nextMessage(follower);
    assertEquals("And can I change the address?", asked.text());
    assertEquals(Role.ASSISTANT, nextMessage(follower).role());
    // A message sent again after the wake is acked again, not stored twice: the woken session knows it.
    SessionCommand.Accepted again = ask(session, (ActorRef<StatusReply<SessionCommand.Accepted>> replyTo) ->
        new SessionCommand.PostUserMessage("m-1", "Where is my order 1042?", replyTo));
    assertTrue(again.duplicate());
    assertEquals(first.seq(), again.seq());

    awaitSleeping(registry, 1.0);
    SessionView view = ask(session, SessionCommand.GetView::new);
    assertEquals(4, view.messages().size());
    follower.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void aSleepingSessionClosesForIdlenessOnTimeAndItsFollowerHearsIt() {
    PrometheusRegistry registry = new PrometheusRegistry();
    SessionId id = SessionId.random("acme");
    ActorRef<SessionInput> session = session(id, services(registry,
        Map.of("passivate-after-idle", "200ms", "idle-close", "2s")));
    ask(session, (ActorRef<StatusReply<SessionInfo>> replyTo) -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));
    TestProbe<SessionUpdate> follower = entities.actors().createTestProbe();
    session.tell(new SessionCommand.Subscribe(0, follower.getRef(), Optional.empty()));
    follower.expectMessageClass(SessionUpdate.Joined.class, WAIT);
    awaitSleeping(registry, 1.0);

    SessionUpdate.Ended ended = assertInstanceOf(SessionUpdate.Ended.class, follower.fishForMessage(WAIT,
        update -> update instanceof SessionUpdate.Ended
            ? FishingOutcomes.complete()
            : FishingOutcomes.continueAndIgnore()).get(0));
    assertEquals("idle", ended.reason());
    assertEquals(0.0, sleeping(registry));
    assertTrue(journal.persistedInStorage(ChatSession.persistenceId(id)).stream()
        .anyMatch(event -> event instanceof SessionEvent.SessionClosed), "the close is in the journal");
  }

  @Test
  void aSessionDoesNotSleepWhileItsTurnsUsageIsNotInTheTenantsBudgetYet() {
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      doesNotSleepWhileUsageIsUnrecorded(model);
    }
  }

  private void doesNotSleepWhileUsageIsUnrecorded(FakeChatCompletionsServer model) {
    TestProbe<io.parley.sessions.admission.TenantTokenBudget.Command> budget = entities.actors().createTestProbe();
    TenantBudgets limited = new TenantBudgets(new io.parley.sessions.admission.TenantBudgetSettings(0,
        Map.of("acme", 1_000_000L), Duration.ofSeconds(30), Duration.ofSeconds(30)), tenant -> budget.getRef());
    PrometheusRegistry registry = new PrometheusRegistry();
    SessionServices services = TestSessionServices.withBudgets(TestSessionServices.withModel(model.baseUrl(),
        TestSessionServices.settings(Map.of("passivate-after-idle", "150ms"))), limited, new SessionMetrics(registry));
    ActorRef<SessionInput> session = session(SessionId.random("acme"), services);
    ask(session, (ActorRef<StatusReply<SessionInfo>> replyTo) -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));
    TestProbe<StatusReply<SessionCommand.Accepted>> client = entities.actors().createTestProbe();
    session.tell(new SessionCommand.PostUserMessage("m-1", "hello", client.getRef()));
    var standing = new io.parley.sessions.admission.TenantTokenBudget.Standing(0, 1_000_000L, Instant.now().plusSeconds(3_600));
    budget.expectMessageClass(io.parley.sessions.admission.TenantTokenBudget.Check.class, WAIT).replyTo().tell(standing);
    Replies.value(client.receiveMessage(WAIT));

    // The budget is slow to record the answered turn: the report must not be lost to a sleep.
    var usage = budget.expectMessageClass(io.parley.sessions.admission.TenantTokenBudget.RecordUsage.class, WAIT);
    budget.expectNoMessage(Duration.ofMillis(800));
    assertEquals(0.0, sleeping(registry));
    usage.replyTo().tell(standing);
    awaitSleeping(registry, 1.0);
  }

  @Test
  void aSessionDoesNotSleepWhileItsTurnIsAnswered() {
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start()) {
      // Pauses between the answer's pieces longer than passivate-after-idle: it would sleep between two.
      model.enqueue(Reply.answer().withChunkDelay(Duration.ofMillis(400)));
      PrometheusRegistry registry = new PrometheusRegistry();
      SessionServices services = TestSessionServices.withBudgets(TestSessionServices.withModel(model.baseUrl(),
          TestSessionServices.settings(Map.of("passivate-after-idle", "150ms"))), TenantBudgets.unlimited(),
          new SessionMetrics(registry));
      ActorRef<SessionInput> session = session(SessionId.random("acme"), services);
      ask(session, (ActorRef<StatusReply<SessionInfo>> replyTo) -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));
      TestProbe<SessionUpdate> follower = entities.actors().createTestProbe();
      session.tell(new SessionCommand.Subscribe(0, follower.getRef(), Optional.empty()));
      follower.expectMessageClass(SessionUpdate.Joined.class, WAIT);

      ask(session, (ActorRef<StatusReply<SessionCommand.Accepted>> replyTo) ->
          new SessionCommand.PostUserMessage("m-1", "my parcel never came", replyTo));
      assertEquals(Role.USER, nextMessage(follower).role());
      ChatMessage answer = nextMessage(follower);
      assertEquals(Role.ASSISTANT, answer.role());
      assertEquals("You said: my parcel never came", answer.text());
      assertEquals(0.0, sleeping(registry), "awake all through the turn");
      awaitSleeping(registry, 1.0);
    }
  }

  /** The keys of sealed sessions, kept in memory. */
  private static final class KeptKeys implements DataKeyStore {
    private final Map<SessionId, DataKey> keys = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public KeyLookup find(SessionId session) {
      return Optional.ofNullable(keys.get(session)).<KeyLookup>map(KeyLookup.Found::new).orElse(new KeyLookup.Absent());
    }

    /** Kept at once: the test kit's journal stores the first event without the key it brings. */
    @Override
    public NewDataKey newKey(SessionId session, Optional<String> userId) {
      DataKey key = keys.computeIfAbsent(session, s -> new DataKey(s.uuid().toString(), Sealing.newKey()));
      return new NewDataKey(session, key, userId, new byte[0], Instant.now());
    }

    @Override
    public List<SessionId> sessionsOf(String tenant, String userId) {
      return List.of();
    }

    @Override
    public List<String> tenants() {
      return List.of();
    }

    @Override
    public List<SessionId> sessionsStartedBefore(String tenant, Instant instant) {
      return List.of();
    }

    @Override
    public int erase(List<SessionId> sessions) {
      return 0;
    }
  }

  /** A host of sealed incarnations, as the node makes them: recovering ones read their key first. */
  private static ActorRef<SessionInput> sealedSession(SessionId id, SessionServices services, SessionSeal.Keys keys) {
    TestProbe<ClusterSharding.ShardCommand> shard = entities.actors().createTestProbe();
    Serialization serialization = SerializationExtension.get(entities.actors().system().classicSystem());
    String persistenceId = ChatSession.persistenceId(id);
    return entities.actors().spawn(SessionHost.create(id, new SessionHost.Incarnations(
            host -> SessionKeyLoading.create(id, keys.store(), keys.blocking(), key -> ChatSession.create(id, shard.getRef(), services,
                SessionSeal.of(id, persistenceId, serialization, keys, key), Optional.of(host))),
            host -> ChatSession.createForNewId(id, shard.getRef(), services,
                SessionSeal.of(id, persistenceId, serialization, keys, new KeyLookup.Absent()), host)),
        new InternalCommand.Stop(), PACING, services.metrics(), services.clock()));
  }

  @Test
  void aStartOfANewIdWhoseSealedJournalIsInUseIsRefusedAndWritesNothing() {
    SessionServices services = services(new PrometheusRegistry(), Map.of());
    SessionSeal.Keys keys = new SessionSeal.Keys(new KeptKeys(), java.util.concurrent.ForkJoinPool.commonPool(),
        FreshEvents.none());
    SessionId id = SessionId.random("acme");
    ActorRef<SessionInput> original = sealedSession(id, services, keys);
    ask(original, (ActorRef<StatusReply<SessionInfo>> replyTo) ->
        SessionCommand.Start.ofNewId(Optional.empty(), Channel.CHAT, false, replyTo));
    TestProbe<Object> watcher = entities.actors().createTestProbe();
    original.tell(new InternalCommand.Stop());
    watcher.expectTerminated(original, WAIT);
    int stored = journal.persistedInStorage(ChatSession.persistenceId(id)).size();

    // The same id "minted" again: the unread incarnation cannot read that journal and must not add to it.
    ActorRef<SessionInput> again = sealedSession(id, services, keys);
    TestProbe<StatusReply<SessionInfo>> reply = entities.actors().createTestProbe();
    again.tell(SessionCommand.Start.ofNewId(Optional.empty(), Channel.CHAT, false, reply.getRef()));
    assertEquals(io.parley.core.session.ErrorCode.NOT_FOUND, Replies.refusal(reply.receiveMessage(WAIT)).code());
    again.tell(new InternalCommand.Stop());
    watcher.expectTerminated(again, WAIT);
    assertEquals(stored, journal.persistedInStorage(ChatSession.persistenceId(id)).size(), "nothing was written");

    SessionView view = ask(sealedSession(id, services, keys), SessionCommand.GetView::new);
    assertEquals(SessionStatus.OPEN, view.info().status(), "the session that owns the id is still there");
  }

  @Test
  void aSessionWhoseIdleCloseIsDueStaysAwakeToCloseWhenAskedToSleep() {
    SteppedClock clock = new SteppedClock(Instant.now());
    SessionServices services = TestSessionServices.withClock(services(new PrometheusRegistry(), Map.of()), clock);
    SessionId id = SessionId.random("acme");
    TestProbe<Object> host = entities.actors().createTestProbe();
    ActorRef<SessionInput> incarnation = entities.actors().spawn(ChatSession.create(id, entities.actors().<ClusterSharding.ShardCommand>createTestProbe().getRef(),
        services, SessionSeal.plain(id, ChatSession.persistenceId(id), SerializationExtension.get(entities.actors().system().classicSystem())),
        Optional.of(new SessionRest.Host(host.getRef(), Set.of(), false))));
    ask(incarnation, (ActorRef<StatusReply<SessionInfo>> replyTo) -> new SessionCommand.Start(Optional.empty(), Channel.CHAT, replyTo));

    incarnation.tell(new InternalCommand.Sleep());
    host.expectMessageClass(SessionRest.Slept.class, WAIT);
    // A wake nobody asked for asks it to sleep at once; past its idle close it must close instead, or
    // sleep, be woken for the close and asked to sleep again, over and over.
    clock.advance(services.settings().idleClose());
    incarnation.tell(new InternalCommand.Sleep());
    host.expectMessageClass(SessionRest.StillAwake.class, WAIT);
  }

  @Test
  void aSessionItsShardRestartsAfterItsIdleCloseWasDueClosesOnItsPacedWakeInsteadOfSleeping() {
    PrometheusRegistry registry = new PrometheusRegistry();
    SessionServices services = services(registry, Map.of("passivate-after-idle", "1m", "idle-close", "1s"));
    SessionId id = SessionId.random("acme");
    ActorRef<SessionInput> before = session(id, services);
    ask(before, (ActorRef<StatusReply<SessionInfo>> replyTo) ->
        SessionCommand.Start.ofNewId(Optional.empty(), Channel.CHAT, false, replyTo));
    TestProbe<Object> watcher = entities.actors().createTestProbe();
    // The node goes down before the idle close, and is back after it was due.
    before.tell(new InternalCommand.Stop());
    watcher.expectTerminated(before, WAIT);

    session(id, services);
    entities.actors().createTestProbe().awaitAssert(WAIT.multipliedBy(2), () -> {
      assertTrue(journal.persistedInStorage(ChatSession.persistenceId(id)).stream()
          .anyMatch(event -> event instanceof SessionEvent.SessionClosed), "closed for idleness, with nobody asking");
      return null;
    });
  }
}
