package io.parley.core.campaign;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a campaign is: {@code running} (its leads are dialled), {@code paused} (none is dialled
 * until resumed; calls under way go on), {@code stopped} (for good, its leads left uncalled), or
 * {@code finished} (every lead has its final outcome).
 */
public enum CampaignStatus {
  RUNNING, PAUSED, STOPPED, FINISHED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<CampaignStatus> ofWireName(String name) {
    return Arrays.stream(values()).filter(status -> status.wireName().equals(name)).findFirst();
  }

  /** The status an admin's {@code action} (pause, resume, stop) moves this one to; empty when it cannot. */
  public Optional<CampaignStatus> after(String action) {
    return switch (action) {
      case "pause" -> this == RUNNING ? Optional.of(PAUSED) : Optional.empty();
      case "resume" -> this == PAUSED ? Optional.of(RUNNING) : Optional.empty();
      case "stop" -> this == RUNNING || this == PAUSED ? Optional.of(STOPPED) : Optional.empty();
      default -> Optional.empty();
    };
  }
}
