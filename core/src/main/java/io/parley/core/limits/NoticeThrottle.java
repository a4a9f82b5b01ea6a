package io.parley.core.limits;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Keeps a log readable under a flood: one notice per key (a source address, say) per
 * {@code interval}, and the next one says how many were held back meanwhile. At most
 * {@code maxKeys} keys are remembered; past that, keys not yet remembered share one. Thread-safe;
 * given the time, so tested without sleeping.
 */
public final class NoticeThrottle {
  /** The key that new keys share once {@code maxKeys} are remembered. */
  public static final String OTHERS = "others";

  private record Window(Instant opened, int held) {}

  private final Duration interval;
  private final int maxKeys;
  private final Map<String, Window> windows = new HashMap<>();

  public NoticeThrottle(Duration interval, int maxKeys) {
    if (interval.isNegative() || interval.isZero() || maxKeys < 1) {
      throw new IllegalArgumentException("need a positive interval and maxKeys >= 1");
    }
    this.interval = interval;
    this.maxKeys = maxKeys;
  }

  /** One notice a minute per key, remembering up to 10,000 keys. */
  public static NoticeThrottle perMinute() {
    return new NoticeThrottle(Duration.ofMinutes(1), 10_000);
  }

  /**
   * Whether to give the notice for {@code key} now: the number of notices held back since the last
   * one given, or empty to keep quiet.
   */
  public synchronized OptionalInt notice(String key, Instant now) {
    if (!windows.containsKey(key) && windows.size() >= maxKeys) {
      windows.values().removeIf(window -> !now.isBefore(window.opened().plus(interval)));
      if (windows.size() >= maxKeys) key = OTHERS;
    }
    Window window = windows.get(key);
    if (window == null || !now.isBefore(window.opened().plus(interval))) {
      windows.put(key, new Window(now, 0));
      return OptionalInt.of(window == null ? 0 : window.held());
    }
    windows.put(key, new Window(window.opened(), window.held() + 1));
    return OptionalInt.empty();
  }
}
