package io.parley.core.session;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Spreads over time the wakes nobody is waiting for. When a node restarts, or takes over a dead
 * node's shards, sharding restarts every session those shards remember at once; replaying them all
 * together would take the node's CPU for as long as the replays last (seconds per ten thousand
 * sessions) while the customers who come back wait behind them. Each such session instead takes
 * the next free slot, at most {@code perSecond} a second in the order they ask, and a session
 * someone asks for wakes at once regardless.
 */
public final class WakePacing {
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  private final AtomicLong nextSlot;

  public WakePacing(int perSecond, LongSupplier nanoTime) {
    if (perSecond <= 0) throw new IllegalArgumentException("perSecond must be positive, got " + perSecond);
    this.intervalNanos = 1_000_000_000L / perSecond;
    this.nanoTime = nanoTime;
    this.nextSlot = new AtomicLong(nanoTime.getAsLong());
  }

  public static WakePacing onSystemClock(int perSecond) {
    return new WakePacing(perSecond, System::nanoTime);
  }

  /** Takes the next free slot and says how long until it; slots left unused in a quiet spell are not saved up. */
  public Duration nextDelay() {
    long now = nanoTime.getAsLong();
    long slot = nextSlot.getAndAccumulate(now, (next, at) -> Math.max(next, at) + intervalNanos);
    return Duration.ofNanos(Math.max(slot, now) - now);
  }
}
