package io.parley.core.cache;

/** What the cache had for a question: an answer to reuse, or what storing the coming answer needs. */
public sealed interface Lookup {
  /**
   * A reusable answer. {@code exact} when the question matched word for word, otherwise
   * {@code similarity} is the cosine of the two questions' embeddings; {@code tokensSaved} is
   * what the model spent on the original answer.
   */
  record Hit(String answer, boolean exact, double similarity, int tokensSaved) implements Lookup {}

  /**
   * Nothing close enough. {@code scopeKey} is the scope as the store resolved it (knowledge-base
   * revision included) at lookup time, so an answer stored later is filed under what it was
   * actually based on, never under a newer revision.
   */
  record Miss(String tenant, String scopeKey, String questionKey, float[] embedding) implements Lookup {}

  /** The cache is off for this turn: nothing to reuse, nothing to store. */
  record Off() implements Lookup {}
}
