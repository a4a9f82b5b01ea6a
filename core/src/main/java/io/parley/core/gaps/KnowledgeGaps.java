package io.parley.core.gaps;

/**
 * Port where sessions leave the questions their bot could not answer. {@link #record} must not
 * block: a session calls it from its actor, and the question is stored (with its embedding) later.
 */
public interface KnowledgeGaps {
  void record(UnansweredQuestion question);

  /** Keeps nothing: a node without a database, and tests that do not look. */
  static KnowledgeGaps none() {
    return question -> {};
  }
}
