package io.parley.voice.phone;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The highest nonce count (RFC 7616 §3.4 {@code nc}) each nonce has been used with, so a request
 * that repeats or goes back on a count is known as a replay. Only counts of verified responses are
 * recorded: only a holder of the password adds entries. A nonce is forgotten once it has expired
 * (it is refused as stale from then on anyway), and at most {@code capacity} are remembered: past
 * that, a nonce not yet seen is refused rather than a remembered one forgotten, since forgetting
 * would reopen that nonce to replay. Thread-safe.
 */
final class NonceCounts {
  private record Use(long count, Instant expires) {}

  private final int capacity;
  /** In the order of first use, which is about the order of expiry: pruning looks at the oldest only. */
  private final Map<String, Use> uses = new LinkedHashMap<>();

  NonceCounts(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Records {@code count} for {@code nonce} when it is above every count the nonce was used with;
   * {@code expires}: when the nonce does.
   *
   * @return whether the count was new (false: a repeat, a lower count, or no room for another nonce)
   */
  synchronized boolean advance(String nonce, long count, Instant expires, Instant now) {
    forgetExpired(now);
    Use last = uses.get(nonce);
    if (last != null && count <= last.count()) return false;
    if (last == null && uses.size() >= capacity) return false;
    uses.put(nonce, new Use(count, expires));
    return true;
  }

  synchronized int size() {
    return uses.size();
  }

  private void forgetExpired(Instant now) {
    Iterator<Use> oldest = uses.values().iterator();
    while (oldest.hasNext()) {
      if (!oldest.next().expires().isBefore(now)) return;
      oldest.remove();
    }
  }
}
