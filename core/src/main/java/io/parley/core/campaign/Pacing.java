package io.parley.core.campaign;

/**
 * How fast a campaign dials: at most {@code concurrent} calls at once (ringing or talking) and at
 * most {@code perMinute} new calls in any minute, so a campaign neither floods the trunk nor leaves
 * more callers talking than the tenant's people can take over.
 */
public record Pacing(int concurrent, int perMinute) {
  public static final int MAX_CONCURRENT = 100;
  public static final int MAX_PER_MINUTE = 600;

  public Pacing {
    if (concurrent < 1 || concurrent > MAX_CONCURRENT) {
      throw new IllegalArgumentException("pacing.concurrent is from 1 to " + MAX_CONCURRENT + ", got " + concurrent);
    }
    if (perMinute < 1 || perMinute > MAX_PER_MINUTE) {
      throw new IllegalArgumentException("pacing.perMinute is from 1 to " + MAX_PER_MINUTE + ", got " + perMinute);
    }
  }

  /** How many calls may start now, with {@code inFlight} under way and {@code startedLastMinute} started in the last 60 s. */
  public int startsAllowed(int inFlight, int startedLastMinute) {
    return Math.max(0, Math.min(concurrent - inFlight, perMinute - startedLastMinute));
  }
}
