package io.parley.sessions.resilience;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.retry.Backoff;
import io.parley.core.retry.RetryPolicy;
import io.parley.core.testing.ClassResource;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The one retry loop every blocking step runs in, on a manual clock: backoffs and attempt timeouts
 * pass only when the test says so; the attempts themselves run on real threads.
 */
class RetryingStepTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit =
      ClassResource.of(() -> ActorTestKit.create(ManualTime.config()), ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();
  private final ManualTime manualTime = ManualTime.get(testKit.system());
  private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.0);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final TestProbe<Object> parent = testKit.createTestProbe();
  private final AtomicInteger attempts = new AtomicInteger();

  /** Runs {@code step} under {@code policy}; IOExceptions are transient. The parent gets the value or the GaveUp. */
  private ActorRef<RetryingStep.Command> run(RetryPolicy policy, Callable<String> step) {
    return testKit.spawn(RetryingStep.create("test step", () -> {
      attempts.incrementAndGet();
      return step.call();
    }, policy, failure -> failure instanceof IOException, parent.getRef(), value -> value, gaveUp -> gaveUp));
  }

  @Test
  void aTransientFailureIsRetriedAfterTheBackoffAndTheSuccessReportedOnce() throws Exception {
    run(RetryPolicy.atMost(5, TIMEOUT, BACKOFF), () -> {
      if (attempts.get() < 3) throw new IOException("busy");
      return "done";
    });
    awaitFirstAttempt();
    parent.expectNoMessage(Duration.ofMillis(200));
    assertEquals(1, attempts.get(), "no retry before the backoff has passed");

    advanceUntil(() -> attempts.get() == 3);
    assertEquals("done", parent.expectMessageClass(String.class));
    manualTime.timePasses(Duration.ofSeconds(10));
    parent.expectNoMessage(Duration.ofMillis(100));
    assertEquals(3, attempts.get());
  }

  @Test
  void aPermanentFailureEndsTheStepAtOnce() {
    run(RetryPolicy.atMost(5, TIMEOUT, BACKOFF), () -> {
      throw new IllegalArgumentException("no such ticket");
    });
    RetryingStep.GaveUp gaveUp = parent.expectMessageClass(RetryingStep.GaveUp.class);
    assertEquals(1, gaveUp.attempts());
    RetryingStep.Threw threw = assertInstanceOf(RetryingStep.Threw.class, gaveUp.lastFailure());
    assertInstanceOf(IllegalArgumentException.class, threw.cause(), "unwrapped from the CompletionException");
    assertFalse(threw.transientFailure());
    assertEquals("no such ticket", threw.describe());
  }

  @Test
  void theAttemptsAreBoundedAndTheLastFailureIsReported() {
    run(RetryPolicy.atMost(3, TIMEOUT, BACKOFF), () -> {
      throw new IOException("connection refused");
    });
    advanceUntil(() -> attempts.get() == 3);
    RetryingStep.GaveUp gaveUp = parent.expectMessageClass(RetryingStep.GaveUp.class);
    assertEquals(3, gaveUp.attempts());
    assertTrue(gaveUp.lastFailure().transientFailure());
    manualTime.timePasses(Duration.ofSeconds(10));
    parent.expectNoMessage(Duration.ofMillis(100));
    assertEquals(3, attempts.get(), "no attempt after giving up");
  }

  @Test
  void aHangingAttemptEndsAtItsTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    run(RetryPolicy.atMost(1, TIMEOUT, BACKOFF), () -> {
      release.await(30, TimeUnit.SECONDS);
      return "too late";
    });
    try {
      awaitFirstAttempt();
      manualTime.timePasses(TIMEOUT.minusMillis(1));
      parent.expectNoMessage(Duration.ofMillis(100));
      manualTime.timePasses(Duration.ofMillis(1));
      RetryingStep.GaveUp gaveUp = parent.expectMessageClass(RetryingStep.GaveUp.class);
      assertEquals(new RetryingStep.GaveUp(1, new RetryingStep.TimedOut(TIMEOUT)), gaveUp);
    } finally {
      release.countDown();
    }
    parent.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void theLateResultOfATimedOutAttemptIsIgnored() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch lateResultReturned = new CountDownLatch(1);
    run(RetryPolicy.atMost(3, TIMEOUT, BACKOFF), () -> {
      if (attempts.get() > 1) return "fresh";
      release.await(30, TimeUnit.SECONDS);
      lateResultReturned.countDown();
      return "late";
    });
    awaitFirstAttempt();
    manualTime.timePasses(TIMEOUT);
    release.countDown();
    assertTrue(lateResultReturned.await(5, TimeUnit.SECONDS));
    parent.expectNoMessage(Duration.ofMillis(200));

    advanceUntil(() -> attempts.get() == 2);
    assertEquals("fresh", parent.expectMessageClass(String.class));
    parent.expectNoMessage(Duration.ofMillis(100));
  }

  @Test
  void anUnboundedStepRetriesUntilItsParentStopsIt() {
    TestProbe<ActorRef<RetryingStep.Command>> children = testKit.createTestProbe();
    // A parent of the test's own, which stops when told to (as a session passivates).
    Behavior<String> owner = Behaviors.setup(ctx -> {
      children.getRef().tell(ctx.spawn(RetryingStep.untilSuccess("archive", () -> {
        attempts.incrementAndGet();
        throw new IllegalStateException("store unavailable");
      }, RetryPolicy.untilSuccess(TIMEOUT, BACKOFF), parent.getRef(), value -> value), "step"));
      return Behaviors.receiveMessage(stop -> Behaviors.stopped());
    });
    ActorRef<String> ownerRef = testKit.spawn(owner);
    ActorRef<RetryingStep.Command> step = children.receiveMessage();

    advanceUntil(() -> attempts.get() >= 6);
    ownerRef.tell("stop");
    parent.expectTerminated(step);
    int attemptsWhenStopped = attempts.get();
    manualTime.timePasses(Duration.ofMinutes(1));
    parent.expectNoMessage(Duration.ofMillis(200));
    assertEquals(attemptsWhenStopped, attempts.get(), "a stopped step tries no more");
  }

  /** Waits, without moving the clock, for the first attempt, which runs on a thread of its own. */
  private void awaitFirstAttempt() {
    await("the first attempt").atMost(Duration.ofSeconds(10)).until(() -> attempts.get() == 1);
  }

  /**
   * Moves the clock on in steps until {@code done}: the runner schedules its timers asynchronously.
   * Each step also waits 100 ms of real time (ManualTime lets the dispatchers settle).
   */
  private void advanceUntil(BooleanSupplier done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting");
      manualTime.timePasses(Duration.ofMillis(500));
    }
  }
}
