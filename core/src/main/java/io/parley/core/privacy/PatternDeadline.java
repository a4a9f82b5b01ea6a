package io.parley.core.privacy;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Until when a tenant's own patterns may run on the texts of one piece of work (a turn's prompt),
 * on {@code nanoTime}'s scale, and who hears of each pattern skipped once that time has passed. A
 * tenant's pattern runs in time linear in the text (RE2, {@code TenantRegex}), and every text is
 * bounded in size, so the time is checked between patterns, never inside one: one pattern over one
 * text is the most a deadline can be overrun by. The node's built-in patterns are not skipped.
 */
public record PatternDeadline(long atNanos, LongSupplier nanoTime, Consumer<TenantPattern> skipped) {
  private static final PatternDeadline NONE = new PatternDeadline(Long.MAX_VALUE, () -> 0L, pattern -> {});

  /** No deadline: every pattern runs (work already off the sessions' threads, or a tenant's own tests). */
  public static PatternDeadline none() {
    return NONE;
  }

  /** {@code limit} from now on {@code nanoTime}; each pattern skipped after it is told to {@code skipped}. */
  public static PatternDeadline after(Duration limit, LongSupplier nanoTime, Consumer<TenantPattern> skipped) {
    return new PatternDeadline(nanoTime.getAsLong() + limit.toNanos(), nanoTime, skipped);
  }

  /** Whether the time is up; read the way System.nanoTime must be, so a wrapping clock compares right. */
  boolean passed() {
    return nanoTime.getAsLong() - atNanos >= 0;
  }
}
