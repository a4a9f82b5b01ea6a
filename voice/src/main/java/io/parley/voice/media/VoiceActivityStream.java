package io.parley.voice.media;

/** One caller's voice-activity detection; called from one thread at a time. */
public interface VoiceActivityStream extends AutoCloseable {
  /**
   * The probability (0..1) that the caller is speaking in this frame (mono PCM16 at the detector's
   * rate, usually 20 ms). Detectors that work on longer windows answer from the latest full window.
   */
  double speechProbability(short[] frame);

  @Override
  void close();
}
