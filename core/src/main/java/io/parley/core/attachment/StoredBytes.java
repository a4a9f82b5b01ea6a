package io.parley.core.attachment;

/**
 * The bytes of the files a tenant's conversations hold, which its storage quota bounds: counted up
 * when a file is stored, down when one is deleted (erasure, retention, an upload undone). Shared by
 * every node. Blocking: call it off the actor threads.
 */
public interface StoredBytes {
  /**
   * Counts {@code bytes} more for {@code tenant} if that keeps it within {@code quota} ({@code 0}:
   * none); whether it did.
   */
  boolean add(String tenant, long bytes, long quota);

  /** Counts {@code bytes} fewer for {@code tenant}, never below none. */
  void remove(String tenant, long bytes);

  /** For a node or a test that counts nothing: every file fits. */
  static StoredBytes uncounted() {
    return new StoredBytes() {
      @Override
      public boolean add(String tenant, long bytes, long quota) {
        return true;
      }

      @Override
      public void remove(String tenant, long bytes) {}
    };
  }
}
