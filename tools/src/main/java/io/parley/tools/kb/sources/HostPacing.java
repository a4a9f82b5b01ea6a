package io.parley.tools.kb.sources;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The node's rate per host: requests to one host at least {@code interval} apart, whichever
 * source asks, so that a site with several sources is not asked faster. A caller waits for its slot
 * (a sync runs on a virtual thread of its own; the wait parks it).
 */
final class HostPacing {
  private final long intervalNanos;
  private final LongSupplier nanoTime;
  /** Each host's next free slot; guarded by this. */
  private final Map<String, Long> nextSlot = new HashMap<>();

  HostPacing(Duration interval, LongSupplier nanoTime) {
    this.intervalNanos = interval.toNanos();
    this.nanoTime = nanoTime;
  }

  void await(String host) throws InterruptedException {
    if (intervalNanos == 0) return;
    long slot;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      slot = Math.max(now, nextSlot.getOrDefault(host.toLowerCase(Locale.ROOT), now));
      nextSlot.put(host.toLowerCase(Locale.ROOT), slot + intervalNanos);
    }
    long wait = slot - nanoTime.getAsLong();
    if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
  }
}
