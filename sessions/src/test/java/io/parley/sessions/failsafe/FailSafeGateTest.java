package io.parley.sessions.failsafe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.session.Channel;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.FailureTally;
import io.parley.core.session.Refusal;
import io.parley.core.session.SessionFailure;
import io.parley.core.session.SessionFailureLog;
import io.parley.core.session.SessionId;
import io.parley.persistence.PersistenceException;
import io.parley.sessions.EntityTestKit;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.SessionCommand;
import io.parley.sessions.entity.SessionInput;
import io.parley.sessions.host.SessionRest;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A failed-safe session's gate without a node: which failures count, what a failed-safe session
 * answers (and that it replays nothing), and a command that throws counted against its session.
 */
class FailSafeGateTest {
  @RegisterExtension static final EntityTestKit entities = new EntityTestKit();
  private final ActorTestKit testKit = entities.actors();
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final int BOUND = 3;
  /** Stands for sharding's stop, the entity's own command: the gate is told which command it is. */
  private static final SessionCommand STOP = new SessionCommand.HoldAnswer("stand-in for sharding's stop");

  /** The log in memory, keyed by entity id. */
  private static final class MemoryLog implements SessionFailureLog {
    final Map<String, FailureTally> tallies = new ConcurrentHashMap<>();
    final List<SessionFailure> counted = new CopyOnWriteArrayList<>();

    @Override
    public FailureTally count(SessionId id, SessionFailure failure, Instant at) {
      counted.add(failure);
      return tallies.merge(id.entityId(), FailureTally.first(failure, at), (was, one) -> was.and(failure, at));
    }

    @Override
    public Optional<FailureTally> find(SessionId id) {
      return Optional.ofNullable(tallies.get(id.entityId()));
    }

    @Override
    public boolean clear(SessionId id) {
      return tallies.remove(id.entityId()) != null;
    }

    @Override
    public Map<String, FailureTally> of(String tenant, Collection<String> wireIds) {
      return tallies.entrySet().stream().filter(e -> wireIds.stream().anyMatch(id -> e.getKey().endsWith(id)))
          .collect(Collectors.toMap(e -> SessionId.fromEntityId(e.getKey()).wireId(), Map.Entry::getValue));
    }

    @Override
    public int failedSafe(String tenant, int bound) {
      return (int) tallies.values().stream().filter(tally -> tally.failedSafe(bound)).count();
    }
  }

  private final MemoryLog log = new MemoryLog();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final SessionFailures failures = new SessionFailures(log, new FailSafeSettings(BOUND), Runnable::run,
      new SessionMetrics(registry), Clock.systemUTC());

  @Test
  void theStoreFailingCountsAgainstNoSessionButTheSessionsOwnFailuresDo() {
    assertEquals(Optional.empty(), CountedFailure.of(SessionFailure.Kind.RECOVERY,
        new IllegalStateException("replay", new PersistenceException("down", new SQLTransientConnectionException()))));
    assertEquals(Optional.empty(), CountedFailure.of(SessionFailure.Kind.RECOVERY,
        new org.apache.pekko.persistence.RecoveryTimedOut("no event within 30s")));
    assertEquals(Optional.empty(), CountedFailure.of(SessionFailure.Kind.RECOVERY,
        new IllegalStateException(new java.util.concurrent.RejectedExecutionException("the journal's queue is full"))));
    assertEquals(Optional.of(new SessionFailure(SessionFailure.Kind.RECOVERY, "IllegalStateException < ArithmeticException")),
        CountedFailure.of(SessionFailure.Kind.RECOVERY, new IllegalStateException("fold", new ArithmeticException())));
    SessionId id = SessionId.random("acme");
    assertFalse(failures.report(id, SessionFailure.Kind.RECOVERY, new SQLTransientConnectionException("down")));
    assertTrue(failures.report(id, SessionFailure.Kind.COMMAND, new IllegalArgumentException("a@b.c")));
    assertEquals(1, log.find(id).orElseThrow().count());
  }

