package io.parley.sessions.conversations;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map of at most a given number of entries that forgets the one least recently read or written
 * first: what a slice remembers of the sessions it folded last (their rows, their keys, their
 * terms), bounded however many sessions pass through it. Not thread-safe: one slice's handler uses
 * each, one batch at a time.
 */
final class RecentlyUsed {
  private RecentlyUsed() {}

  static <K, V> Map<K, V> atMost(int entries) {
    return new LinkedHashMap<>(entries, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > entries;
      }
    };
  }
}
