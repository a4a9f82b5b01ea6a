package io.parley.voice.speech;

/**
 * One caller's audio on its way to a recogniser. Methods are called from one thread at a time and
 * never block on the engine: an engine that needs time queues the work.
 */
public interface RecognitionStream {
  /** The next frame of the current utterance: mono PCM16 at the engine's sample rate, usually 20 ms. */
  void accept(short[] frame);

  /**
   * The caller stopped speaking: the engine reports the utterance's final transcript (possibly empty)
   * and starts a new utterance with the next frame.
   */
  void endUtterance();

  /**
   * The caller speaks {@code language} (ISO 639-1) from the next utterance on: a service is told it
   * with each upload, a local engine changes to the model of that language when it has one.
   */
  default void hear(String language) {}

  /**
   * Whether audio accepted is still waiting for the engine (a loaded node): the words reported so
   * far are behind what the caller said. An engine without partial words never is.
   */
  default boolean behind() {
    return false;
  }

  /** Drops what is queued and releases the engine; no listener call follows. Idempotent. */
  void close();

  /**
   * Milliseconds of audio sent to an engine that bills by it (a premium service) since last asked;
   * an engine of the node's own bills nothing.
   */
  default long takeBilledMillis() {
    return 0;
  }
}
