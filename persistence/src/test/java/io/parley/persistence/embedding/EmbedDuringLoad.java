package io.parley.persistence.embedding;

import java.util.StringJoiner;

/**
 * Run in a JVM of its own by {@link MiniLmEmbeddingModelTest}: the model is one per JVM, so only a
 * fresh one can start loading it in the background and embed before the load is done. Prints the
 * vector, one number per line.
 */
public final class EmbedDuringLoad {
  private EmbedDuringLoad() {}

  public static void main(String[] args) {
    float[] vector = new MiniLmEmbeddingModel().loadInBackground().embed(args[0]);
    StringJoiner lines = new StringJoiner("\n");
    for (float value : vector) lines.add(Float.toString(value));
    System.out.println(lines);
  }
}
