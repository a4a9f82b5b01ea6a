package io.parley.persistence.memory;

import io.parley.core.memory.MemoryEntry;
import java.time.Instant;

/** A row of {@code user_memory} as recall sees it: the entry, where it came from, and its vector. */
record StoredMemory(MemoryEntry entry, Instant sessionClosedAt, int ordinal, float[] embedding) {

  boolean isFact() {
    return MemoryEntry.SEMANTIC.equals(entry.kind());
  }

  /** Whether this memory is newer than {@code other}: later session, then later in it. */
  boolean isNewerThan(StoredMemory other) {
    int bySession = sessionClosedAt.compareTo(other.sessionClosedAt);
    if (bySession != 0) return bySession > 0;
    int byTime = entry.at().compareTo(other.entry.at());
    if (byTime != 0) return byTime > 0;
    return ordinal > other.ordinal;
  }
}
