package io.parley.core.memory;

import java.util.List;

/**
 * Port to long-term memory per user, always scoped by tenant. Episodic memory is what happened in
 * a past conversation (its summary); semantic memory is what is known about the user (its
 * pinned facts). Implementations block (JDBC, embeddings): call them off the actor threads.
 */
public interface UserMemory {
  /** Stores what a closed session leaves behind; idempotent per session (a retry replaces, never duplicates). */
  void remember(SessionMemory memory);

  /** The user's memories most relevant to {@code query}, best first, at most {@code limit}. */
  List<MemoryHit> recall(String tenant, String userId, String query, int limit);

  /** Everything remembered about the user, newest first. */
  List<MemoryEntry> all(String tenant, String userId);

  /**
   * Replaces the text of one remembered item, as the customer or the tenant's staff corrected it;
   * what is recalled from then on is the corrected text. Returns whether the user has that item.
   */
  boolean correct(String tenant, String userId, MemoryId id, String text);

  /** Forgets one remembered item; returns whether the user had it. */
  boolean forget(String tenant, String userId, MemoryId id);

  /** Forgets everything remembered about the user (erasure); returns how many memories were deleted. */
  int forget(String tenant, String userId);

  /** Forgets what these sessions (by wire id) left behind (retention); returns how many memories were deleted. */
  int forgetSessions(String tenant, List<String> sessionIds);
}
