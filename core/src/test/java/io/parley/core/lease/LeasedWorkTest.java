package io.parley.core.lease;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The work of each claim this node wins runs once on a thread of its own, not again while it runs
 * however often the node looks; what another node holds is not worked on; stopping and closing
 * interrupt the work under way.
 */
class LeasedWorkTest {
  private record Source(String tenant, String id) implements Leased {}

  private static final Source A = new Source("acme", "a");
  private static final Source B = new Source("acme", "b");
  private static final Source HELD = new Source("acme", "held");

  private final List<String> started = new CopyOnWriteArrayList<>();
  private final Set<String> interrupted = ConcurrentHashMap.newKeySet();
  private final CountDownLatch release = new CountDownLatch(1);

  private LeasedWork<Source> work() {
    LeasedWork.Schedule schedule = new LeasedWork.Schedule("sources", "test-poller", "test-work-", Duration.ofHours(1),
        Duration.ofSeconds(30), 10, Duration.ofSeconds(5));
    return new LeasedWork<>(schedule, (now, limit) -> List.of(A, B, HELD),
        (candidate, now, until) -> candidate == HELD ? Optional.empty() : Optional.of(candidate),
        Clock.systemUTC(), source -> {
          started.add(source.id() + " on " + Thread.currentThread().getName());
          try {
            release.await();
          } catch (InterruptedException e) {
            interrupted.add(source.id());
          }
        });
  }

  @Test
  void eachClaimWonIsWorkedOnOnceOnAThreadOfItsOwn() {
    try (LeasedWork<Source> work = work()) {
      work.start();
      await("both claims worked on").until(() -> started.size() == 2);
      work.wake();
      work.wake();
      await("the looks after the first done").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
          .until(() -> started.size() == 2);
      assertEquals(Set.of("a on test-work-a", "b on test-work-b"), Set.copyOf(started));
      release.countDown();
    }
  }

  @Test
  void stoppingAndClosingInterruptTheWorkUnderWay() throws InterruptedException {
    LeasedWork<Source> work = work();
    work.start();
    await("both claims worked on").until(() -> started.size() == 2);
    work.stop("acme", "a");
    assertEquals(Set.of("a"), interrupted);
    work.close();
    assertEquals(Set.of("a", "b"), interrupted);
    work.wake();
    assertEquals(2, started.size(), "a wake once closed looks for nothing, and throws nothing");
  }
}
