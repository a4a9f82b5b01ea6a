package io.parley.core.memory;

import java.time.Instant;

/**
 * One remembered item: an episode (a past session's summary; {@code name} is {@code "episode"})
 * or a semantic fact ({@code name} is the fact's kind, e.g. {@code "order_number"}). {@code ordinal}
 * numbers the items a session left, so {@link #id()} names the item for a correction or a deletion.
 */
public record MemoryEntry(String kind, String name, String text, String sessionId, Instant at, int ordinal) {
  public static final String EPISODIC = "episodic";
  public static final String SEMANTIC = "semantic";

  public MemoryId id() {
    return new MemoryId(sessionId, ordinal);
  }
}
