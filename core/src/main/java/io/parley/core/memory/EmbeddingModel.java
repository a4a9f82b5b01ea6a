package io.parley.core.memory;

/** Port to a sentence-embedding model: text in, a unit-length vector out, computed in process. */
public interface EmbeddingModel {
  int dimensions();

  /** The normalized embedding of {@code text}; cosine similarity is then a dot product. */
  float[] embed(String text);

  /** The cosine similarity of two embeddings: their dot product, since both are unit vectors. */
  static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalStateException("Cannot compare embeddings of " + a.length + " and " + b.length + " dimensions");
    }
    double dot = 0;
    for (int i = 0; i < a.length; i++) dot += a[i] * b[i];
    return dot;
  }
}
