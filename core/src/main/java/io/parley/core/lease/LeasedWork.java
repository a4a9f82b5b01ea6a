package io.parley.core.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work that one node of the cluster at a time does, claimed under leases the database holds: every
 * {@code pollEvery}, and at once when woken, it asks for what no node holds, claims each one this node
 * does not work on yet, and does the work of each claim it wins on a virtual thread of its own. What
 * the work does with its lease (renewing it, giving it back) is the work's own.
 *
 * <p>Thread-safe.
 *
 * @param <C> what is claimed, and what a won claim hands the work
 */
public final class LeasedWork<C extends Leased> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeasedWork.class);

  /** Where to look for what is to be worked on. */
  public interface Candidates<C> {
    /** At most {@code limit} of what no node holds at {@code now}. */
    List<C> claimable(Instant now, int limit);
  }

  /** How a lease is taken. */
  public interface Claims<C> {
    /** {@code candidate} claimed for this node until {@code until}, as the work is given it; empty when another node won it. */
    Optional<C> claim(C candidate, Instant now, Instant until);
  }

  /**
   * How often to look and how much to claim: {@code what} names what is looked for in the log,
   * {@code poller} the looking thread, {@code threads} with an id after it each work's thread;
   * {@code patience}: how long a work that is stopped is waited for.
   */
  public record Schedule(String what, String poller, String threads, Duration pollEvery, Duration lease,
      int claimsPerPoll, Duration patience) {}

  private final Schedule schedule;
  private final Candidates<C> candidates;
  private final Claims<C> claims;
  private final Consumer<C> work;
  private final Clock clock;
  private final ScheduledExecutorService poller;
  /** The work under way on this node, by tenant and id. */
  private final ConcurrentHashMap<String, Thread> running = new ConcurrentHashMap<>();

  public LeasedWork(Schedule schedule, Candidates<C> candidates, Claims<C> claims, Clock clock, Consumer<C> work) {
    this.schedule = schedule;
    this.candidates = candidates;
    this.claims = claims;
    this.work = work;
    this.clock = clock;
    this.poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(schedule.poller()).factory());
  }

  /** Starts looking, now and every {@code pollEvery}. */
  public void start() {
    poller.scheduleWithFixedDelay(this::poll, 0, schedule.pollEvery().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Looks at once (something just became due); nothing once closed. */
  public void wake() {
    if (!poller.isShutdown()) poller.execute(this::poll);
  }

  /** Stops the work on {@code tenant}'s {@code id} under way on this node, if any, waiting for it at most {@code patience}. */
  public void stop(String tenant, String id) throws InterruptedException {
    Thread working = running.get(key(tenant, id));
    if (working == null) return;
    working.interrupt();
    working.join(schedule.patience().toMillis());
  }

  private void poll() {
    try {
      for (C candidate : candidates.claimable(clock.instant(), schedule.claimsPerPoll())) {
        String key = key(candidate.tenant(), candidate.id());
        if (running.containsKey(key)) continue;
        Instant now = clock.instant();
        claims.claim(candidate, now, now.plus(schedule.lease()))
            .ifPresent(claim -> running.computeIfAbsent(key, k -> Thread.ofVirtual().name(schedule.threads() + claim.id())
                .unstarted(() -> run(key, claim))).start());
      }
    } catch (RuntimeException e) {
      LOG.warn("Looking for {} failed; trying again in {}", schedule.what(), schedule.pollEvery(), e);
    }
  }

  private void run(String key, C claim) {
    try {
      work.accept(claim);
    } finally {
      running.remove(key);
    }
  }

  private static String key(String tenant, String id) {
    return tenant + "/" + id;
  }

  /** Stops looking and interrupts the work under way, waiting for each at most {@code patience}. */
  @Override
  public void close() {
    poller.shutdownNow();
    running.values().forEach(Thread::interrupt);
    for (Thread thread : List.copyOf(running.values())) {
      try {
        thread.join(schedule.patience().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
