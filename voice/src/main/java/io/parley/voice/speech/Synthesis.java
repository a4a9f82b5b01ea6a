package io.parley.core.voice;

/** A running synthesis. */
public interface Synthesis {
  /** Stops it mid-sentence; no listener call follows. Idempotent. */
  void cancel();
}
