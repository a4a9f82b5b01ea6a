package io.parley.persistence.embedding;

import java.nio.file.Path;

/**
 * Where the embedding model's tokenizer (DJL's HuggingFace tokenizers) keeps its native library.
 * DJL unpacks it once into {@code ENGINE_CACHE_DIR}, else {@code DJL_CACHE_DIR}, else
 * {@code ~/.djl.ai}; a node points it into its model cache, beside its other models' libraries,
 * so that nothing lands in the home directory of whoever runs it.
 */
public final class TokenizerLibraries {
  static final String ENGINE_CACHE_DIR = "ENGINE_CACHE_DIR";
  private static final String DJL_CACHE_DIR = "DJL_CACHE_DIR";

  private TokenizerLibraries() {}

  /**
   * Makes DJL unpack under {@code cacheDir/djl}; call before the model loads. Leaves an operator's
   * {@code ENGINE_CACHE_DIR} or {@code DJL_CACHE_DIR} (variable or system property) alone.
   *
   * @return whether this call chose the directory
   */
  public static synchronized boolean unpackInto(Path cacheDir) {
    for (String setting : new String[] {ENGINE_CACHE_DIR, DJL_CACHE_DIR}) {
      if (System.getenv(setting) != null || System.getProperty(setting) != null) return false;
    }
    System.setProperty(ENGINE_CACHE_DIR, cacheDir.resolve("djl").toString());
    return true;
  }
}
