package io.parley.http.cluster;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * At most one notice of a kind every {@code interval} nanoseconds, and never the last one lost: a
 * change within the interval of the one before is sent at the interval's end, once however many come
 * meanwhile. Keyed by what is throttled (a tenant and a kind); the keys are bounded by the tenants.
 */
final class ChangeThrottle {
  /** Nothing to send: a notice of the key is already due. */
  static final long ALREADY_DUE = -1;

  private final long interval;
  private final Map<String, Long> due = new HashMap<>();
  private final Set<String> waiting = new HashSet<>();

  ChangeThrottle(long interval) {
    this.interval = interval;
  }

  /**
   * A change of {@code key} at {@code now}: the nanoseconds to wait before its notice is sent (0: at
   * once), or {@link #ALREADY_DUE} when one is waiting already; a wait ends with {@link #sent}.
   */
  synchronized long changed(String key, long now) {
    if (waiting.contains(key)) return ALREADY_DUE;
    Long last = due.get(key);
    if (last == null || now - last >= interval) {
      due.put(key, now);
      return 0;
    }
    waiting.add(key);
    due.put(key, last + interval);
    return last + interval - now;
  }

  /** The notice that waited for {@code key} was sent. */
  synchronized void sent(String key) {
    waiting.remove(key);
  }
}
