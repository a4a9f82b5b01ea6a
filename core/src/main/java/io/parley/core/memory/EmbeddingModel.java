package io.parley.core.memory;

/** Port to a sentence-embedding model: text in, a unit-length vector out, computed in process. */
public interface EmbeddingModel {
  int dimensions();

  /** The normalized embedding of {@code text}; cosine similarity is then a dot product. */
  float[] embed(String text);
}
