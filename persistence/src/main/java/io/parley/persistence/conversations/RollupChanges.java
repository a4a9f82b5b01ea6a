package io.parley.persistence.conversations;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one transaction's writes of conversation rows change in their rollups: for every row
 * written or deleted, its new share minus its old one, summed per rollup row. Applied once, at the
 * end of the transaction, in key order ({@link RollupKey}), so the rollup rows are locked from
 * then until the commit only, and by every writer in the same order.
 */
public final class RollupChanges {
  private final SortedMap<RollupKey, RollupCounts> changes = new TreeMap<>();

  /**
   * A conversation row went from {@code before} to {@code after} (none: it did not exist, or no
   * longer does). Only a {@link ConversationRow#counted} row has a share: a session counts from its
   * customer's first message on, and a test never.
   */
  public void replaced(Optional<ConversationRow> before, Optional<ConversationRow> after) {
    before.filter(ConversationRow::counted).ifPresent(row -> changes.merge(RollupKey.of(row), RollupCounts.NONE.minus(RollupCounts.of(row)), RollupCounts::plus));
    after.filter(ConversationRow::counted).ifPresent(row -> changes.merge(RollupKey.of(row), RollupCounts.of(row), RollupCounts::plus));
  }

  /** The changes that move some figure, by rollup row, in key order. */
  public SortedMap<RollupKey, RollupCounts> pending() {
    SortedMap<RollupKey, RollupCounts> moving = new TreeMap<>();
    changes.forEach((key, change) -> {
      if (!change.isNone()) moving.put(key, change);
    });
    return Collections.unmodifiableSortedMap(moving);
  }

  /** Adds the changes to their rollup rows on the caller's transaction, and forgets them. */
  public void apply(Connection connection) throws SQLException {
    ConversationRollup.add(connection, pending());
    changes.clear();
  }
}