  @Test
  void aFailedSafeSessionRefusesEveryCommandReplaysNothingAndAsksToSleep() {
    SessionId id = SessionId.random("acme");
    for (int i = 0; i < BOUND; i++) log.count(id, new SessionFailure(SessionFailure.Kind.RECOVERY, "X"), Instant.now());
    AtomicInteger replays = new AtomicInteger();
    TestProbe<Object> host = testKit.createTestProbe();
    TestProbe<SessionUpdate> handedOver = testKit.createTestProbe();
    ActorRef<SessionInput> gate = testKit.spawn(FailSafeGate.create(id, failures,
        new SessionRest.Host(host.getRef(), Set.of(handedOver.getRef()), false), STOP, true, () -> {
          replays.incrementAndGet();
          return Behaviors.empty();
        }));

    TestProbe<StatusReply<SessionInfo>> starter = testKit.createTestProbe();
    gate.tell(new SessionCommand.Start(Optional.empty(), Channel.CHAT, starter.getRef()));
    StatusReply<SessionInfo> refused = starter.expectMessageClass(StatusReply.class, WAIT);
    Refusal refusal = (Refusal) refused.getError();
    assertEquals(ErrorCode.CONFLICT, refusal.code());
    assertFalse(refusal.getMessage().contains("Exception"), "the customer reads no internals: " + refusal.getMessage());

    assertEquals(new SessionUpdate.Refused(ErrorCode.CONFLICT, refusal.getMessage()), handedOver.receiveMessage(WAIT),
        "a follower the last incarnation handed over hears it too");
    TestProbe<SessionUpdate> follower = testKit.createTestProbe();
    gate.tell(new SessionCommand.Subscribe(0, follower.getRef(), Optional.empty()));
    assertEquals(new SessionUpdate.Refused(ErrorCode.CONFLICT, refusal.getMessage()), follower.receiveMessage(WAIT));

    SessionRest.Resting resting = host.expectMessageClass(SessionRest.Resting.class, WAIT);
    resting.asks().tell(new SessionRest.Sleep());
    SessionRest.Slept slept = host.expectMessageClass(SessionRest.Slept.class, WAIT);
    assertEquals(Set.of(), slept.followers());
    assertEquals(0, replays.get(), "a failed-safe session never becomes the session, so it replays nothing");
    assertEquals(1.0, registry.scrape().stream().filter(m -> m.getMetadata().getName().equals("parley_sessions_failed_safe"))
        .flatMap(m -> m.getDataPoints().stream()).mapToDouble(p -> ((io.prometheus.metrics.model.snapshots.GaugeSnapshot
            .GaugeDataPointSnapshot) p).getValue()).sum());

    TestProbe<Void> stopped = testKit.createTestProbe();
    gate.tell(STOP);
    stopped.expectTerminated(gate, WAIT);
  }

  @Test
  void aStackOverflowFailsItsIncarnationOnlyAndIsCounted() {
    SessionId id = SessionId.random("acme");
    TestProbe<Object> host = testKit.createTestProbe();
    Behavior<SessionInput> overflowing = Behaviors.receiveMessage(command -> deeper(1));
    ActorRef<SessionInput> gate = testKit.spawn(FailSafeGate.create(id, failures,
        new SessionRest.Host(host.getRef(), Set.of(), false), STOP, false, () -> overflowing));
    gate.tell(new SessionCommand.Composing(io.parley.core.session.Role.USER, Optional.empty()));
    host.expectTerminated(gate, WAIT);
    assertEquals(List.of(new SessionFailure(SessionFailure.Kind.COMMAND, "StackOverflowError")), log.counted);
    // Pekko exits the JVM on a fatal error (pekko.jvm-exit-on-fatal-error, on here too): the system, and this test, go on.
    assertFalse(testKit.system().getWhenTerminated().toCompletableFuture().isDone());
  }

  /** Recurses until the stack overflows, as a fold over a deeply nested event could. */
  private static Behavior<SessionInput> deeper(int depth) {
    return depth < 0 ? Behaviors.same() : deeper(depth + 1);
  }

  @Test
  void aCommandThatThrowsIsCountedAgainstItsSessionOnce() {
    SessionId id = SessionId.random("acme");
    TestProbe<Object> host = testKit.createTestProbe();
    Behavior<SessionInput> throwing = Behaviors.receiveMessage(command -> {
      throw new ArithmeticException("divided by the customer's 0");
    });
    ActorRef<SessionInput> gate = testKit.spawn(FailSafeGate.create(id, failures,
        new SessionRest.Host(host.getRef(), Set.of(), false), STOP, true, () -> throwing));
    gate.tell(new SessionCommand.Start(Optional.empty(), Channel.CHAT, testKit.<StatusReply<SessionInfo>>createTestProbe().getRef()));
    host.expectTerminated(gate, WAIT);
    assertEquals(List.of(new SessionFailure(SessionFailure.Kind.COMMAND, "ArithmeticException")), log.counted);
  }
}
