package io.parley.voice.media;

/**
 * Port to a voice-activity detector: tells speech from silence and noise, frame by frame. One
 * {@link VoiceActivityStream} per caller, since detectors keep state between frames.
 */
public interface VoiceActivityDetector {
  /** A short name for logs and metrics labels, e.g. {@code silero} or {@code energy}. */
  String name();

  /** The engine's own rate: that of the PCM16 frames the streams take, in Hz. */
  int sampleRate();

  /**
   * The rate to give this detector audio recorded at {@code audioRate}: that rate itself if the
   * detector judges it as it is, else {@link #sampleRate()}. Its streams take either.
   */
  default int sampleRateFor(int audioRate) {
    return sampleRate();
  }

  VoiceActivityStream open();
}
