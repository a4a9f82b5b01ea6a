package io.parley.tools;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How often each tenant's turns called each tool on this node since it started, and how often an
 * attempt failed: what a tenant's admin reads of a tool's health beside its breaker
 * (docs/tools.md#what-the-admin-sees). Every attempt counts, a retry included, and a call its
 * breaker refused counts as a failure. Counting is two adders and two times per attempt, kept by
 * tenant and tool name: nothing that locks or waits on a turn's path.
 */
public final class ToolCallCounts {
  /** What was counted of one tool for one tenant; {@code lastCall} and {@code lastFailure} empty until there was one. */
  public record Counts(long calls, long failures, Optional<Instant> lastCall, Optional<Instant> lastFailure) {
    public static final Counts NONE = new Counts(0, 0, Optional.empty(), Optional.empty());
  }

  private record Key(String tenant, String tool) {}

  private static final class Tally {
    final LongAdder calls = new LongAdder();
    final LongAdder failures = new LongAdder();
    volatile Instant lastCall;
    volatile Instant lastFailure;
  }

  private final Map<Key, Tally> tallies = new ConcurrentHashMap<>();
  private final Clock clock;
  private final Instant since;

  public ToolCallCounts(Clock clock) {
    this.clock = clock;
    this.since = clock.instant();
  }

  /** When this node began counting. */
  public Instant since() {
    return since;
  }

  /** {@code tool}, each run counted for the tenant of the invocation. */
  public Tool counted(Tool tool) {
    String name = tool.definition().name();
    return Tool.of(tool.definition(), invocation -> {
      Tally tally = tallies.computeIfAbsent(new Key(invocation.tenant(), name), key -> new Tally());
      tally.calls.increment();
      tally.lastCall = clock.instant();
      try {
        return tool.run(invocation);
      } catch (RuntimeException e) {
        tally.failures.increment();
        tally.lastFailure = clock.instant();
        throw e;
      }
    });
  }

  /** What was counted of {@code tool} for {@code tenant} on this node. */
  public Counts of(String tenant, String tool) {
    Tally tally = tallies.get(new Key(tenant, tool));
    if (tally == null) return Counts.NONE;
    return new Counts(tally.calls.sum(), tally.failures.sum(), Optional.ofNullable(tally.lastCall),
        Optional.ofNullable(tally.lastFailure));
  }
}
