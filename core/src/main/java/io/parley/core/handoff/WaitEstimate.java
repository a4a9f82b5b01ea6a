package io.parley.core.handoff;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How long a customer in the agent queue may expect to wait, from how long the tenant's recent
 * customers waited to be picked up: the median of the last {@value #WINDOW} waits (one slow
 * afternoon does not swing it as an average would), {@link #NO_HISTORY} before there are any. The
 * customer at place {@code n} waits about {@code ceil(n / agents)} such pick-ups; the answer is in
 * whole minutes, at least one, because that is how it is told.
 */
public final class WaitEstimate {
  public static final int WINDOW = 20;
  public static final Duration NO_HISTORY = Duration.ofMinutes(3);

  private WaitEstimate() {}

  /** The recent waits, oldest first, with {@code wait} added and the oldest beyond the window dropped. */
  public static List<Duration> withPickup(List<Duration> recent, Duration wait) {
    List<Duration> waits = new ArrayList<>(recent);
    waits.add(wait.isNegative() ? Duration.ZERO : wait);
    return List.copyOf(waits.subList(Math.max(0, waits.size() - WINDOW), waits.size()));
  }

  /** The median of {@code recent}, or {@link #NO_HISTORY} when empty. */
  public static Duration typicalWait(List<Duration> recent) {
    if (recent.isEmpty()) return NO_HISTORY;
    List<Duration> sorted = recent.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : sorted.get(middle - 1).plus(sorted.get(middle)).dividedBy(2);
  }

  /** Expected minutes for the customer at {@code position} (1 is next) with {@code agentsOnline} agents. */
  public static int minutes(int position, int agentsOnline, List<Duration> recent) {
    if (position < 1) throw new IllegalArgumentException("position starts at 1, got " + position);
    int rounds = (position + Math.max(1, agentsOnline) - 1) / Math.max(1, agentsOnline);
    long seconds = typicalWait(recent).toSeconds() * rounds;
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (seconds + 59) / 60));
  }
}
