package io.parley.voice.speech;

/** A running synthesis. */
public interface Synthesis {
  /** Stops it mid-sentence; no listener call follows. Idempotent. */
  void cancel();
}
