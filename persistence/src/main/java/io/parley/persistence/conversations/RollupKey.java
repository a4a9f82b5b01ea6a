package io.parley.persistence.conversations;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;

/**
 * The rollup row a conversation counts in: its tenant, the UTC hour it started in, its channel and
 * its language ({@code ""} when it has none). Ordered as the table's primary key, the order every
 * writer takes the rows' locks in, so that two transactions never wait for each other in a circle.
 */
record RollupKey(String tenant, Instant hour, String channel, String language) implements Comparable<RollupKey> {
  private static final Comparator<RollupKey> ORDER = Comparator.comparing(RollupKey::tenant)
      .thenComparing(RollupKey::hour).thenComparing(RollupKey::channel).thenComparing(RollupKey::language);

  public RollupKey {
    if (!hour.equals(hour.truncatedTo(ChronoUnit.HOURS))) throw new IllegalArgumentException("not an hour: " + hour);
  }

  public static RollupKey of(ConversationRow row) {
    return new RollupKey(row.tenant(), row.startedAt().truncatedTo(ChronoUnit.HOURS), row.channel(),
        row.language().orElse(""));
  }

  @Override
  public int compareTo(RollupKey other) {
    return ORDER.compare(this, other);
  }
}
